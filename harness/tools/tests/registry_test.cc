#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "golden_paths.h"
#include "program_lookup.h"
#include "tool_adapter.h"

namespace heapbound {
namespace {

using ::testing::HasSubstr;

TEST(ToolRegistry, KnowsTheFourTools) {
  EXPECT_EQ(ToolNames(),
            (std::vector<std::string>{"massif", "heaptrack", "track", "rss"}));
  for (const std::string& name : ToolNames()) {
    std::unique_ptr<ToolAdapter> tool = MakeToolAdapter(name);
    ASSERT_NE(tool, nullptr) << name;
    EXPECT_EQ(tool->name(), name);
    EXPECT_FALSE(tool->debian_package().empty());
  }
  EXPECT_EQ(MakeToolAdapter("memcheck"), nullptr);
}

// Runs `fn` with PATH set to `path`, then restores it.
template <typename Fn>
void WithPath(const char* path, Fn fn) {
  const char* old = std::getenv("PATH");
  std::string saved = old != nullptr ? old : "";
  setenv("PATH", path, 1);
  fn();
  setenv("PATH", saved.c_str(), 1);
}

TEST(ToolRegistry, EachToolReportsItsVersion) {
  EXPECT_EQ(MakeToolAdapter("track")->Version(),
            "heapbound_track " HEAPBOUND_VERSION);
  for (const char* name : {"massif", "heaptrack"}) {
    std::unique_ptr<ToolAdapter> tool = MakeToolAdapter(name);
    if (!tool->Unavailable().empty()) continue;
    EXPECT_THAT(tool->Version(),
                ::testing::MatchesRegex("(valgrind-|heaptrack )[0-9]+\\.[0-9]+"
                                        "\\.[0-9]+"))
        << name;
  }
  WithPath("/nonexistent",
           [] { EXPECT_EQ(MakeToolAdapter("massif")->Version(), "unknown"); });
  EXPECT_EQ(VersionLine({"false"}), "unknown");  // exits 1
}

TEST(ToolRegistry, MissingToolNamesDebianPackage) {
  WithPath("/nonexistent", [] {
    EXPECT_EQ(MakeToolAdapter("massif")->Unavailable(),
              "valgrind not found on PATH (Debian package: valgrind)");
    EXPECT_EQ(MakeToolAdapter("heaptrack")->Unavailable(),
              "heaptrack not found on PATH (Debian package: heaptrack)");
  });
}

// The programs the heaptrack script runs (heaptrack.cc).
const std::vector<std::string> kHeaptrackNeeds = {
    "heaptrack", "readlink", "dirname", "sed", "hostname",
    "mkdir",     "mkfifo",   "rm",      "zstd"};

// Fills a folder in the build tree with links to every program heaptrack
// needs except `missing`, and returns it (for PATH).
std::string PathWithout(const std::string& missing) {
  std::string dir = ScratchDir() + "/path_without_" + missing;
  std::filesystem::create_directories(dir);
  for (const std::string& program : kHeaptrackNeeds) {
    std::string target = FindOnPath(program);
    std::string link = dir + "/" + program;
    unlink(link.c_str());
    if (program == missing || target.empty()) continue;
    EXPECT_EQ(symlink(target.c_str(), link.c_str()), 0) << link;
  }
  return dir;
}

class HeaptrackNeeds : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const std::string& program : kHeaptrackNeeds) {
      if (FindOnPath(program).empty()) {
        GTEST_SKIP() << program << " is not installed here";
      }
    }
  }
};

TEST_F(HeaptrackNeeds, EveryProgramOfTheScriptIsChecked) {
  // Once only heaptrack and zstd were: without readlink the script wrote a
  // 13-byte heaptrack..<pid>.zst into the current directory.
  const std::pair<const char*, const char*> kCases[] = {
      {"readlink", "readlink not found on PATH (Debian package: coreutils)"},
      {"mkfifo", "mkfifo not found on PATH (Debian package: coreutils)"},
      {"sed", "sed not found on PATH (Debian package: sed)"},
      {"hostname", "hostname not found on PATH (Debian package: hostname)"},
      {"zstd", "zstd not found on PATH (Debian package: zstd)"},
  };
  for (const auto& [missing, message] : kCases) {
    SCOPED_TRACE(missing);
    std::string dir = PathWithout(missing);
    WithPath(dir.c_str(), [&] {
      EXPECT_THAT(MakeToolAdapter("heaptrack")->Unavailable(),
                  HasSubstr(message));
    });
  }
  std::string all = PathWithout("");
  WithPath(all.c_str(),
           [] { EXPECT_EQ(MakeToolAdapter("heaptrack")->Unavailable(), ""); });
}

TEST(HeaptrackAdapter, OutputPathIsAbsolute) {
  std::vector<std::string> argv =
      MakeToolAdapter("heaptrack")->Wrap({"/bin/true"}, "out/raw/job");
  ASSERT_EQ(argv.size(), 4u);
  EXPECT_EQ(
      argv[2],
      (std::filesystem::current_path() / "out/raw/job.heaptrack").string());
}

TEST(ToolRegistry, OneTableGivesEveryFact) {
  EXPECT_EQ(ExactToolNames(),
            (std::vector<std::string>{"massif", "heaptrack", "track"}));
  EXPECT_EQ(ToolNamesText(), "massif, heaptrack, track or rss");
  EXPECT_EQ(ToolCostFactor("massif"), 40);
  EXPECT_EQ(ToolCostFactor("heaptrack"), 4);
  EXPECT_EQ(ToolCostFactor("track"), 1);
  EXPECT_EQ(ToolCostFactor("rss"), 1);
  EXPECT_EQ(ToolCostFactor("unknown"), 1);
  for (const auto& tool : AllToolAdapters()) {
    EXPECT_FALSE(tool->summary().empty()) << tool->name();
    EXPECT_EQ(tool->summary().find('\n'), std::string::npos);
  }
}

}  // namespace
}  // namespace heapbound
