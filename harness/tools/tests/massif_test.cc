#include "massif.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "golden_paths.h"

namespace heapbound {
namespace {

using ::testing::HasSubstr;

std::uint64_t TimelineMax(const Measurement& m) {
  std::uint64_t max = 0;
  for (const TimelinePoint& p : m.timeline) max = std::max(max, p.heap_bytes);
  return max;
}

TEST(MassifParser, ReadsBaselinePool) {
  Measurement m = ParseMassifFile(Golden("baseline.massif.out"));
  EXPECT_EQ(m.peak_bytes, kPool);
  EXPECT_EQ(m.time_unit, "bytes allocated");
}

TEST(MassifParser, TakesMaximumOverAllSnapshots) {
  Measurement m = ParseMassifFile(Golden("frees_between.massif.out"));
  EXPECT_EQ(m.peak_bytes, kPool + 12000);
  ASSERT_GE(m.top_sites.size(), 3u);
  EXPECT_EQ(m.top_sites[0].bytes, kPool);
  EXPECT_EQ(m.top_sites[1].bytes, 7000u);
  EXPECT_EQ(m.top_sites[1].frames[0].function, "MakeTable");
  EXPECT_EQ(m.top_sites[1].frames[0].file, "frees_between.c");
  EXPECT_EQ(m.top_sites[1].frames[0].line, 11);
  EXPECT_EQ(m.top_sites[1].frames[1].function, "main");
  EXPECT_EQ(m.top_sites[2].bytes, 5000u);
  EXPECT_EQ(m.top_sites[2].frames[0].function, "MakeIndex");
}

TEST(MassifParser, FindsPeakOfFinalAllocationNeverFreed) {
  Measurement m = ParseMassifFile(Golden("final_peak.massif.out"));
  EXPECT_EQ(m.peak_bytes, kPool + 3000);
  ASSERT_GE(m.top_sites.size(), 2u);
  EXPECT_EQ(m.top_sites[1].bytes, 3000u);
  EXPECT_EQ(m.top_sites[1].frames[0].function, "FinalBlock");
}

TEST(MassifParser, IgnoresStalePeakTree) {
  // Nothing is freed after the final 3000 bytes, so heap_tree=peak still
  // shows the earlier 2000-byte high-water mark.
  std::string text = ReadAll(Golden("stale_peak.massif.out"));
  ASSERT_THAT(text, HasSubstr("heap_tree=peak\nn1: 2000 "));
  Measurement m = ParseMassifFile(Golden("stale_peak.massif.out"));
  EXPECT_EQ(m.peak_bytes, 3000u);
}

TEST(MassifParser, FindsSecondPeakHalfPercentAboveFirst) {
  // heap_tree=peak is stale here too: it shows the first wave's 172704,
  // although a plain snapshot holds the second, higher peak.
  std::string text = ReadAll(Golden("second_peak.massif.out"));
  ASSERT_THAT(text, HasSubstr("heap_tree=peak\nn2: 172704 "));
  Measurement m = ParseMassifFile(Golden("second_peak.massif.out"));
  EXPECT_EQ(m.peak_bytes, kPool + 100500);
  // The sites come from the detailed tree nearest the real peak.
  ASSERT_GE(m.top_sites.size(), 2u);
  EXPECT_EQ(m.top_sites[0].frames[0].function, "SecondWave");
  EXPECT_EQ(m.top_sites[0].bytes, 84420u);
}

TEST(MassifParser, KeepsPeakOfAbortedRun) {
  Measurement m = ParseMassifFile(Golden("abort_mid.massif.out"));
  EXPECT_EQ(m.peak_bytes, kPool + 10000);
  EXPECT_TRUE(m.top_sites.empty());  // no detailed snapshot before abort
}

TEST(MassifParser, CountsReallocAsOneChange) {
  Measurement m = ParseMassifFile(Golden("realloc_calloc.massif.out"));
  EXPECT_EQ(m.peak_bytes, kPool + 10000);
}

TEST(MassifParser, CountsRequestedBytesOfAlignedAllocators) {
  Measurement m = ParseMassifFile(Golden("aligned.massif.out"));
  EXPECT_EQ(m.peak_bytes, kPool + 8576);
}

TEST(MassifParser, CountsTheSizeAskedOfOperatorNew) {
  // new char[0] counts 0 and an aligned new its size, not libstdc++'s
  // malloc(1) or rounded-up aligned_alloc.
  EXPECT_EQ(ParseMassifFile(Golden("new_sizes.massif.out")).peak_bytes,
            kPool + 120);
}

TEST(MassifParser, TimelineHasEverySnapshotInTimeOrder) {
  Measurement m = ParseMassifFile(Golden("second_peak.massif.out"));
  EXPECT_EQ(m.timeline.size(), 51u);
  EXPECT_EQ(TimelineMax(m), m.peak_bytes);
  EXPECT_TRUE(
      std::is_sorted(m.timeline.begin(), m.timeline.end(),
                     [](const TimelinePoint& a, const TimelinePoint& b) {
                       return a.time < b.time;
                     }));
}

TEST(MassifParser, KeepsObjectAsFileWhenSourceIsUnknown) {
  Measurement m = ParseMassifFile(Golden("frees_between.massif.out"));
  const Frame& pool = m.top_sites[0].frames[0];
  EXPECT_EQ(pool.function, "??");
  EXPECT_THAT(pool.file, HasSubstr("libstdc++.so"));
  EXPECT_EQ(pool.line, 0);
}

TEST(MassifParser, MissingFileNamesIt) {
  try {
    ParseMassifFile("/nonexistent/x.massif.out");
    FAIL() << "expected ToolOutputError";
  } catch (const ToolOutputError& e) {
    EXPECT_THAT(e.what(), HasSubstr("/nonexistent/x.massif.out"));
    EXPECT_THAT(e.what(), HasSubstr("cannot open"));
  }
}

// Keeps the first `lines` lines of a golden file.
std::string FirstLines(const std::string& text, int lines) {
  std::size_t end = 0;
  for (int i = 0; i < lines; ++i) end = text.find('\n', end) + 1;
  return text.substr(0, end);
}

TEST(MassifParser, TruncatedFileNamesLineAndExpectation) {
  TempFile file("truncated.massif.out");
  // Cuts inside snapshot 1, after its mem_heap_B line.
  file.Write(FirstLines(ReadAll(Golden("final_peak.massif.out")), 16));
  try {
    ParseMassifFile(file.path());
    FAIL() << "expected ToolOutputError";
  } catch (const ToolOutputError& e) {
    EXPECT_THAT(e.what(),
                HasSubstr(file.path() + ":17: unexpected end of file"));
    EXPECT_THAT(e.what(), HasSubstr("'mem_heap_extra_B=...'"));
    EXPECT_THAT(e.what(), HasSubstr("truncated"));
  }
}

TEST(MassifParser, TruncatedTreeNamesLine) {
  TempFile file("truncated_tree.massif.out");
  std::string text = ReadAll(Golden("final_peak.massif.out"));
  file.Write(text.substr(0, text.find(" n1: 3000 ")));
  EXPECT_THROW(
      {
        try {
          ParseMassifFile(file.path());
        } catch (const ToolOutputError& e) {
          EXPECT_THAT(
              e.what(),
              HasSubstr("unexpected end of file, expected a heap tree line"));
          throw;
        }
      },
      ToolOutputError);
}

TEST(MassifParser, MalformedLineIsQuoted) {
  TempFile file("malformed.massif.out");
  std::string text = ReadAll(Golden("final_peak.massif.out"));
  std::size_t at = text.find("mem_heap_B=72704");
  text.replace(at, 16, "mem_heap_B=lots");
  file.Write(text);
  try {
    ParseMassifFile(file.path());
    FAIL() << "expected ToolOutputError";
  } catch (const ToolOutputError& e) {
    EXPECT_THAT(e.what(),
                HasSubstr(file.path() + ":16: expected 'mem_heap_B=<unsigned "
                                        "integer>', got 'mem_heap_B=lots'"));
  }
}

TEST(MassifParser, MalformedTreeLineIsQuoted) {
  TempFile file("malformed_tree.massif.out");
  std::string text = ReadAll(Golden("final_peak.massif.out"));
  std::size_t at = text.find(" n1: 3000 ");
  text.replace(at, 10, " n1: three ");
  file.Write(text);
  try {
    ParseMassifFile(file.path());
    FAIL() << "expected ToolOutputError";
  } catch (const ToolOutputError& e) {
    EXPECT_THAT(e.what(),
                HasSubstr("expected a heap tree line ' n<children>: <bytes> "
                          "<frame>' at depth 1, got ' n1: three "));
  }
}

TEST(MassifParser, EmptyFileIsTruncated) {
  TempFile file("empty.massif.out");
  file.Write("");
  EXPECT_THROW(ParseMassifFile(file.path()), ToolOutputError);
}

TEST(MassifAdapter, WrapsCommandWithDesignSettings) {
  MassifAdapter massif;
  EXPECT_EQ(massif.Wrap({"/bin/case", "--case", "chunk"}, "/out/raw/job"),
            (std::vector<std::string>{
                "valgrind", "--tool=massif", "--peak-inaccuracy=0.0",
                "--time-unit=B", "--massif-out-file=/out/raw/job.massif.out",
                "/bin/case", "--case", "chunk"}));
  EXPECT_TRUE(massif.Environment("/out/raw/job").empty());
  EXPECT_EQ(massif.RawFiles("/out/raw/job"),
            std::vector<std::string>{"/out/raw/job.massif.out"});
}

}  // namespace
}  // namespace heapbound
