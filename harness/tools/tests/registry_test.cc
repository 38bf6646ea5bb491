#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>

#include "tool_adapter.h"

namespace heapbound {
namespace {

using ::testing::HasSubstr;

TEST(ToolRegistry, KnowsTheThreeTools) {
  EXPECT_EQ(ToolNames(),
            (std::vector<std::string>{"massif", "heaptrack", "track"}));
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

TEST(ToolRegistry, MissingToolNamesDebianPackage) {
  WithPath("/nonexistent", [] {
    EXPECT_EQ(MakeToolAdapter("massif")->Unavailable(),
              "valgrind not found on PATH (Debian package: valgrind)");
    EXPECT_EQ(MakeToolAdapter("heaptrack")->Unavailable(),
              "heaptrack not found on PATH (Debian package: heaptrack)");
  });
}

TEST(ToolRegistry, HeaptrackWithoutZstdIsUnavailable) {
  // Without zstd the heaptrack script writes gzip, which we do not read.
  std::string dir = ::testing::TempDir() + "/heapbound_only_heaptrack";
  mkdir(dir.c_str(), 0755);
  std::string link = dir + "/heaptrack";
  unlink(link.c_str());
  ASSERT_EQ(symlink("/bin/true", link.c_str()), 0);
  WithPath(dir.c_str(), [] {
    EXPECT_THAT(MakeToolAdapter("heaptrack")->Unavailable(),
                HasSubstr("zstd not found on PATH (Debian package: zstd)"));
  });
  unlink(link.c_str());
  rmdir(dir.c_str());
}

}  // namespace
}  // namespace heapbound
