#include "heaptrack_trace.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <zstd.h>

#include <algorithm>

#include "golden_paths.h"
#include "heaptrack.h"

namespace heapbound {
namespace {

using ::testing::EndsWith;
using ::testing::HasSubstr;

// Compresses like the zstd command heaptrack pipes through (with checksum).
std::string Compress(const std::string& text) {
  std::string out(ZSTD_compressBound(text.size()), '\0');
  ZSTD_CCtx* context = ZSTD_createCCtx();
  ZSTD_CCtx_setParameter(context, ZSTD_c_checksumFlag, 1);
  std::size_t n =
      ZSTD_compress2(context, out.data(), out.size(), text.data(), text.size());
  ZSTD_freeCCtx(context);
  out.resize(n);
  return out;
}

std::string Decompressed(const std::string& golden) {
  std::string packed = ReadAll(Golden(golden));
  std::string out(1 << 20, '\0');
  out.resize(
      ZSTD_decompress(out.data(), out.size(), packed.data(), packed.size()));
  return out;
}

// Expects ReadHeaptrackTrace(path) to throw a message containing `part`.
void ExpectError(const std::string& path, const std::string& part) {
  try {
    ReadHeaptrackTrace(path);
    ADD_FAILURE() << "expected ToolOutputError for " << path;
  } catch (const ToolOutputError& e) {
    EXPECT_THAT(e.what(), HasSubstr(part));
  }
}

// Expects ReadHeaptrackTraceData to throw a message with `name` and `part`.
void ExpectDataError(const std::string& compressed, const std::string& name,
                     const std::string& part) {
  try {
    ReadHeaptrackTraceData(compressed, name);
    ADD_FAILURE() << "expected ToolOutputError";
  } catch (const ToolOutputError& e) {
    EXPECT_THAT(e.what(), HasSubstr(name));
    EXPECT_THAT(e.what(), HasSubstr(part));
  }
}

TEST(HeaptrackTrace, ReadsBaselinePool) {
  EXPECT_EQ(ReadHeaptrackTrace(Golden("baseline.heaptrack.zst")).peak_bytes,
            kPool);
}

TEST(HeaptrackTrace, FindsPeakOfFinalAllocationNeverFreed) {
  Measurement m = ReadHeaptrackTrace(Golden("final_peak.heaptrack.zst"));
  EXPECT_EQ(m.peak_bytes, kPool + 3000);
  ASSERT_EQ(m.top_sites.size(), 2u);
  EXPECT_EQ(m.top_sites[1].bytes, 3000u);
  EXPECT_EQ(m.top_sites[1].frames[0].function, "FinalBlock");
  EXPECT_EQ(m.top_sites[1].frames[0].line, 9);
  EXPECT_EQ(m.top_sites[1].frames[1].function, "main");
}

TEST(HeaptrackTrace, FindsSecondPeakHalfPercentAboveFirst) {
  Measurement m = ReadHeaptrackTrace(Golden("second_peak.heaptrack.zst"));
  EXPECT_EQ(m.peak_bytes, kPool + 100500);
  ASSERT_GE(m.top_sites.size(), 2u);
  EXPECT_EQ(m.top_sites[0].bytes, 100500u);
  EXPECT_EQ(m.top_sites[0].frames[0].function, "SecondWave");
  EXPECT_THAT(m.top_sites[0].frames[0].file, EndsWith("second_peak.c"));
}

TEST(HeaptrackTrace, GivesLiveStacksAtThePeak) {
  Measurement m = ReadHeaptrackTrace(Golden("frees_between.heaptrack.zst"));
  EXPECT_EQ(m.peak_bytes, kPool + 12000);
  ASSERT_EQ(m.top_sites.size(), 3u);
  EXPECT_EQ(m.top_sites[0].bytes, kPool);
  EXPECT_EQ(m.top_sites[1].bytes, 7000u);
  EXPECT_EQ(m.top_sites[1].frames[0].function, "MakeTable");
  EXPECT_THAT(m.top_sites[1].frames[0].file, EndsWith("frees_between.c"));
  EXPECT_EQ(m.top_sites[1].frames[0].line, 11);
  EXPECT_EQ(m.top_sites[2].bytes, 5000u);
  EXPECT_EQ(m.top_sites[2].frames[0].function, "MakeIndex");
  // Stacks run from the allocating function out to _start.
  EXPECT_EQ(m.top_sites[1].frames.back().function, "_start");
}

TEST(HeaptrackTrace, PeakStacksAddUpToThePeak) {
  // heaptrack has no threshold: every live allocation at the peak event is
  // in a stack.
  for (const char* name :
       {"baseline", "final_peak", "second_peak", "frees_between", "new_sizes",
        "realloc_calloc", "aligned", "stale_peak"}) {
    Measurement m =
        ReadHeaptrackTrace(Golden(std::string(name) + ".heaptrack.zst"));
    std::uint64_t sum = 0;
    for (const AllocationSite& stack : m.peak_stacks) sum += stack.bytes;
    EXPECT_EQ(sum, m.peak_bytes) << name;
  }
}

TEST(HeaptrackTrace, PeakStacksHoldMoreThanTheTopSites) {
  Measurement m = ReadHeaptrackTrace(Golden("frees_between.heaptrack.zst"));
  ASSERT_EQ(m.peak_stacks.size(), 3u);
  EXPECT_EQ(m.peak_stacks[1].frames[0].function, "MakeIndex");  // trace order
}

TEST(HeaptrackTrace, CountsReallocAsOneChange) {
  EXPECT_EQ(
      ReadHeaptrackTrace(Golden("realloc_calloc.heaptrack.zst")).peak_bytes,
      kPool + 10000);
}

TEST(HeaptrackTrace, MissesMemalign) {
  // heaptrack 1.4 does not hook memalign: 2560 of the 8576 bytes are lost.
  EXPECT_EQ(ReadHeaptrackTrace(Golden("aligned.heaptrack.zst")).peak_bytes,
            kPool + 8576 - 2560);
}

TEST(HeaptrackTrace, SeesWhatLibstdcxxAsksOfMalloc) {
  // heaptrack hooks malloc and aligned_alloc, not operator new: new(0) is
  // malloc(1) and new(100, align 64) is aligned_alloc(64, 128). massif and
  // the tracker count 120 here (programs/new_sizes.cc).
  EXPECT_EQ(ReadHeaptrackTrace(Golden("new_sizes.heaptrack.zst")).peak_bytes,
            kPool + 182);
}

TEST(HeaptrackTrace, CountsItsOwnLibstdcxxPoolInCPrograms) {
  // stale_peak links no libstdc++, but heaptrack's preload library does.
  EXPECT_EQ(ReadHeaptrackTrace(Golden("stale_peak.heaptrack.zst")).peak_bytes,
            kPool + 3000);
}

TEST(HeaptrackTrace, TimelineIncludesThePeakInOrder) {
  Measurement m = ReadHeaptrackTrace(Golden("second_peak.heaptrack.zst"));
  EXPECT_EQ(m.time_unit, "allocations and frees");
  std::uint64_t max = 0;
  for (const TimelinePoint& p : m.timeline) max = std::max(max, p.heap_bytes);
  EXPECT_EQ(max, m.peak_bytes);
  EXPECT_TRUE(
      std::is_sorted(m.timeline.begin(), m.timeline.end(),
                     [](const TimelinePoint& a, const TimelinePoint& b) {
                       return a.time < b.time;
                     }));
  // 1 pool + 100 + 100 + 100 + 100 events, then the pool freed at exit.
  EXPECT_EQ(m.timeline.back().time, 402u);
}

TEST(HeaptrackTrace, AbortedRunIsUntraced) {
  // heaptrack loses its buffered trace when the program aborts.
  ExpectError(Golden("abort_mid.heaptrack.zst"), "untraced");
}

TEST(HeaptrackTrace, EmptyThirteenByteTraceIsUntraced) {
  TempFile file("empty.heaptrack.zst");
  file.Write(Compress(""));
  ASSERT_EQ(ReadAll(file.path()).size(), 13u);
  ExpectError(file.path(), file.path() + ": untraced");
}

TEST(HeaptrackTrace, MissingFileNamesIt) {
  ExpectError("/nonexistent/x.heaptrack.zst",
              "/nonexistent/x.heaptrack.zst: cannot open");
}

TEST(HeaptrackTrace, TruncatedStreamIsAnError) {
  TempFile file("truncated.heaptrack.zst");
  std::string packed = ReadAll(Golden("frees_between.heaptrack.zst"));
  file.Write(packed.substr(0, packed.size() / 2));
  ExpectError(file.path(), "truncated heaptrack trace");
}

TEST(HeaptrackTrace, CorruptStreamIsAnError) {
  TempFile file("corrupt.heaptrack.zst");
  file.Write("this is not zstd\n");
  ExpectError(file.path(), "corrupt zstd data");
}

TEST(HeaptrackTrace, UndefinedAllocationInfoNamesLine) {
  TempFile file("undefined.heaptrack.zst");
  file.Write(Compress("v 10400 3\na 10 0\n+ 0\n+ 1\n"));
  ExpectError(file.path(),
              file.path() +
                  ":4: expected an allocation info index below 1 "
                  "(one per earlier 'a' record) in a heaptrack '+' "
                  "record, got '+ 1'");
}

TEST(HeaptrackTrace, MalformedNumberNamesLine) {
  TempFile file("malformed.heaptrack.zst");
  std::string text = Decompressed("final_peak.heaptrack.zst");
  std::size_t at = text.find("\na ");
  ASSERT_NE(at, std::string::npos);
  text.insert(at + 3, "zz");
  file.Write(Compress(text));
  ExpectError(file.path(),
              "expected <size> in a heaptrack 'a' record, got 'a zz");
}

TEST(HeaptrackTrace, FreeOfDeadAllocationIsAnError) {
  TempFile file("double_free.heaptrack.zst");
  file.Write(Compress("a 10 0\n+ 0\n- 0\n- 0\n"));
  ExpectError(file.path(), ":4: expected a free of a live allocation");
}

constexpr const char* kGoldenTraces[] = {
    "abort_mid", "aligned",        "baseline",    "final_peak", "frees_between",
    "new_sizes", "realloc_calloc", "second_peak", "stale_peak"};

// Cuts every golden trace after every line (and recompresses it): no cut
// may parse, as heaptrack_interpret's trailer is missing or miscounted.
TEST(HeaptrackTrace, NoLineCutOfAGoldenTraceParses) {
  std::size_t cuts = 0, truncated = 0, untraced = 0;
  for (const char* name : kGoldenTraces) {
    SCOPED_TRACE(name);
    std::string text = Decompressed(std::string(name) + ".heaptrack.zst");
    ASSERT_FALSE(text.empty());
    for (std::size_t end = 0; end < text.size();
         end = text.find('\n', end) + 1) {
      ++cuts;
      try {
        ReadHeaptrackTraceData(Compress(text.substr(0, end)), name);
        ADD_FAILURE() << "a cut after byte " << end << " parsed";
      } catch (const ToolOutputError& e) {
        std::string what = e.what();
        if (what.find("truncated trace") != std::string::npos) {
          ++truncated;
        } else if (what.find("untraced") != std::string::npos) {
          ++untraced;
        } else {
          ADD_FAILURE() << "cut after byte " << end << ": " << what;
        }
      }
    }
  }
  fmt::print("heaptrack line cuts: {}, truncated trace {}, untraced {}\n", cuts,
             truncated, untraced);
  EXPECT_EQ(cuts, truncated + untraced);
}

TEST(HeaptrackTrace, MissingTrailerIsATruncatedTrace) {
  std::string text = Decompressed("final_peak.heaptrack.zst");
  std::size_t at = text.find("# strings:");
  ASSERT_NE(at, std::string::npos);
  ExpectDataError(Compress(text.substr(0, at)), "final_peak.heaptrack.zst:",
                  "truncated trace: expected the "
                  "trailer '# strings: <n>' and '# ips: <n>'");
}

TEST(HeaptrackTrace, TrailerCountsMustMatch) {
  std::string text = Decompressed("final_peak.heaptrack.zst");
  std::size_t at = text.find("# strings: 23\n");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 14, "# strings: 24\n");
  ExpectDataError(Compress(text), "final_peak.heaptrack.zst:",
                  "truncated trace: the trailer counts 24 strings and 12 "
                  "ips, but the trace holds 23 's' and 12 'i' records");
}

TEST(HeaptrackTrace, ReadsTracesFromMemory) {
  Measurement m = ReadHeaptrackTraceData(
      ReadAll(Golden("second_peak.heaptrack.zst")), "second_peak");
  EXPECT_EQ(m.peak_bytes, kPool + 100500);
}

TEST(HeaptrackTrace, HugeLineIsRefused) {
  ExpectDataError(Compress("s 1 " + std::string(17 << 20, 'x')), "huge",
                  "a line longer than 16777216 bytes");
}

TEST(HeaptrackTrace, HugeStringLengthIsAnError) {
  // Once std::out_of_range: the length check wrapped at 2^64 - 1.
  ExpectDataError(
      Compress("s ffffffffffffffff\na 10 0\n+ 0\n\n# strings: 1\n# ips: 0\n"),
      "long", "long:1: expected <text> of the given length");
}

TEST(HeaptrackTrace, HeapAbove64BitsIsAnError) {
  ExpectDataError(Compress("a ffffffffffffffff 0\n+ 0\n+ 0\n"), "wrap",
                  "wrap:3: expected an allocation that keeps the heap below "
                  "2^64 bytes");
}

TEST(HeaptrackAdapter, WrapsCommandAndNamesTrace) {
  HeaptrackAdapter heaptrack;
  EXPECT_EQ(
      heaptrack.Wrap({"/bin/case", "--root", "/t"}, "/out/raw/job"),
      (std::vector<std::string>{"heaptrack", "-o", "/out/raw/job.heaptrack",
                                "/bin/case", "--root", "/t"}));
  EXPECT_EQ(HeaptrackAdapter::TraceFile("/out/raw/job"),
            "/out/raw/job.heaptrack.zst");
}

TEST(HeaptrackAdapter, GzipTraceIsAClearError) {
  TempFile file("gz.heaptrack.gz");
  file.Write("\x1f\x8b");
  std::string stem = file.path().substr(
      0, file.path().size() - std::string(".heaptrack.gz").size());
  try {
    HeaptrackAdapter().Parse(stem);
    FAIL() << "expected ToolOutputError";
  } catch (const ToolOutputError& e) {
    EXPECT_THAT(e.what(), HasSubstr("gzip trace because zstd was not on PATH"));
    EXPECT_THAT(e.what(), HasSubstr("Debian package zstd"));
  }
}

}  // namespace
}  // namespace heapbound
