#include "bless.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_support.h"

namespace heapbound {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;

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

constexpr char kResults[] = R"({"schema": 1,
 "fixtures": {
  "small": {"total_bytes": 1, "files": 1, "max_file": 5000, "max_line": 1000, "max_dir_entries": 1, "digest": "x"},
  "seed": {"total_bytes": 1, "files": 1, "max_file": 9000, "max_line": 3000, "max_dir_entries": 1, "digest": "x"}},
 "results": [
  {"case": "chunk", "fixture": "small", "tool": "massif", "role": "case", "status": "pass", "net_peak_bytes": 4096},
  {"case": "chunk", "fixture": "seed", "tool": "massif", "role": "case", "status": "fail", "net_peak_bytes": 4200},
  {"case": "line_stream", "fixture": "small", "tool": "massif", "role": "case", "status": "pass", "net_peak_bytes": 2500},
  {"case": "line_stream", "fixture": "seed", "tool": "massif", "role": "case", "status": "pass", "net_peak_bytes": 7000},
  {"case": "whole_file_readall", "fixture": "seed", "tool": "massif", "role": "case", "status": "xfail", "net_peak_bytes": 27000},
  {"case": "baseline", "fixture": "seed", "tool": "massif", "role": "baseline", "status": "pass", "net_peak_bytes": 72704}
 ]})";

TEST(ComputeBlessedBounds, FitsTheLargestNetPeakPlusMarginKeepingTheForm) {
  BoundsFile bounds = ParseBoundsFile(kBounds, "bounds.toml", TestVocabulary());
  BlessPlan plan =
      ComputeBlessedBounds(kResults, "results.json", bounds, {10, 256});
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
  std::string results = kResults;
  results.replace(results.find("\"max_line\": 1000"), 16, "\"max_line\": 9000");
  results.replace(results.find("\"net_peak_bytes\": 2500"), 22,
                  "\"net_peak_bytes\": 1000");
  results.replace(results.find("\"net_peak_bytes\": 7000"), 22,
                  "\"net_peak_bytes\": 5999");
  BoundsFile bounds = ParseBoundsFile(kBounds, "bounds.toml", TestVocabulary());
  BlessPlan plan =
      ComputeBlessedBounds(results, "results.json", bounds, {10, 256});
  EXPECT_EQ(plan.bounds["line_stream"].ToString(), "2 * max_line");
  EXPECT_THAT(
      plan.notes,
      Contains(HasSubstr("line_stream: the statistic terms of \"2 * max_line + "
                         "16 KiB\" alone exceed a net peak by 17000 B")));
}

TEST(ComputeBlessedBounds, LeavesCasesWithErrorsAlone) {
  std::string results = kResults;
  results.replace(results.find("\"fail\""), 6, "\"error\"");
  BoundsFile bounds = ParseBoundsFile(kBounds, "bounds.toml", TestVocabulary());
  BlessPlan plan =
      ComputeBlessedBounds(results, "results.json", bounds, {10, 256});
  EXPECT_EQ(plan.bounds.count("chunk"), 0u);
  EXPECT_THAT(
      plan.notes,
      Contains("left chunk alone: chunk on seed under massif is error"));
}

TEST(ComputeBlessedBounds, BadResultsNameTheFile) {
  BoundsFile bounds = ParseBoundsFile(kBounds, "bounds.toml", TestVocabulary());
  try {
    ComputeBlessedBounds("{\"schema\": 2}", "out/results.json", bounds, {});
    FAIL() << "no error";
  } catch (const std::runtime_error& error) {
    EXPECT_THAT(
        error.what(),
        HasSubstr("out/results.json: expected a heapbound results.json"));
  }
}

}  // namespace
}  // namespace heapbound
