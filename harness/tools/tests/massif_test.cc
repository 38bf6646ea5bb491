#include "massif.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <pthread.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "golden_paths.h"
#include "massif_parser.h"

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

std::uint64_t StackBytes(const Measurement& m) {
  std::uint64_t sum = 0;
  for (const AllocationSite& stack : m.peak_stacks) sum += stack.bytes;
  return sum;
}

TEST(MassifParser, PeakStacksAddUpToThePeak) {
  // massif's peak tree holds the peak in these (something is freed after
  // it); its "below threshold" leaves count, so nothing is left out.
  for (const char* name : {"baseline", "final_peak", "frees_between",
                           "new_sizes", "realloc_calloc", "aligned"}) {
    Measurement m = ParseMassifFile(Golden(std::string(name) + ".massif.out"));
    ASSERT_FALSE(m.peak_stacks.empty()) << name;
    EXPECT_EQ(StackBytes(m), m.peak_bytes) << name;
  }
}

TEST(MassifParser, PeakStacksRunFromTheAllocationOutward) {
  Measurement m = ParseMassifFile(Golden("frees_between.massif.out"));
  ASSERT_EQ(m.peak_stacks.size(), 3u);  // the 0-byte leaf adds nothing
  EXPECT_EQ(m.peak_stacks[1].bytes, 7000u);
  ASSERT_EQ(m.peak_stacks[1].frames.size(), 2u);
  EXPECT_EQ(m.peak_stacks[1].frames[0].function, "MakeTable");
  EXPECT_EQ(m.peak_stacks[1].frames[1].function, "main");
  EXPECT_EQ(m.peak_stacks[1].frames[1].line, 22);
}

TEST(MassifParser, BelowThresholdBytesAreAStackOfTheirOwn) {
  // new_sizes' 120 bytes of operator new sit in "5 places, all below
  // massif's threshold" right under the root.
  Measurement m = ParseMassifFile(Golden("new_sizes.massif.out"));
  ASSERT_EQ(m.peak_stacks.size(), 2u);
  EXPECT_EQ(m.peak_stacks[1].bytes, 120u);
  ASSERT_EQ(m.peak_stacks[1].frames.size(), 1u);
  EXPECT_EQ(m.peak_stacks[1].frames[0].function, "(below threshold)");
}

TEST(MassifParser, NoPeakStacksWithoutATreeAtThePeak) {
  // A stale heap_tree=peak (2000 B of a 3000 B peak) and a nearest tree
  // below the peak would not add up to it: no stacks rather than wrong ones.
  EXPECT_TRUE(
      ParseMassifFile(Golden("stale_peak.massif.out")).peak_stacks.empty());
  EXPECT_TRUE(
      ParseMassifFile(Golden("second_peak.massif.out")).peak_stacks.empty());
}

TEST(MassifParser, KnowsNeitherLeakedBytesNorAllocationCalls) {
  // massif snapshots when its sampling says so, not at exit: its last
  // snapshot of line_stream on small still held the 72 KiB of buffers that
  // heaptrack and track saw freed. So max_leaked is n/a under massif.
  EXPECT_FALSE(ParseMassifFile(Golden("baseline.massif.out")).leaked_bytes);
  EXPECT_FALSE(ParseMassifFile(Golden("final_peak.massif.out")).leaked_bytes);
  EXPECT_FALSE(ParseMassifFile(Golden("final_peak.massif.out")).allocs);
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

// The golden massif files; abort_mid's run died of SIGABRT, the others
// exited normally.
constexpr const char* kGoldenMassif[] = {
    "abort_mid", "aligned",        "baseline",    "final_peak", "frees_between",
    "new_sizes", "realloc_calloc", "second_peak", "stale_peak"};

bool SameSites(const std::vector<AllocationSite>& a,
               const std::vector<AllocationSite>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].bytes != b[i].bytes || a[i].frames.size() != b[i].frames.size())
      return false;
    for (std::size_t j = 0; j < a[i].frames.size(); ++j) {
      const Frame& x = a[i].frames[j];
      const Frame& y = b[i].frames[j];
      if (x.function != y.function || x.file != y.file || x.line != y.line)
        return false;
    }
  }
  return true;
}

// Returns true when `part` is the first points of `whole`.
bool IsTimelinePrefix(const std::vector<TimelinePoint>& part,
                      const std::vector<TimelinePoint>& whole) {
  if (part.size() > whole.size()) return false;
  for (std::size_t i = 0; i < part.size(); ++i) {
    if (part[i].time != whole[i].time ||
        part[i].heap_bytes != whole[i].heap_bytes)
      return false;
  }
  return true;
}

// Returns the index of the heap_tree=peak snapshot of a massif file.
std::size_t PeakTreeIndex(const std::string& text) {
  std::size_t at = text.find("heap_tree=peak\n");
  if (at == std::string::npos) return std::string::npos;
  std::size_t snapshot = text.rfind("snapshot=", at);
  return std::stoul(text.substr(snapshot + 9));
}

// Cuts every golden file at every byte. massif writes no trailer, so a cut
// just before a snapshot's separator leaves a whole file of fewer
// snapshots: the only cuts that may parse. For a run that exited normally
// the heap_tree=peak snapshot must be there, which holds the highest
// heap + extra bytes; such a cut keeps the full file's peak and top sites
// unless a later snapshot has more heap (second_peak: less extra;
// stale_peak: never freed), and always loses the timeline's tail. Such cuts
// are whole massif files of a shorter run: nothing in the format tells them
// apart (the cross-check with heaptrack or track does).
TEST(MassifParser, NoByteCutOfAGoldenFileParsesUnlessAtASnapshotEnd) {
  std::size_t cuts = 0, errors = 0, same_peak = 0, lower_peak = 0,
              crashed_prefixes = 0;
  for (const char* name : kGoldenMassif) {
    SCOPED_TRACE(name);
    const bool aborted = std::string(name) == "abort_mid";
    const MassifRunEnd end =
        aborted ? MassifRunEnd::kAny : MassifRunEnd::kNormalExit;
    std::string text = ReadAll(Golden(std::string(name) + ".massif.out"));
    Measurement full = ParseMassifText(text, name, end);
    const std::size_t peak_tree = PeakTreeIndex(text);
    for (std::size_t cut = 0; cut < text.size(); ++cut) {
      ++cuts;
      Measurement part;
      try {
        part =
            ParseMassifText(std::string_view(text).substr(0, cut), name, end);
      } catch (const ToolOutputError&) {
        ++errors;
        continue;
      }
      EXPECT_EQ(text.compare(cut, 22, "#-----------\nsnapshot="), 0)
          << "a cut inside a snapshot parsed: byte " << cut;
      EXPECT_TRUE(IsTimelinePrefix(part.timeline, full.timeline)) << cut;
      EXPECT_LT(part.timeline.size(), full.timeline.size()) << cut;
      EXPECT_LE(part.peak_bytes, full.peak_bytes) << cut;
      if (aborted) {
        ++crashed_prefixes;  // a crashed run's file may end anywhere
        continue;
      }
      EXPECT_GT(part.timeline.size(), peak_tree) << cut;
      if (part.peak_bytes == full.peak_bytes) {
        EXPECT_TRUE(SameSites(part.top_sites, full.top_sites)) << cut;
        ++same_peak;
        continue;
      }
      // Only where the heap peak comes after the heap_tree=peak snapshot:
      // second_peak (more heap, less extra) and stale_peak (no libstdc++,
      // nothing freed after its last allocation).
      auto highest =
          std::max_element(full.timeline.begin(), full.timeline.end(),
                           [](const TimelinePoint& a, const TimelinePoint& b) {
                             return a.heap_bytes < b.heap_bytes;
                           });
      EXPECT_GT(static_cast<std::size_t>(highest - full.timeline.begin()),
                peak_tree)
          << cut;
      ++lower_peak;
    }
  }
  fmt::print(
      "massif byte cuts: {}; errors {}; whole-snapshot cuts after the "
      "heap_tree=peak snapshot: {} with the same peak and sites, {} with a "
      "lower peak (the heap peak lies after it); prefixes of "
      "the aborted run {}\n",
      cuts, errors, same_peak, lower_peak, crashed_prefixes);
  EXPECT_EQ(cuts, errors + same_peak + lower_peak + crashed_prefixes);
}

TEST(MassifParser, NormalExitNeedsThePeakSnapshot) {
  std::string text = ReadAll(Golden("final_peak.massif.out"));
  // Cuts just before the heap_tree=peak snapshot.
  std::size_t at = text.rfind("#-----------\nsnapshot=8\n");
  ASSERT_NE(at, std::string::npos);
  try {
    ParseMassifText(text.substr(0, at), "final_peak.massif.out",
                    MassifRunEnd::kNormalExit);
    FAIL() << "expected ToolOutputError";
  } catch (const ToolOutputError& e) {
    EXPECT_THAT(e.what(), HasSubstr("final_peak.massif.out: truncated massif "
                                    "output: no 'heap_tree=peak' snapshot in "
                                    "8 snapshots"));
  }
  // A crashed run may not have one.
  EXPECT_EQ(ParseMassifText(text.substr(0, at), "final_peak.massif.out",
                            MassifRunEnd::kAny)
                .peak_bytes,
            kPool + 3000);
}

TEST(MassifAdapter, ParseRequiresThePeakSnapshotParseUnfinishedDoesNot) {
  TempFile file("abort.massif.out");
  file.Write(ReadAll(Golden("abort_mid.massif.out")));
  std::string stem =
      file.path().substr(0, file.path().size() - strlen(".massif.out"));
  EXPECT_THROW(MassifAdapter().Parse(stem), ToolOutputError);
  EXPECT_EQ(MassifAdapter().ParseUnfinished(stem).peak_bytes, kPool + 10000);
}

TEST(MassifParser, ZeroPeakIsUntraced) {
  std::string text = ReadAll(Golden("final_peak.massif.out"));
  // Keeps the header and snapshot 0 (time=0, mem_heap_B=0).
  std::string first = FirstLines(text, 11);
  ASSERT_THAT(first, HasSubstr("mem_heap_B=0\n"));
  try {
    ParseMassifText(first, "zero.massif.out");
    FAIL() << "expected ToolOutputError";
  } catch (const ToolOutputError& e) {
    EXPECT_THAT(e.what(), HasSubstr("zero.massif.out: untraced: the peak is "
                                    "0 B over 1 snapshots"));
    EXPECT_THAT(e.what(), HasSubstr("72,704-byte emergency pool"));
  }
}

TEST(MassifParser, LastLineWithoutNewlineIsTruncated) {
  std::string text = ReadAll(Golden("final_peak.massif.out"));
  text.pop_back();
  try {
    ParseMassifText(text, "cut.massif.out");
    FAIL() << "expected ToolOutputError";
  } catch (const ToolOutputError& e) {
    EXPECT_THAT(e.what(), HasSubstr("cut.massif.out:"));
    EXPECT_THAT(e.what(), HasSubstr("truncated massif output"));
    EXPECT_THAT(e.what(), HasSubstr("got 'heap_tree=empty'"));
  }
}

TEST(MassifParser, SnapshotsMustBeNumberedFromZero) {
  std::string text = ReadAll(Golden("final_peak.massif.out"));
  std::size_t at = text.find("snapshot=3\n");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 10, "snapshot=4");
  try {
    ParseMassifText(text, "gap.massif.out");
    FAIL() << "expected ToolOutputError";
  } catch (const ToolOutputError& e) {
    EXPECT_THAT(e.what(), HasSubstr("expected 'snapshot=3' (snapshots are "
                                    "numbered from 0 in file order), got "
                                    "'snapshot=4'"));
  }
}

TEST(MassifParser, HugeChildCountIsAClearError) {
  // Once a bare std::length_error from vector::reserve.
  std::string text = ReadAll(Golden("final_peak.massif.out"));
  std::size_t at = text.find(" n1: 3000 ");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 10, " n18446744073709551615: 3000 ");
  try {
    ParseMassifText(text, "huge.massif.out");
    FAIL() << "expected ToolOutputError";
  } catch (const ToolOutputError& e) {
    EXPECT_THAT(e.what(), HasSubstr("expected a heap tree line '  "
                                    "n<children>: <bytes> <frame>' at depth "
                                    "2, got '"));
  }
}

// Returns a massif file whose one detailed tree is a chain `depth` deep.
std::string DeepTreeFile(std::size_t depth) {
  std::string text =
      "desc: (none)\ncmd: deep\ntime_unit: B\n#-----------\nsnapshot=0\n"
      "#-----------\ntime=0\nmem_heap_B=100\nmem_heap_extra_B=0\n"
      "mem_stacks_B=0\nheap_tree=detailed\n"
      "n1: 100 (heap allocation functions) malloc/new/new[], --alloc-fns, "
      "etc.\n";
  for (std::size_t d = 1; d <= depth; ++d) {
    text += std::string(d, ' ');
    text += d < depth ? "n1: 100 0x1: f (deep.c:1)\n" : "n0: 100 0x1: leaf\n";
  }
  return text;
}

void* ParseDeepTree(void* result) {
  try {
    Measurement m = ParseMassifText(DeepTreeFile(4000), "deep.massif.out");
    *static_cast<std::size_t*>(result) =
        m.top_sites.empty() ? 0 : m.top_sites[0].frames.size();
  } catch (const std::exception&) {
  }
  return nullptr;
}

TEST(MassifParser, DeepTreeNeedsNoStack) {
  // On a 256 KiB stack, 4000 levels of recursion overflowed it.
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, 256 * 1024);
  std::size_t frames = 0;
  pthread_t thread;
  ASSERT_EQ(pthread_create(&thread, &attr, &ParseDeepTree, &frames), 0);
  pthread_join(thread, nullptr);
  pthread_attr_destroy(&attr);
  EXPECT_EQ(frames, 4000u);
}

TEST(MassifAdapter, WrapsCommandWithDesignSettings) {
  MassifAdapter massif;
  EXPECT_EQ(massif.Wrap({"/bin/case", "--case", "chunk"}, "/out/raw/job"),
            (std::vector<std::string>{
                "valgrind", "--tool=massif", "--vgdb=no",
                "--fullpath-after=", "--peak-inaccuracy=0.0", "--time-unit=B",
                "--massif-out-file=/out/raw/job.massif.out", "/bin/case",
                "--case", "chunk"}));
  EXPECT_TRUE(massif.Environment("/out/raw/job").empty());
  EXPECT_EQ(massif.RawFiles("/out/raw/job"),
            std::vector<std::string>{"/out/raw/job.massif.out"});
}

}  // namespace
}  // namespace heapbound
