#include "growth_gate.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "results_writer.h"
#include "terminal_report.h"

namespace heapbound {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

JobResult Row(const std::string& name, std::uint64_t net, Status status,
              Expectation expect = Expectation::kFit) {
  JobResult r;
  r.job.case_name = name;
  r.job.fixture = "tiny";
  r.job.tool = "track";
  r.job.expect = expect;
  r.job.bound_text = "8 KiB";
  r.job.bound_bytes = 8192;
  r.status = status;
  r.peak_bytes = net + 72704;
  r.baseline_bytes = 72704;
  r.net_peak_bytes = net;
  r.measured = true;
  return r;
}

BoundsFile Bounds() {
  BoundsVocabulary vocabulary;
  vocabulary.cases = {"baseline", "chunk", "line_stream", "mmap",
                      "whole_file_readall"};
  vocabulary.tools = {"track"};
  vocabulary.is_profile = [](const std::string&) { return true; };
  return ParseBoundsFile(R"([defaults]
tools = ["track"]
fixtures = ["tiny"]
max_growth = "0 B"

[case.chunk]
max_peak = "8 KiB"

[case.line_stream]
max_peak = "8 KiB"
max_growth = "10 %"

[case.mmap]
max_peak = "8 KiB"

[case.whole_file_readall]
max_peak = "8 KiB"
expect = "exceed"
)",
                         "bounds.toml", vocabulary);
}

std::map<std::string, FixtureStats> Fixtures() {
  FixtureStats stats;
  stats.total_bytes = 100;
  stats.files = 2;
  stats.max_file = 60;
  stats.max_line = 10;
  return {{"tiny", stats}};
}

BaselineRun Baseline(const std::vector<JobResult>& rows) {
  return BaselineRun{
      "base/results.json",
      ReadResults(ResultsJson(Fixtures(), rows), "base/results.json")};
}

TEST(GrowthGate, FailsGrowthBeyondMaxGrowthEvenWhenTheBoundHolds) {
  BaselineRun base = Baseline({Row("chunk", 4096, Status::kPass),
                               Row("line_stream", 1000, Status::kPass),
                               Row("mmap", 100, Status::kPass)});
  std::vector<JobResult> head = {Row("chunk", 4608, Status::kPass),
                                 Row("line_stream", 1100, Status::kPass),
                                 Row("mmap", 40, Status::kPass)};
  Comparison c = ApplyGrowthGate(base, Bounds(), Fixtures(), {},
                                 "head/results.json", head);
  EXPECT_EQ(head[0].status, Status::kFail);
  EXPECT_EQ(head[0].message,
            "grew by 512 B since the baseline run (max_growth 0 B)");
  EXPECT_EQ(ExitCodeFor(head), 1);
  // Exactly 10 %: within "10 %".
  EXPECT_EQ(head[1].status, Status::kPass);
  EXPECT_EQ(head[1].message, "");
  // Shrinkage is reported, never a failure.
  EXPECT_EQ(head[2].status, Status::kPass);
  ASSERT_EQ(c.rows.size(), 3u);
  EXPECT_EQ(c.rows[0].Id(), "chunk.tiny.track");
  EXPECT_TRUE(c.rows[0].over_max_growth);
  EXPECT_EQ(c.rows[0].max_growth, "0 B");
  EXPECT_EQ(c.rows[0].head_status, "fail");
  EXPECT_FALSE(c.rows[1].over_max_growth);
  EXPECT_EQ(c.rows[1].max_growth, "10 %");
  EXPECT_EQ(c.rows[2].change, Change::kShrank);
}

TEST(GrowthGate, NamesThePercentOfAPercentLimit) {
  BaselineRun base = Baseline({Row("line_stream", 1000, Status::kPass)});
  std::vector<JobResult> head = {Row("line_stream", 1101, Status::kPass)};
  ApplyGrowthGate(base, Bounds(), Fixtures(), {}, "head/results.json", head);
  EXPECT_EQ(head[0].status, Status::kFail);
  EXPECT_EQ(head[0].message,
            "grew by 101 B (10.10 %) since the baseline run (max_growth 10 %)");
}

TEST(GrowthGate, KeepsABrokenBoundsMessageAndLeavesErrorsAndControlsAlone) {
  BaselineRun base = Baseline(
      {Row("chunk", 4096, Status::kPass),
       Row("whole_file_readall", 9000, Status::kXfail, Expectation::kExceed)});
  JobResult broken = Row("chunk", 9000, Status::kFail);
  broken.message = "net peak 9000 B exceeds the bound 8192 B (8 KiB)";
  std::vector<JobResult> head = {
      broken,
      Row("whole_file_readall", 20000, Status::kXfail, Expectation::kExceed)};
  ApplyGrowthGate(base, Bounds(), Fixtures(), {}, "head/results.json", head);
  EXPECT_EQ(head[0].message,
            "net peak 9000 B exceeds the bound 8192 B (8 KiB); grew by 4904 B "
            "since the baseline run (max_growth 0 B)");
  EXPECT_EQ(head[1].status, Status::kXfail);
  EXPECT_EQ(head[1].message, "");
}

TEST(GrowthGate, RowsAShardFailedForTheSameGrowthGetNoSecondMessage) {
  BaselineRun base = Baseline({Row("chunk", 4096, Status::kPass)});
  std::vector<JobResult> shard = {Row("chunk", 4608, Status::kPass)};
  ApplyGrowthGate(base, Bounds(), Fixtures(), {}, "shard/results.json", shard);
  ASSERT_EQ(shard[0].status, Status::kFail);
  // The merge job reads the shard's results.json back and gates again.
  ResultsFile merged =
      ReadResults(ResultsJson(Fixtures(), shard), "merged/results.json");
  std::vector<JobResult> rows = shard;
  Comparison c =
      ApplyGrowthGate(base, Bounds(), merged, "merged/results.json", rows);
  EXPECT_EQ(rows[0].status, Status::kFail);
  EXPECT_EQ(rows[0].message,
            "grew by 512 B since the baseline run (max_growth 0 B)");
  EXPECT_TRUE(c.rows[0].over_max_growth);
  EXPECT_EQ(c.head.path, "merged/results.json");
}

// Returns what `print` writes to a FILE.
template <typename Print>
std::string Printed(Print print) {
  char* buffer = nullptr;
  std::size_t size = 0;
  std::FILE* out = open_memstream(&buffer, &size);
  print(out);
  std::fclose(out);
  std::string text(buffer, size);
  free(buffer);
  return text;
}

TEST(GrowthGate, TerminalProblemsSayTheRowGrew) {
  BaselineRun base = Baseline({Row("chunk", 4096, Status::kPass)});
  std::vector<JobResult> head = {Row("chunk", 4608, Status::kPass)};
  ApplyGrowthGate(base, Bounds(), Fixtures(), {}, "head/results.json", head);
  std::string text = Printed([&](std::FILE* out) { PrintProblems(out, head); });
  EXPECT_THAT(text, HasSubstr("FAIL chunk on tiny under track: net peak 4608 "
                              "B (4.5 KiB) vs bound 8192 B (8.0 KiB) = \"8 "
                              "KiB\"; under by 3584 B (3.5 KiB)\n"));
  EXPECT_THAT(text, HasSubstr("    grew by 512 B since the baseline run "
                              "(max_growth 0 B)\n"));
  EXPECT_THAT(text, Not(HasSubstr("negative control")));
}

TEST(GrowthGate, PrintsGrowthAndSuggestsBlessForShrinkage) {
  BaselineRun base = Baseline(
      {Row("chunk", 4096, Status::kPass), Row("mmap", 100, Status::kPass)});
  std::vector<JobResult> head = {Row("chunk", 4608, Status::kPass),
                                 Row("mmap", 40, Status::kPass)};
  Comparison c = ApplyGrowthGate(base, Bounds(), Fixtures(), {},
                                 "head/results.json", head);
  std::string text = Printed([&](std::FILE* out) { PrintGrowth(out, c); });
  EXPECT_THAT(text, HasSubstr("grew   chunk.tiny.track"));
  EXPECT_THAT(text, HasSubstr("4096 B -> 4608 B, by 512 B (12.50 %): more "
                              "than max_growth 0 B"));
  EXPECT_THAT(text, HasSubstr("100 B -> 40 B, by 60 B; `heapbound bless` "
                              "lowers its bound to keep the gain"));
}

}  // namespace
}  // namespace heapbound
