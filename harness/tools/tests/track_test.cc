#include "track.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "golden_paths.h"

namespace heapbound {
namespace {

using ::testing::HasSubstr;

void ExpectError(const std::string& path, const std::string& part) {
  try {
    ParseTrackFile(path);
    ADD_FAILURE() << "expected ToolOutputError for " << path;
  } catch (const ToolOutputError& e) {
    EXPECT_THAT(e.what(), HasSubstr(part));
  }
}

TEST(TrackOutput, ReadsExactPeaksOfGoldenPrograms) {
  EXPECT_EQ(ParseTrackFile(Golden("baseline.track.json")).peak_bytes, kPool);
  EXPECT_EQ(ParseTrackFile(Golden("final_peak.track.json")).peak_bytes,
            kPool + 3000);
  EXPECT_EQ(ParseTrackFile(Golden("second_peak.track.json")).peak_bytes,
            kPool + 100500);
  EXPECT_EQ(ParseTrackFile(Golden("frees_between.track.json")).peak_bytes,
            kPool + 12000);
  EXPECT_EQ(ParseTrackFile(Golden("realloc_calloc.track.json")).peak_bytes,
            kPool + 10000);
  EXPECT_EQ(ParseTrackFile(Golden("aligned.track.json")).peak_bytes,
            kPool + 8576);
  EXPECT_EQ(ParseTrackFile(Golden("stale_peak.track.json")).peak_bytes, 3000u);
  EXPECT_EQ(ParseTrackFile(Golden("new_sizes.track.json")).peak_bytes,
            kPool + 120);
}

TEST(TrackOutput, ReadsLiveBytesAtExitAndAllocationCalls) {
  // final_peak: the pool, 2000, 500 and 3000 bytes; the last never freed.
  Measurement m = ParseTrackFile(Golden("final_peak.track.json"));
  EXPECT_EQ(m.leaked_bytes, kPool + 3000);
  EXPECT_EQ(m.allocs, 4u);
  Measurement baseline = ParseTrackFile(Golden("baseline.track.json"));
  EXPECT_EQ(baseline.leaked_bytes, kPool);  // the tracker outlives no free
  EXPECT_EQ(baseline.allocs, 1u);
}

TEST(TrackOutput, TimelineKeepsThePeak) {
  Measurement m = ParseTrackFile(Golden("second_peak.track.json"));
  EXPECT_EQ(m.time_unit, "allocations and frees");
  ASSERT_FALSE(m.timeline.empty());
  std::uint64_t max = 0;
  for (const TimelinePoint& p : m.timeline) max = std::max(max, p.heap_bytes);
  EXPECT_EQ(max, m.peak_bytes);
}

TEST(TrackOutput, MissingFileIsUntraced) {
  ExpectError("/nonexistent/x.track.json",
              "/nonexistent/x.track.json: untraced");
}

TEST(TrackOutput, EmptyFileIsUntraced) {
  TempFile file("empty.track.json");
  file.Write("");
  ExpectError(file.path(), ":1: untraced");
}

TEST(TrackOutput, MalformedJsonIsQuoted) {
  TempFile file("malformed.track.json");
  file.Write("{\"peak_bytes\": 12,\n");
  ExpectError(file.path(),
              ":1: expected one JSON object from libheapbound_track.so, got "
              "'{\"peak_bytes\": 12,'");
}

TEST(TrackOutput, MissingPeakIsAnError) {
  TempFile file("nopeak.track.json");
  file.Write("{\"live_at_exit\": 0}\n");
  ExpectError(file.path(), "expected \"peak_bytes\": <unsigned integer>");
}

TEST(TrackOutput, TrackerErrorIsReported) {
  TempFile file("error.track.json");
  file.Write(
      "{\"peak_bytes\":1,\"live_at_exit\":0,\"error\":\"mmap failed; counts "
      "are incomplete\"}\n");
  ExpectError(file.path(), "the tracker failed: mmap failed");
}

TEST(TrackAdapter, PreloadsTheLibraryAndLeavesTheCommand) {
  TrackAdapter track("/build/lib/libheapbound_track.so");
  std::vector<std::string> command = {"/bin/case", "--case", "chunk"};
  EXPECT_EQ(track.Wrap(command, "/out/raw/job"), command);
  EXPECT_EQ(track.Environment("/out/raw/job"),
            (std::vector<std::pair<std::string, std::string>>{
                {"LD_PRELOAD", "/build/lib/libheapbound_track.so"},
                {"HEAPBOUND_TRACK_OUT", "/out/raw/job.track.json"}}));
  EXPECT_EQ(track.RawFiles("/out/raw/job"),
            std::vector<std::string>{"/out/raw/job.track.json"});
}

TEST(TrackAdapter, MissingLibraryIsUnavailable) {
  TrackAdapter track("/nonexistent/libheapbound_track.so");
  EXPECT_THAT(track.Unavailable(),
              HasSubstr("/nonexistent/libheapbound_track.so not found"));
}

}  // namespace
}  // namespace heapbound
