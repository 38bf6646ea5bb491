#include "judge.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "exit_codes.h"

namespace heapbound {
namespace {

using ::testing::HasSubstr;

std::map<std::string, FixtureStats> Fixtures() {
  FixtureStats stats;
  stats.max_file = 100000;
  return {{"small", stats}};
}

JobOutcome Outcome(const std::string& name, const std::string& tool,
                   std::uint64_t peak, const std::string& bound = "",
                   Expectation expect = Expectation::kFit) {
  JobOutcome outcome;
  outcome.job.case_name = name;
  outcome.job.fixture = "small";
  outcome.job.tool = tool;
  outcome.job.expect = expect;
  if (bound.empty()) {
    outcome.job.role = JobRole::kBaseline;
  } else {
    outcome.job.bound = BoundExpression::Parse(bound);
    outcome.job.bound_text = bound;
    outcome.job.bound_bytes = outcome.job.bound->Evaluate(Fixtures()["small"]);
  }
  outcome.measured = true;
  outcome.measurement.peak_bytes = peak;
  outcome.measurement.timeline = {{0, 0}, {10, peak}};
  return outcome;
}

TEST(Judge, SubtractsTheBaselineOfTheSameToolAndFixture) {
  std::vector<JobResult> results =
      Judge({Outcome("chunk", "massif", 77000, "8 KiB"),
             Outcome("baseline", "massif", 72704),
             Outcome("baseline", "heaptrack", 1)},
            {"massif", "heaptrack"});
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[0].status, Status::kPass);
  EXPECT_EQ(results[0].baseline_bytes, 72704u);
  EXPECT_EQ(results[0].net_peak_bytes, 77000u - 72704);
  EXPECT_EQ(results[0].bound_bytes(), std::optional<std::uint64_t>(8192));
  EXPECT_EQ(results[0].timeline, "timelines/chunk.small.massif.json");
  EXPECT_EQ(results[1].job.role, JobRole::kBaseline);
  EXPECT_EQ(results[1].status, Status::kPass);
  EXPECT_EQ(results[1].bound_bytes(), std::nullopt);
  EXPECT_EQ(ExitCodeFor(results), kExitPass);
}

TEST(Judge, FailsABrokenBoundSayingByHowMuch) {
  std::vector<JobResult> results =
      Judge({Outcome("chunk", "massif", 72704 + 4200, "4 KiB"),
             Outcome("baseline", "massif", 72704)},
            {});
  EXPECT_EQ(results[0].status, Status::kFail);
  EXPECT_THAT(results[0].message,
              HasSubstr("net peak 4200 B (4.1 KiB) exceeds the bound 4 KiB = "
                        "4096 B (4.0 KiB) by "
                        "104 B (104 B) (+2.5 %)"));
  EXPECT_EQ(ExitCodeFor(results), kExitBoundBroken);
}

TEST(Judge, NegativeControlExceedingIsXfailAndFittingIsXpass) {
  std::vector<JobResult> results =
      Judge({Outcome("whole_file_readall", "massif", 300000, "max_file",
                     Expectation::kExceed),
             Outcome("whole_file_readall", "track", 100000, "max_file",
                     Expectation::kExceed),
             Outcome("baseline", "massif", 0), Outcome("baseline", "track", 0)},
            {});
  EXPECT_EQ(results[0].status, Status::kXfail);
  EXPECT_EQ(results[1].status, Status::kXpass);
  EXPECT_THAT(results[1].message,
              HasSubstr("negative control stayed under its bound"));
  EXPECT_EQ(ExitCodeFor(results), kExitBoundBroken);
}

TEST(Judge, MissingOrBrokenBaselineIsAnError) {
  JobOutcome broken = Outcome("baseline", "massif", 0);
  broken.measured = false;
  broken.error = "killed by signal 11 (SIGSEGV)";
  std::vector<JobResult> results =
      Judge({Outcome("chunk", "massif", 10, "4 KiB"), broken,
             Outcome("chunk", "track", 10, "4 KiB")},
            {});
  EXPECT_EQ(results[0].status, Status::kError);
  EXPECT_THAT(
      results[0].message,
      HasSubstr("no baseline for massif on small: killed by signal 11"));
  EXPECT_EQ(results[1].status, Status::kError);
  EXPECT_THAT(results[2].message,
              HasSubstr("no baseline for track on small: not run"));
  EXPECT_EQ(ExitCodeFor(results), kExitInfrastructure);
}

TEST(Judge, CrossCheckedToolsMustAgree) {
  std::vector<JobResult> results = Judge(
      {Outcome("chunk", "massif", 5000, "8 KiB"),
       Outcome("chunk", "heaptrack", 5008, "8 KiB"),
       Outcome("chunk", "track", 4000, "8 KiB"),
       Outcome("baseline", "massif", 1000),
       Outcome("baseline", "heaptrack", 1000), Outcome("baseline", "track", 0)},
      {"massif", "heaptrack"});
  EXPECT_EQ(results[0].status, Status::kError);
  EXPECT_EQ(results[1].status, Status::kError);
  EXPECT_THAT(results[0].message,
              HasSubstr("tools disagree on the net peak of chunk on small: "
                        "massif 4000 B (peak "
                        "5000 - baseline 1000), heaptrack 4008 B (peak 5008 - "
                        "baseline 1000)"));
  EXPECT_EQ(results[2].status, Status::kPass)
      << "track is not in the cross-check list";
  EXPECT_EQ(ExitCodeFor(results), kExitInfrastructure);
}

TEST(Judge, ErrorsBeatBrokenBoundsInTheExitCode) {
  JobOutcome crashed = Outcome("line_stream", "massif", 0, "8 KiB");
  crashed.measured = false;
  crashed.error = "timed out";
  std::vector<JobResult> results =
      Judge({Outcome("chunk", "massif", 100000, "4 KiB"), crashed,
             Outcome("baseline", "massif", 0)},
            {});
  EXPECT_EQ(results[0].status, Status::kFail);
  EXPECT_EQ(results[1].status, Status::kError);
  EXPECT_EQ(results[1].timeline, "");
  EXPECT_EQ(ExitCodeFor(results), kExitInfrastructure);
}

TEST(Judge, TopSitesLeaveOutWhatTheBaselineAlsoHas) {
  AllocationSite pool{
      72704, {{"??", "libstdc++.so.6", 0}, {"call_init", "dl-init.c", 74}}};
  AllocationSite buffer{4096, {{"ReadChunked", "cases/chunk.cc", 15}}};
  JobOutcome chunk = Outcome("chunk", "massif", 72704 + 4096, "8 KiB");
  chunk.measurement.top_sites = {pool, buffer};
  JobOutcome baseline = Outcome("baseline", "massif", 72704);
  baseline.measurement.top_sites = {pool};
  std::vector<JobResult> results = Judge({chunk, baseline}, {});
  ASSERT_EQ(results[0].top_sites.size(), 1u);
  EXPECT_EQ(results[0].top_sites[0].frames[0].function, "ReadChunked");
  EXPECT_EQ(results[1].top_sites.size(), 1u);
}

// A truncated or partly traced tool output has a lower peak than the bare
// driver; clamping its net to 0 would pass it.
TEST(Judge, PeakBelowTheBaselinesIsAnErrorNotANetOfZero) {
  std::vector<JobResult> results =
      Judge({Outcome("chunk", "massif", 1000, "4 KiB"),
             Outcome("baseline", "massif", 72704)},
            {});
  EXPECT_EQ(results[0].status, Status::kError);
  EXPECT_EQ(results[0].message,
            "untraced or truncated output: peak 1000 B (1000 B) below the "
            "baseline's 72704 B (71.0 KiB) (massif on small)");
  EXPECT_EQ(ExitCodeFor(results), kExitInfrastructure);
}

// The resident set moves by pages with the collector: a Go reader measured
// 128 KiB under its baseline (go_chunk on small) is net 0; 1 MiB and a page
// under is still an error.
TEST(Judge, RssAFewPagesUnderTheBaselineIsANetOfZero) {
  std::vector<JobResult> results =
      Judge({Outcome("go_chunk", "rss", 1634304, "1 MiB"),
             Outcome("go_buffer", "rss", 1765376 - (1 << 20) - 4096, "1 MiB"),
             Outcome("baseline", "rss", 1765376)},
            {});
  EXPECT_EQ(results[0].status, Status::kPass) << results[0].message;
  EXPECT_EQ(results[0].net_peak_bytes, 0u);
  EXPECT_EQ(results[1].status, Status::kError);
  EXPECT_THAT(results[1].message,
              HasSubstr("below the baseline's 1765376 B (1.7 MiB) (rss on "
                        "small)"));
}

TEST(Judge, PeakEqualToTheBaselinesIsANetOfZero) {
  std::vector<JobResult> results =
      Judge({Outcome("chunk", "massif", 72704, "4 KiB"),
             Outcome("baseline", "massif", 72704)},
            {});
  EXPECT_EQ(results[0].status, Status::kPass);
  EXPECT_EQ(results[0].net_peak_bytes, 0u);
}

}  // namespace
}  // namespace heapbound
