// The allocation sites in results.json and summary.md: each site's user
// frame, where re-measured sites come from, and the problems' sites under
// the summary's table.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "results_reader.h"
#include "results_writer.h"
#include "test_support.h"

namespace heapbound {
namespace {

using ::testing::HasSubstr;

JobResult Failed() {
  JobResult r = SampleReadAllRow(Status::kFail);
  r.message = "net peak exceeds the bound";
  AllocationSite system_only;
  system_only.bytes = 64;
  system_only.frames = {{"malloc", "", 0},
                        {"??", "/lib/x86_64-linux-gnu/libc.so.6", 0}};
  r.top_sites.push_back(system_only);
  return r;
}

TEST(ResultsJson, NamesEachSitesUserFrame) {
  JobResult track = Failed();
  track.job.tool = "track";
  track.sites_from = "heaptrack";
  auto json = nlohmann::json::parse(
      ResultsJson({{"small", FixtureStats{}}}, {Failed(), track}));
  const auto& sites = json["results"][0]["top_sites"];
  // Frame 2 is cases/whole_file_readall.cc, a file of this repository.
  EXPECT_EQ(sites[0]["user_frame"], 2);
  EXPECT_TRUE(sites[1]["user_frame"].is_null());
  EXPECT_FALSE(json["results"][0].contains("sites_from"));
  EXPECT_EQ(json["results"][1]["sites_from"], "heaptrack");
}

TEST(ReadResultsFile, ReadsSitesFromAndChecksUserFrame) {
  TempDir dir;
  std::string path = dir.path() + "/results.json";
  JobResult track = Failed();
  track.job.tool = "track";
  track.sites_from = "heaptrack";
  auto json =
      nlohmann::json::parse(ResultsJson({{"small", FixtureStats{}}}, {track}));
  std::ofstream(path) << json.dump();
  ResultsFile file = ReadResultsFile(path);
  ASSERT_EQ(file.results.size(), 1u);
  EXPECT_EQ(file.results[0].sites_from, "heaptrack");
  EXPECT_EQ(file.results[0].top_sites.size(), 2u);

  json["results"][0]["top_sites"][0]["user_frame"] = 6;
  std::ofstream(path) << json.dump();
  try {
    ReadResultsFile(path);
    FAIL() << "read a user_frame past the frames";
  } catch (const ResultsError& error) {
    EXPECT_EQ(std::string(error.what()),
              path +
                  ": results[0].top_sites[0].user_frame: 6 is not an index "
                  "into its 6 frames");
  }
}

TEST(SummaryMarkdown, ListsEachProblemsSitesUnderTheTable) {
  JobResult track = Failed();
  track.job.tool = "track";
  track.sites_from = "heaptrack";
  JobResult error = Failed();
  error.status = Status::kError;
  error.message = "killed by signal 11 (SIGSEGV)\nstderr";
  std::string md = SummaryMarkdown({Failed(), track, error});
  EXPECT_THAT(md,
              HasSubstr("## Problems\n\n"
                        "- **fail** `whole_file_readall.small.massif`: net "
                        "peak exceeds the bound\n"
                        "  1. 2.8 MiB at `cases/whole_file_readall.cc:31` "
                        "`heapbound::(anonymous namespace)::ReadAll`\n"
                        "  2. 64 B at `/lib/x86_64-linux-gnu/libc.so.6` `??`\n"
                        "- **fail** `whole_file_readall.small.track`: net peak "
                        "exceeds the bound\n"
                        "  sites from heaptrack's run of the same job (track "
                        "records none):\n"
                        "  1. 2.8 MiB at `cases/whole_file_readall.cc:31` "
                        "`heapbound::(anonymous namespace)::ReadAll`\n"
                        "  2. 64 B at `/lib/x86_64-linux-gnu/libc.so.6` `??`\n"
                        "- **error** `whole_file_readall.small.massif`: killed "
                        "by signal 11 (SIGSEGV)\n"));
}

}  // namespace
}  // namespace heapbound
