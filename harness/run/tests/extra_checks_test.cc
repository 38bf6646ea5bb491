#include "extra_checks.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "exit_codes.h"
#include "judge.h"

namespace heapbound {
namespace {

using ::testing::HasSubstr;

FixtureStats Stats() {
  FixtureStats stats;
  stats.files = 50;
  stats.max_file = 100000;
  return stats;
}

std::optional<ExtraBound> Bound(const std::string& text) {
  return ExtraBound{BoundExpression::Parse(text), text, {}};
}

// A measured outcome; `leaked` and `allocs` none: the tool cannot tell.
JobOutcome Outcome(const std::string& name, const std::string& tool,
                   std::uint64_t peak, std::optional<std::uint64_t> leaked,
                   std::optional<std::uint64_t> allocs) {
  JobOutcome outcome;
  outcome.job.case_name = name;
  outcome.job.fixture = "small";
  outcome.job.tool = tool;
  if (name == "baseline") {
    outcome.job.role = JobRole::kBaseline;
  } else {
    outcome.job.bound = BoundExpression::Parse("8 KiB");
    outcome.job.bound_text = "8 KiB";
    outcome.job.bound_bytes = 8192;
    outcome.job.max_leaked = Bound("1 KiB");
    outcome.job.leaked_bound = 1024;
    outcome.job.max_allocs = Bound("4 * files + 64");
    outcome.job.allocs_bound =
        Bound("4 * files + 64")->expression.Evaluate(Stats());
  }
  outcome.measured = true;
  outcome.measurement.peak_bytes = peak;
  outcome.measurement.leaked_bytes = leaked;
  outcome.measurement.allocs = allocs;
  return outcome;
}

// Judges one case row against a baseline of 72704 B peak and leak and 30
// allocation calls (none under massif).
JobResult JudgeOne(const std::string& tool, std::uint64_t peak,
                   std::optional<std::uint64_t> leaked,
                   std::optional<std::uint64_t> allocs) {
  std::optional<std::uint64_t> base_allocs =
      allocs ? std::optional<std::uint64_t>(30) : std::nullopt;
  return Judge({Outcome("chunk", tool, peak, leaked, allocs),
                Outcome("baseline", tool, 72704, 72704, base_allocs)},
               {})[0];
}

TEST(ExtraChecks, WithinBothBoundsPasses) {
  JobResult row = JudgeOne("track", 72704 + 4096, 72704 + 1024, 30 + 264);
  EXPECT_EQ(row.status, Status::kPass);
  EXPECT_EQ(row.net_leaked_bytes, 1024u);
  EXPECT_EQ(row.net_allocs, 264u);
  EXPECT_EQ(row.job.allocs_bound, 264u);
  EXPECT_EQ(row.leaked_check, CheckState::kPass);
  EXPECT_EQ(row.allocs_check, CheckState::kPass);
}

TEST(ExtraChecks, LeakOverItsBoundFailsAndSaysSo) {
  JobResult row = JudgeOne("track", 72704 + 4096, 72704 + 1025, 31);
  EXPECT_EQ(row.status, Status::kFail);
  EXPECT_EQ(row.leaked_check, CheckState::kFail);
  EXPECT_EQ(row.allocs_check, CheckState::kPass);
  EXPECT_EQ(row.message,
            "net leaked 1025 B (1.0 KiB) exceeds max_leaked 1 KiB = 1024 B "
            "(1.0 KiB) by 1 B (1 B)");
}

TEST(ExtraChecks, AllocationsOverTheirBoundFailAFlatPeak) {
  JobResult row = JudgeOne("heaptrack", 72704 + 4096, 72704, 30 + 5000);
  EXPECT_EQ(row.status, Status::kFail);
  EXPECT_EQ(row.allocs_check, CheckState::kFail);
  EXPECT_EQ(row.message,
            "net allocation calls 5000 exceed max_allocs 4 * files + 64 = 264 "
            "by 4736");
}

TEST(ExtraChecks, BrokenPeakAndAllocsNameBoth) {
  JobResult row = JudgeOne("track", 72704 + 9000, 72704, 30 + 5000);
  EXPECT_EQ(row.status, Status::kFail);
  EXPECT_THAT(row.message, HasSubstr("net peak 9000 B"));
  EXPECT_THAT(row.message, HasSubstr("; net allocation calls 5000 exceed"));
}

TEST(ExtraChecks, MassifCannotCountAllocationsSoTheCheckIsNotApplicable) {
  JobResult row = JudgeOne("massif", 72704 + 4096, 72704, std::nullopt);
  EXPECT_EQ(row.status, Status::kPass);  // the checks it can make held
  EXPECT_EQ(row.allocs, std::nullopt);
  EXPECT_EQ(row.net_allocs, std::nullopt);
  EXPECT_EQ(row.allocs_check, CheckState::kNotApplicable);
  EXPECT_EQ(CheckStateName(row.allocs_check), "n/a");
  EXPECT_EQ(AllocsCell(row, "-"), "n/a");
  EXPECT_EQ(row.leaked_check, CheckState::kPass);
}

TEST(ExtraChecks, NegativeControlThatLeaksFails) {
  JobOutcome readall =
      Outcome("whole_file_readall", "track", 500000, 200000, 40);
  readall.job.expect = Expectation::kExceed;
  std::vector<JobResult> rows =
      Judge({readall, Outcome("baseline", "track", 72704, 72704, 30)}, {});
  EXPECT_EQ(rows[0].status, Status::kFail);
  EXPECT_THAT(rows[0].message, HasSubstr("net leaked 127296 B"));
  EXPECT_EQ(ExitCodeFor(rows), kExitBoundBroken);
}

TEST(ExtraChecks, BaselineRowsCarryTheirOwnNumbersUnchecked) {
  std::vector<JobResult> rows =
      Judge({Outcome("baseline", "track", 72704, 72704, 30)}, {});
  EXPECT_EQ(rows[0].net_leaked_bytes, 72704u);
  EXPECT_EQ(rows[0].net_allocs, 30u);
  EXPECT_EQ(rows[0].leaked_check, CheckState::kNone);
}

TEST(ExtraChecks, CellsAreCompact) {
  JobResult row = JudgeOne("track", 72704 + 4096, 72704 + 2048, 30 + 7);
  EXPECT_EQ(LeakedCell(row, "-"), "2.0 KiB > 1.0 KiB");
  EXPECT_EQ(AllocsCell(row, "-"), "7");
  JobResult unbounded;
  EXPECT_EQ(LeakedCell(unbounded, "-"), "-");
  EXPECT_EQ(AllocsCell(unbounded, "-"), "-");
}

TEST(CheckState, NamesRoundTrip) {
  for (CheckState state : {CheckState::kNone, CheckState::kPass,
                           CheckState::kFail, CheckState::kNotApplicable}) {
    EXPECT_EQ(ParseCheckState(CheckStateName(state)), state);
  }
  EXPECT_EQ(ParseCheckState("skipped"), std::nullopt);
}

}  // namespace
}  // namespace heapbound
