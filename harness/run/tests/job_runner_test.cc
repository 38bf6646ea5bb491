#include "job_runner.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "test_support.h"

namespace heapbound {
namespace {

using ::testing::HasSubstr;

// The peak the fake driver wrote, reached at t = 777 of 5000 samples.
class FakeTool : public PeakFileTool {
 public:
  using PeakFileTool::PeakFileTool;

 protected:
  void Decorate(Measurement& m) const override {
    for (std::uint64_t t = 0; t < 5000; ++t)
      m.timeline.push_back({t, t == 777 ? m.peak_bytes : t});
  }
};

// A driver script: prints the JSON line and a peak that depends on the case.
constexpr char kDriver[] = R"(#!/bin/sh
case="$2"
case "$case" in
  crash) kill -SEGV $$ ;;
  slow) sleep 30 ;;
  fails) echo "cannot read /x/y.log" >&2; exit 1 ;;
  silent) exit 0 ;;
esac
digest=00000000000000aa
[ "$case" = wrong ] && digest=00000000000000bb
echo "some tool chatter"
echo "{\"case\":\"$case\",\"bytes\":100,\"files\":3,\"digest\":\"$digest\"}"
[ "$case" = untraced ] || echo 5000 > "$FAKE_STEM.fake"
)";

class JobRunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    driver_ = dir_.path() + "/driver.sh";
    std::ofstream(driver_) << kDriver;
    chmod(driver_.c_str(), 0755);
    Fixture fixture;
    fixture.profile = "tiny";
    fixture.root = dir_.path();
    fixture.stats.total_bytes = 100;
    fixture.stats.files = 3;
    fixture.stats.digest = "00000000000000aa";
    options_.driver = driver_;
    options_.out_dir = dir_.path() + "/out";
    options_.jobs = 2;
    options_.timeout_seconds = 2;
    options_.fixtures["tiny"] = fixture;
    options_.make_tool =
        [this](const std::string& name) -> std::unique_ptr<ToolAdapter> {
      if (name == "missing")
        return std::make_unique<FakeTool>(
            "fake not found on PATH (Debian package: fake-package)");
      if (name == "track") return std::make_unique<FakeTool>();
      return nullptr;
    };
  }

  static Job MakeJob(const std::string& name,
                     const std::string& tool = "track") {
    Job job;
    job.case_name = name;
    job.fixture = "tiny";
    job.tool = tool;
    job.bound = BoundExpression::Literal(8192);
    return job;
  }

  TempDir dir_;
  std::string driver_;
  RunnerOptions options_;
};

TEST_F(JobRunnerTest, MeasuresAndChecksTheDigest) {
  std::vector<JobOutcome> outcomes = RunJobs({MakeJob("chunk")}, options_);
  ASSERT_EQ(outcomes.size(), 1u);
  EXPECT_EQ(outcomes[0].error, "");
  EXPECT_TRUE(outcomes[0].measured);
  EXPECT_EQ(outcomes[0].measurement.peak_bytes, 5000u);
  EXPECT_EQ(outcomes[0].digest_ok, std::optional<bool>(true));
  EXPECT_EQ(outcomes[0].raw,
            std::vector<std::string>{"raw/chunk.tiny.track.fake"});
  EXPECT_LE(outcomes[0].measurement.timeline.size(), 2000u);
  EXPECT_GT(outcomes[0].max_rss_bytes, 0u);
  EXPECT_EQ(outcomes[0].memory_cap_bytes, std::uint64_t{1} << 30);
}

TEST_F(JobRunnerTest, EachFailureIsAnErrorOfItsOwnJob) {
  std::vector<Job> jobs = {MakeJob("crash"),
                           MakeJob("slow"),
                           MakeJob("fails"),
                           MakeJob("wrong"),
                           MakeJob("silent"),
                           MakeJob("untraced"),
                           MakeJob("chunk", "missing"),
                           MakeJob("chunk", "nosuch"),
                           MakeJob("chunk")};
  std::vector<JobOutcome> outcomes = RunJobs(jobs, options_);
  EXPECT_THAT(outcomes[0].error, HasSubstr("killed by signal 11 (SIGSEGV)"));
  EXPECT_THAT(outcomes[1].error, HasSubstr("timed out after 2 s"));
  EXPECT_THAT(
      outcomes[2].error,
      HasSubstr(
          "exited with status 1; stderr ends with:\ncannot read /x/y.log"));
  EXPECT_THAT(outcomes[3].error, HasSubstr("digest mismatch"));
  EXPECT_EQ(outcomes[3].digest_ok, std::optional<bool>(false));
  EXPECT_THAT(outcomes[4].error, HasSubstr("printed no result line"));
  EXPECT_THAT(outcomes[5].error, HasSubstr("empty, run was not traced"));
  EXPECT_THAT(outcomes[6].error, HasSubstr("(Debian package: fake-package)"));
  EXPECT_THAT(outcomes[7].error, HasSubstr("unknown tool 'nosuch'"));
  EXPECT_EQ(outcomes[8].error, "");
  for (const JobOutcome& outcome : outcomes)
    EXPECT_EQ(outcome.job.fixture, "tiny");
}

TEST_F(JobRunnerTest, BaselineSkipsTheDigestCheck) {
  Job job = MakeJob("wrong");
  job.role = JobRole::kBaseline;
  std::vector<JobOutcome> outcomes = RunJobs({job}, options_);
  EXPECT_EQ(outcomes[0].error, "");
  EXPECT_EQ(outcomes[0].digest_ok, std::nullopt);
}

TEST_F(JobRunnerTest, StaleRawOutputIsRemovedBeforeTheRun) {
  RunJobs({MakeJob("chunk")}, options_);
  std::vector<JobOutcome> outcomes = RunJobs({MakeJob("untraced")}, options_);
  EXPECT_FALSE(outcomes[0].measured);
  std::ofstream(options_.out_dir + "/raw/untraced.tiny.track.fake") << 123;
  outcomes = RunJobs({MakeJob("untraced")}, options_);
  EXPECT_THAT(outcomes[0].error, HasSubstr("not traced"));
}

TEST_F(JobRunnerTest, InterruptedRunStartsNoMoreJobs) {
  std::atomic<bool> cancel{true};
  options_.cancel = &cancel;
  std::vector<JobOutcome> outcomes =
      RunJobs({MakeJob("chunk"), MakeJob("slow")}, options_);
  EXPECT_EQ(outcomes[0].error, "interrupted");
  EXPECT_EQ(outcomes[1].error, "interrupted");
}

TEST(MemoryCap, FourTimesTheBoundWithinOneAndEightGiB) {
  FixtureStats stats;
  stats.max_file = std::uint64_t{600} << 20;
  Job job;
  job.bound = BoundExpression::Literal(8192);
  EXPECT_EQ(MemoryCapFor(job, stats), std::uint64_t{1} << 30);
  job.bound = BoundExpression::Parse("max_file");
  EXPECT_EQ(MemoryCapFor(job, stats), std::uint64_t{2400} << 20);
  job.expect = Expectation::kExceed;
  EXPECT_EQ(MemoryCapFor(job, stats), std::uint64_t{4800} << 20);
  job.bound = BoundExpression::Parse("100 GiB");
  EXPECT_EQ(MemoryCapFor(job, stats), std::uint64_t{8} << 30);
}

TEST(Downsample, KeepsThePeakAndTheEnds) {
  std::vector<TimelinePoint> points;
  for (std::uint64_t t = 0; t < 100000; ++t) points.push_back({t, t % 1000});
  points[54321].heap_bytes = 1u << 20;
  std::vector<TimelinePoint> kept = Downsample(points, 2000);
  EXPECT_LE(kept.size(), 2000u);
  EXPECT_EQ(kept.front().time, 0u);
  EXPECT_EQ(kept.back().time, 99999u);
  bool has_peak = false;
  for (std::size_t i = 0; i < kept.size(); ++i) {
    has_peak = has_peak || kept[i].heap_bytes == (1u << 20);
    if (i > 0) {
      EXPECT_LT(kept[i - 1].time, kept[i].time);
    }
  }
  EXPECT_TRUE(has_peak);
  EXPECT_EQ(Downsample({{1, 2}, {3, 4}}, 2000).size(), 2u);
}

}  // namespace
}  // namespace heapbound
