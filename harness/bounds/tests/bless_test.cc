#include "bless.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace heapbound {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kBounds[] = R"([defaults]
tools = ["massif"]
fixtures = ["small", "seed"]
[case.chunk]
max_peak = "8 KiB"
[case.line_stream]
max_peak = "2 * max_line + 16 KiB"
[case.whole_file_readall]
max_peak = "max_file"
expect = "exceed"
)";

BoundsVocabulary Vocabulary() {
  BoundsVocabulary vocabulary;
  vocabulary.cases = {"baseline", "chunk", "line_stream", "whole_file_readall"};
  vocabulary.tools = {"massif", "heaptrack", "track"};
  vocabulary.is_profile = [](const std::string&) { return true; };
  return vocabulary;
}

BlessSample Sample(const std::string& name, const std::string& fixture,
                   const std::string& status, std::uint64_t net) {
  BlessSample sample;
  sample.case_name = name;
  sample.fixture = fixture;
  sample.tool = "massif";
  sample.status = status;
  sample.judged = status == "pass" || status == "fail";
  sample.stats.total_bytes = 1;
  sample.stats.files = 1;
  sample.stats.max_file = fixture == "small" ? 5000 : 9000;
  sample.stats.max_line = fixture == "small" ? 1000 : 3000;
  sample.net_peak_bytes = net;
  return sample;
}

std::vector<BlessSample> Samples() {
  return {Sample("chunk", "small", "pass", 4096),
          Sample("chunk", "seed", "fail", 4200),
          Sample("line_stream", "small", "pass", 2500),
          Sample("line_stream", "seed", "pass", 7000),
          Sample("whole_file_readall", "seed", "xfail", 27000)};
}

TEST(ComputeBlessedBounds, FitsTheLargestNetPeakPlusMarginKeepingTheForm) {
  BoundsFile bounds = ParseBoundsFile(kBounds, "bounds.toml", Vocabulary());
  BlessPlan plan = ComputeBlessedBounds(Samples(), bounds, {10, 256});
  ASSERT_EQ(plan.bounds.count("chunk"), 1u);
  // ceil(4200 * 1.1) = 4620 -> 4864 (a multiple of 256).
  EXPECT_EQ(plan.bounds["chunk"].ToString(), "4.75 KiB");
  // The terms explain all but 7000 - 6000 = 1000 B on seed (500 on small);
  // the margin applies to that: 1100 -> 1280.
  EXPECT_EQ(plan.bounds["line_stream"].ToString(), "2 * max_line + 1.25 KiB");
  EXPECT_EQ(plan.bounds.count("whole_file_readall"), 0u);
  EXPECT_THAT(
      plan.notes,
      Contains("left whole_file_readall alone: it is a negative control"));
}

TEST(ComputeBlessedBounds,
     TermsThatCoverThePeakGetNoConstantAndAWarningWhenLoose) {
  std::vector<BlessSample> samples = Samples();
  samples[2].stats.max_line = 9000;
  samples[2].net_peak_bytes = 1000;
  samples[3].net_peak_bytes = 5999;
  BoundsFile bounds = ParseBoundsFile(kBounds, "bounds.toml", Vocabulary());
  BlessPlan plan = ComputeBlessedBounds(samples, bounds, {10, 256});
  EXPECT_EQ(plan.bounds["line_stream"].ToString(), "2 * max_line");
  EXPECT_THAT(
      plan.notes,
      Contains(HasSubstr("line_stream: the statistic terms of \"2 * max_line + "
                         "16 KiB\" alone exceed a net peak by 17000 B")));
}

TEST(ComputeBlessedBounds, LeavesCasesWithErrorsAlone) {
  std::vector<BlessSample> samples = Samples();
  samples[1] = Sample("chunk", "seed", "error", 0);
  BoundsFile bounds = ParseBoundsFile(kBounds, "bounds.toml", Vocabulary());
  BlessPlan plan = ComputeBlessedBounds(samples, bounds, {10, 256});
  EXPECT_EQ(plan.bounds.count("chunk"), 0u);
  EXPECT_THAT(
      plan.notes,
      Contains("left chunk alone: chunk on seed under massif is error"));
}

TEST(ComputeBlessedBounds, GivesAZeroNetPeakOneGranularityStepOfHeadroom) {
  std::vector<BlessSample> samples = {Sample("chunk", "small", "pass", 0),
                                      Sample("chunk", "seed", "pass", 0)};
  BoundsFile bounds = ParseBoundsFile(kBounds, "bounds.toml", Vocabulary());
  BlessPlan plan = ComputeBlessedBounds(samples, bounds, {10, 256});
  ASSERT_EQ(plan.bounds.count("chunk"), 1u);
  EXPECT_EQ(plan.bounds["chunk"].ToString(), "256");
}

TEST(ComputeBlessedBounds, KeepsAConstantWhenTheTermsExplainThePeakExactly) {
  constexpr char kFileBounds[] = R"([defaults]
tools = ["massif"]
fixtures = ["small", "seed"]
[case.chunk]
max_peak = "max_file + 4 KiB"
[case.line_stream]
max_peak = "16 KiB"
[case.whole_file_readall]
max_peak = "max_file"
expect = "exceed"
)";
  // The net peaks equal max_file (5000 on small, 9000 on seed).
  std::vector<BlessSample> samples = {Sample("chunk", "small", "pass", 5000),
                                      Sample("chunk", "seed", "pass", 9000)};
  BoundsFile bounds = ParseBoundsFile(kFileBounds, "bounds.toml", Vocabulary());
  BlessPlan plan = ComputeBlessedBounds(samples, bounds, {10, 256});
  ASSERT_EQ(plan.bounds.count("chunk"), 1u);
  EXPECT_EQ(plan.bounds["chunk"].ToString(), "max_file + 256");
  // A residual on a step boundary still gets a step above it with no margin.
  samples[1].net_peak_bytes = 9000 + 512;
  plan = ComputeBlessedBounds(samples, bounds, {0, 256});
  EXPECT_EQ(plan.bounds["chunk"].ToString(), "max_file + 768");
}

TEST(ComputeBlessedBounds, WarnsWhenAFixtureIsOutsideTheDefaultSuite) {
  constexpr char kSweepBounds[] = R"([defaults]
tools = ["massif"]
fixtures = ["small"]
[case.chunk]
max_peak = "8 KiB"
[case.line_stream]
max_peak = "2 * max_line + 16 KiB"
[case.whole_file_readall]
max_peak = "max_file"
expect = "exceed"
[[sweep]]
name = "ladder"
tools = ["track"]
fixtures = ["ladder_1m"]
)";
  std::vector<BlessSample> samples = {
      Sample("chunk", "small", "pass", 4096),
      Sample("chunk", "ladder_1m", "pass", 4096),
      Sample("chunk", "seed", "pass", 4200),
      Sample("line_stream", "seed", "pass", 7000)};
  samples.push_back(samples[2]);
  samples.back().tool = "heaptrack";  // a second tool: still one warning
  BoundsFile bounds =
      ParseBoundsFile(kSweepBounds, "bounds.toml", Vocabulary());
  BlessPlan plan = ComputeBlessedBounds(samples, bounds, {10, 256});
  const std::string kChunk =
      "warning: blessing chunk from fixture seed, which the default suite "
      "(bounds.toml) does not use";
  EXPECT_THAT(plan.notes, Contains(kChunk).Times(1));
  EXPECT_THAT(
      plan.notes,
      Contains("warning: blessing line_stream from fixture seed, which the "
               "default suite (bounds.toml) does not use"));
  EXPECT_THAT(plan.notes, Not(Contains(HasSubstr("ladder_1m"))));
  EXPECT_THAT(plan.notes, Not(Contains(HasSubstr("fixture small"))));
  // The rows still count: the seed peak sets the bound.
  EXPECT_EQ(plan.bounds["chunk"].ToString(), "4.75 KiB");
}

TEST(ComputeBlessedBounds, DoesNotWarnForTheDefaultSuitesFixtures) {
  BoundsFile bounds = ParseBoundsFile(kBounds, "bounds.toml", Vocabulary());
  BlessPlan plan = ComputeBlessedBounds(Samples(), bounds, {10, 256});
  EXPECT_THAT(plan.notes, Not(Contains(HasSubstr("warning"))));
}

}  // namespace
}  // namespace heapbound
