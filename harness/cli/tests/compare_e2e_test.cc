// End-to-end checks of comparing runs: the provenance a real run records,
// `heapbound compare` on real results and `heapbound run --baseline`.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "child_process.h"
#include "e2e_support.h"
#include "provenance.h"

namespace heapbound {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::StartsWith;

class CompareE2E : public HeapboundTestDir {
 protected:
  CompareE2E() : HeapboundTestDir("heapbound-compare") {}
};

// Returns `git -C <source dir> args...`'s first line of stdout.
std::string GitLine(std::vector<std::string> args) {
  args.insert(args.begin(), {"git", "-C", HEAPBOUND_SOURCE_DIR});
  int status = -1;
  std::string out = RunAndCapture(args, &status);
  return out.substr(0, out.find('\n'));
}

TEST_F(CompareE2E, RunRecordsItsProvenance) {
  Outcome run =
      Heapbound(TinyRunArgs(out_, {"--quiet", "--case", "chunk", "--tool",
                                   "track", "--tool", "massif"}));
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  nlohmann::json results = Results();
  const nlohmann::json& p = results["provenance"];
  EXPECT_EQ(p["heapbound_version"], HEAPBOUND_VERSION);
  EXPECT_EQ(p["git_commit"], GitLine({"rev-parse", "HEAD"}));
  EXPECT_EQ(
      p["git_dirty"],
      !GitLine({"status", "--porcelain", "--untracked-files=normal"}).empty());
  EXPECT_EQ(p["bounds_file"], HEAPBOUND_BOUNDS_TOML);
  EXPECT_EQ(p["bounds_hash"], FileXxh64(HEAPBOUND_BOUNDS_TOML));
  EXPECT_THAT(p["tools"]["massif"].get<std::string>(),
              MatchesRegex("valgrind-[0-9]+\\.[0-9]+\\.[0-9]+"));
  EXPECT_EQ(p["tools"]["track"], "heapbound_track " HEAPBOUND_VERSION);
  EXPECT_FALSE(p["tools"].contains("heaptrack"));  // not planned
  EXPECT_EQ(p["compiler"], CompilerId());
  EXPECT_THAT(p["compiler"].get<std::string>(), MatchesRegex("[A-Za-z]+ .+"));
  const char* kIso =
      "20[0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]"
      ":[0-6][0-9]Z";
  EXPECT_THAT(p["started_at"].get<std::string>(), MatchesRegex(kIso));
  EXPECT_THAT(p["finished_at"].get<std::string>(), MatchesRegex(kIso));
  EXPECT_LE(p["started_at"].get<std::string>(),
            p["finished_at"].get<std::string>());
  EXPECT_TRUE(p["shard"].is_null());
  nlohmann::json stamp = nlohmann::json::parse(
      ReadText(std::string(HEAPBOUND_TEST_FIXTURES) + "/tiny/stamp.json"));
  EXPECT_EQ(results["fixtures"]["tiny"]["definition_hash"],
            stamp["definition_hash"]);
  EXPECT_THAT(stamp["definition_hash"].get<std::string>(),
              MatchesRegex("[0-9a-f]+"));
}

}  // namespace
}  // namespace heapbound
