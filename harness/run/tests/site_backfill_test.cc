#include "site_backfill.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_support.h"

namespace heapbound {
namespace {

using ::testing::ElementsAre;

constexpr std::uint64_t kBaselinePeak = 72704;

Job MakeJob(const std::string& case_name, const std::string& fixture,
            const std::string& tool) {
  Job job;
  job.case_name = case_name;
  job.fixture = fixture;
  job.tool = tool;
  if (case_name == "baseline") {
    job.role = JobRole::kBaseline;
  } else {
    job.bound_text = "8 KiB";
    job.bound_bytes = 8192;
  }
  return job;
}

AllocationSite Site(std::uint64_t bytes, const std::string& function) {
  AllocationSite site;
  site.bytes = bytes;
  site.frames = {{"malloc", "", 0}, {function, "cases/chunk.cc", 15}};
  return site;
}

JobResult Row(const std::string& case_name, const std::string& fixture,
              const std::string& tool, Status status) {
  JobResult r;
  r.job = MakeJob(case_name, fixture, tool);
  r.status = status;
  r.measured = true;
  r.peak_bytes = kBaselinePeak + (case_name == "baseline" ? 0 : 1 << 20);
  r.baseline_bytes = case_name == "baseline" ? 0 : kBaselinePeak;
  r.net_peak_bytes = r.peak_bytes - r.baseline_bytes;
  r.message = status == Status::kFail ? "net peak exceeds the bound" : "";
  r.measurement.peak_bytes = r.peak_bytes;
  r.raw = {"raw/" + r.Id() + ".out"};
  return r;
}

JobOutcome Measured(const Job& job, std::uint64_t peak,
                    std::vector<AllocationSite> sites) {
  JobOutcome outcome;
  outcome.job = job;
  outcome.measured = true;
  outcome.measurement.peak_bytes = peak;
  outcome.measurement.top_sites = std::move(sites);
  outcome.raw = {"raw/" + job.Id() + ".heaptrack.zst"};
  return outcome;
}

std::vector<std::string> Ids(const std::vector<Job>& jobs) {
  std::vector<std::string> ids;
  for (const Job& job : jobs) ids.push_back(job.Id());
  return ids;
}

// The ladder as `track` leaves it: chunk broken on two fixtures without
// sites, and a small fixture where heaptrack also ran.
std::vector<JobResult> TrackRun() {
  JobResult small_heaptrack = Row("chunk", "small", "heaptrack", Status::kFail);
  small_heaptrack.top_sites = {Site(1 << 20, "ReadInChunks")};
  JobResult xfail =
      Row("whole_file_readall", "ladder-1", "track", Status::kXfail);
  xfail.job.expect = Expectation::kExceed;
  return {Row("chunk", "ladder-1", "track", Status::kFail),
          Row("chunk", "ladder-4", "track", Status::kFail),
          Row("line_stream", "ladder-1", "track", Status::kPass),
          xfail,
          Row("chunk", "small", "track", Status::kFail),
          small_heaptrack,
          Row("line_stream", "small", "track", Status::kFail),
          Row("baseline", "ladder-1", "track", Status::kPass),
          Row("baseline", "ladder-4", "track", Status::kPass),
          Row("baseline", "small", "track", Status::kPass),
          Row("baseline", "small", "heaptrack", Status::kPass)};
}

TEST(PlanSiteRerun, ReusesThisRunsHeaptrackRowsAndPlansTheRest) {
  std::vector<JobResult> results = TrackRun();
  SiteRerun plan = PlanSiteRerun(results, "heaptrack");
  // chunk on small had heaptrack's row: its sites, nothing to run.
  EXPECT_EQ(results[4].sites_from, "heaptrack");
  ASSERT_EQ(results[4].top_sites.size(), 1u);
  EXPECT_EQ(results[4].top_sites[0].frames[1].function, "ReadInChunks");
  EXPECT_THAT(plan.rows, ElementsAre(0, 1, 6));
  EXPECT_THAT(
      Ids(plan.jobs),
      ElementsAre("chunk.ladder-1.heaptrack", "baseline.ladder-1.heaptrack",
                  "chunk.ladder-4.heaptrack", "baseline.ladder-4.heaptrack",
                  "line_stream.small.heaptrack"));
  ASSERT_EQ(plan.reused.size(), 1u);
  EXPECT_EQ(plan.reused[0].job.Id(), "baseline.small.heaptrack");
  EXPECT_EQ(plan.reused[0].measurement.peak_bytes, kBaselinePeak);
  // Passing and xfail rows, and heaptrack's own, are left alone.
  EXPECT_TRUE(results[2].sites_from.empty());
  EXPECT_TRUE(results[3].sites_from.empty());
}

TEST(ApplySiteRerun, GivesSitesBeyondTheBaselineAndNotesWhatWentWrong) {
  std::vector<JobResult> results = TrackRun();
  SiteRerun plan = PlanSiteRerun(results, "heaptrack");
  AllocationSite pool = Site(kBaselinePeak, "__static_initialization");
  std::vector<JobOutcome> outcomes = {
      Measured(plan.jobs[0], kBaselinePeak + (1 << 20),
               {Site(1 << 20, "ReadInChunks"), pool}),
      Measured(plan.jobs[1], kBaselinePeak, {pool}), JobOutcome{},
      Measured(plan.jobs[3], kBaselinePeak, {pool}),
      // line_stream's re-run sees 16 bytes more than track did.
      Measured(plan.jobs[4], kBaselinePeak + (1 << 20) + 16,
               {Site((1 << 20) + 16, "ReadLines"), pool})};
  outcomes[2].job = plan.jobs[2];
  outcomes[2].error = "heaptrack not found on PATH (Debian package: heaptrack)";
  ApplySiteRerun(results, plan, outcomes, "heaptrack");

  const JobResult& ladder1 = results[0];
  EXPECT_EQ(ladder1.status, Status::kFail);
  EXPECT_EQ(ladder1.sites_from, "heaptrack");
  ASSERT_EQ(ladder1.top_sites.size(), 1u) << "the baseline's pool is left out";
  EXPECT_EQ(ladder1.top_sites[0].frames[1].function, "ReadInChunks");
  EXPECT_THAT(ladder1.raw,
              ElementsAre("raw/chunk.ladder-1.track.out",
                          "raw/chunk.ladder-1.heaptrack.heaptrack.zst"));
  EXPECT_EQ(ladder1.message, "net peak exceeds the bound");

  const JobResult& ladder4 = results[1];
  EXPECT_EQ(ladder4.status, Status::kFail);
  EXPECT_TRUE(ladder4.top_sites.empty());
  EXPECT_TRUE(ladder4.sites_from.empty());
  EXPECT_EQ(ladder4.message,
            "net peak exceeds the bound\n"
            "no allocation sites: track records none, and the heaptrack "
            "re-run for them failed: heaptrack not found on PATH (Debian "
            "package: heaptrack)");

  const JobResult& line_stream = results[6];
  EXPECT_EQ(line_stream.sites_from, "heaptrack");
  EXPECT_EQ(line_stream.message,
            "net peak exceeds the bound\n"
            "the heaptrack re-run for sites measured a net peak of 1048592 B, "
            "track 1048576 B");
}

TEST(NeedsSites, OnlyBrokenCaseRowsWithoutSites) {
  EXPECT_TRUE(
      NeedsSites(Row("chunk", "tiny", "track", Status::kFail), "heaptrack"));
  JobResult xpass = Row("chunk", "tiny", "track", Status::kXpass);
  EXPECT_TRUE(NeedsSites(xpass, "heaptrack"));
  EXPECT_FALSE(
      NeedsSites(Row("chunk", "tiny", "track", Status::kXfail), "heaptrack"));
  EXPECT_FALSE(
      NeedsSites(Row("chunk", "tiny", "track", Status::kError), "heaptrack"));
  EXPECT_FALSE(NeedsSites(Row("chunk", "tiny", "heaptrack", Status::kFail),
                          "heaptrack"));
  JobResult with_sites = Row("chunk", "tiny", "massif", Status::kFail);
  with_sites.top_sites = {Site(1, "f")};
  EXPECT_FALSE(NeedsSites(with_sites, "heaptrack"));
}

}  // namespace
}  // namespace heapbound
