// Program cases through the plan, the proof-of-work check, the judge and
// the writers.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "judge.h"
#include "plan.h"
#include "program_output.h"
#include "results_writer.h"
#include "terminal_report.h"
#include "test_support.h"

namespace heapbound {
namespace {

using ::testing::HasSubstr;

constexpr char kBounds[] = R"(
[defaults]
tools = ["massif", "track"]
fixtures = ["small"]

[case.chunk]
max_peak = "8 KiB"

[program.py]
command = ["/bin/sh", "{root}"]
baseline = ["/bin/sh", "-c", "exit 0"]
env = { PYTHONMALLOC = "malloc" }
max_peak = "64 KiB"

[program.tool]
command = ["sort", "{root}/x"]
verify = "none"
max_peak = "1 MiB"
tools = ["massif"]
)";

// The driver's cases, as far as these bounds go.
BoundsVocabulary Vocabulary() {
  BoundsVocabulary vocabulary = TestVocabulary();
  vocabulary.cases = {"baseline", "chunk"};
  return vocabulary;
}

std::vector<std::string> Ids(const std::vector<Job>& jobs) {
  std::vector<std::string> ids;
  for (const Job& job : jobs) ids.push_back(job.Id());
  return ids;
}

TEST(ProgramPlan, PlansProgramsWithTheirOwnBaselinesAndNetMethods) {
  BoundsFile bounds = ParseBoundsFile(kBounds, "b.toml", Vocabulary());
  std::vector<Job> jobs = PlanJobs(bounds, {});
  EXPECT_EQ(Ids(jobs),
            (std::vector<std::string>{
                "chunk.small.massif", "chunk.small.track", "py.small.massif",
                "py.small.track", "tool.small.massif", "baseline.small.massif",
                "baseline.small.track", "py.baseline.small.massif"}));
  EXPECT_EQ(jobs[0].net_method, NetMethod::kBaseline);
  EXPECT_EQ(jobs[0].baseline_case, "baseline");
  // massif has no marker: the program's baseline command is subtracted.
  EXPECT_EQ(jobs[2].net_method, NetMethod::kBaseline);
  EXPECT_EQ(jobs[2].baseline_case, "py.baseline");
  EXPECT_EQ(jobs[3].net_method, NetMethod::kOpenMarker);
  EXPECT_EQ(jobs[3].baseline_case, "");
  // No baseline command, no marker: the gross peak.
  EXPECT_EQ(jobs[4].net_method, NetMethod::kGross);
  EXPECT_EQ(jobs[7].role, JobRole::kBaseline);
  EXPECT_EQ(jobs[7].Command("driver", "/f"),
            (std::vector<std::string>{"/bin/sh", "-c", "exit 0"}));
  EXPECT_EQ(jobs[3].Command("driver", "/f"),
            (std::vector<std::string>{"/bin/sh", "/f"}));
  EXPECT_EQ(
      jobs[0].Command("driver", "/f"),
      (std::vector<std::string>{"driver", "--case", "chunk", "--root", "/f"}));
  EXPECT_TRUE(IsVerified(jobs[3]));
  EXPECT_FALSE(IsVerified(jobs[4]));
  EXPECT_FALSE(IsVerified(jobs[7]));
}

Job ProgramJob(Verify verify) {
  BoundsFile bounds = ParseBoundsFile(kBounds, "b.toml", Vocabulary());
  PlanFilters filters;
  filters.cases = {"py"};
  Job job = PlanJobs(bounds, filters)[1];
  job.program->verify = verify;
  return job;
}

FixtureStats Stats() {
  FixtureStats stats;
  stats.total_bytes = 2048;
  stats.files = 3;
  stats.digest = "00000000000000ab";
  return stats;
}

TEST(ProgramOutput, AcceptsTheLastJsonLineWithOrWithoutDigest) {
  std::optional<bool> verified;
  EXPECT_EQ(CheckProgramOutput("noise\n{\"bytes\": 2048, \"files\": 3}\n",
                               ProgramJob(Verify::kFull), Stats(), &verified),
            "");
  EXPECT_EQ(verified, std::optional<bool>(true));
  EXPECT_EQ(CheckProgramOutput(
                "{\"bytes\":2048,\"files\":3,\"digest\":\"00000000000000ab\"}",
                ProgramJob(Verify::kFull), Stats(), &verified),
            "");
}

TEST(ProgramOutput, MismatchNamesExpectedAndGot) {
  std::optional<bool> verified;
  EXPECT_EQ(CheckProgramOutput("{\"bytes\": 2047, \"files\": 3}\n",
                               ProgramJob(Verify::kFull), Stats(), &verified),
            "proof of work mismatch: expected 3 files, 2048 bytes, digest "
            "00000000000000ab (the fixture's manifest.json); got 3 files, 2047 "
            "bytes, digest (none printed)");
  EXPECT_EQ(verified, std::optional<bool>(false));
  EXPECT_THAT(
      CheckProgramOutput(
          "{\"bytes\":2048,\"files\":3,\"digest\":\"00000000000000ac\"}",
          ProgramJob(Verify::kFull), Stats(), &verified),
      HasSubstr("got 3 files, 2048 bytes, digest 00000000000000ac"));
}

TEST(ProgramOutput, MissingOrMistypedLineIsAnError) {
  std::optional<bool> verified;
  EXPECT_THAT(CheckProgramOutput("read 2048 bytes\n", ProgramJob(Verify::kFull),
                                 Stats(), &verified),
              HasSubstr("printed no JSON line"));
  EXPECT_THAT(CheckProgramOutput("{\"bytes\": \"2048\", \"files\": 3}",
                                 ProgramJob(Verify::kFull), Stats(), &verified),
              HasSubstr("needs \"bytes\" and \"files\" as unsigned"));
  EXPECT_EQ(verified, std::nullopt);
}

TEST(ProgramOutput, VerifyNoneChecksNothing) {
  std::optional<bool> verified;
  EXPECT_EQ(CheckProgramOutput("b\na\n", ProgramJob(Verify::kNone), Stats(),
                               &verified),
            "");
  EXPECT_EQ(verified, std::nullopt);
}

JobOutcome MarkedOutcome(std::optional<std::uint64_t> mark) {
  JobOutcome outcome;
  outcome.job = ProgramJob(Verify::kFull);
  outcome.job.bound_bytes = 65536;
  outcome.measured = true;
  outcome.measurement.peak_bytes = 1500000;
  outcome.measurement.mark_bytes = mark;
  outcome.measurement.peak_after_mark_bytes = mark ? *mark + 5000 : 0;
  return outcome;
}

TEST(ProgramJudge, MarkerNetIsThePeakAfterTheFirstOpenLessTheHeapThen) {
  std::vector<JobResult> results = Judge({MarkedOutcome(900000)}, {"track"});
  EXPECT_EQ(results[0].status, Status::kPass);
  EXPECT_EQ(results[0].peak_bytes, 1500000u);
  EXPECT_EQ(results[0].baseline_bytes, 900000u);
  EXPECT_EQ(results[0].net_peak_bytes, 5000u);
}

TEST(ProgramJudge, AMarkerThatNeverFiredIsAnError) {
  std::vector<JobResult> results =
      Judge({MarkedOutcome(std::nullopt)}, {"track"});
  EXPECT_EQ(results[0].status, Status::kError);
  EXPECT_THAT(results[0].message, HasSubstr("the reading marker never fired"));
}

TEST(ProgramResults, RowsSayProgramVerifiedAndNetMethod) {
  JobResult row = Judge({MarkedOutcome(900000)}, {"track"})[0];
  JobResult unverified = row;
  unverified.job.program->verify = Verify::kNone;
  unverified.job.tool = "massif";
  nlohmann::json json =
      nlohmann::json::parse(ResultsJson({}, {row, unverified}));
  EXPECT_EQ(json["results"][0]["program"], true);
  EXPECT_EQ(json["results"][0]["verified"], true);
  EXPECT_EQ(json["results"][0]["net_method"], "open_marker");
  EXPECT_EQ(json["results"][1]["verified"], false);
  EXPECT_THAT(SummaryMarkdown({row, unverified}),
              HasSubstr("| py | small | massif | 4.9 KiB"));
  EXPECT_THAT(SummaryMarkdown({unverified}),
              HasSubstr("| pass (unverified) |"));
  EXPECT_THAT(SummaryTable({unverified}), HasSubstr("pass (unverified)"));
  EXPECT_THAT(SummaryTable({row}), ::testing::Not(HasSubstr("unverified")));
}

}  // namespace
}  // namespace heapbound
