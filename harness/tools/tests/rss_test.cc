#include "rss.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "golden_paths.h"
#include "program_lookup.h"

namespace heapbound {
namespace {

using ::testing::HasSubstr;

void ExpectError(const std::string& text, const std::string& part) {
  TempFile file("rss_error.rss.json");
  file.Write(text);
  try {
    ParseRssFile(file.path());
    ADD_FAILURE() << "expected ToolOutputError for '" << text << "'";
  } catch (const ToolOutputError& e) {
    EXPECT_THAT(e.what(), HasSubstr(file.path()));
    EXPECT_THAT(e.what(), HasSubstr(part));
  }
}

// Recorded with heapbound-spawn --rss-out around touch_pages 16
// (harness/spawn/tests/programs): 16 MiB touched, plus the program's own.
TEST(RssOutput, ReadsTheGoldenRun) {
  Measurement m = ParseRssFile(Golden("touch_16.rss.json"));
  EXPECT_EQ(m.peak_bytes, 18313216u);
  EXPECT_EQ(m.time_unit, "ms");
  ASSERT_FALSE(m.timeline.empty());
  for (std::size_t i = 1; i < m.timeline.size(); ++i)
    EXPECT_GE(m.timeline[i].time, m.timeline[i - 1].time);
  auto highest = std::max_element(
      m.timeline.begin(), m.timeline.end(),
      [](auto& a, auto& b) { return a.heap_bytes < b.heap_bytes; });
  // The kernel's resident counters are per-CPU sums read approximately, so
  // a sample may stand a few pages above ru_maxrss; the peak is wait4's.
  EXPECT_GE(highest->heap_bytes, 16u << 20);
  EXPECT_LE(highest->heap_bytes, m.peak_bytes + (64u << 10));
}

TEST(RssOutput, MissingOutputIsUntraced) {
  try {
    ParseRssFile("/nonexistent/job.rss.json");
    ADD_FAILURE() << "expected ToolOutputError";
  } catch (const ToolOutputError& e) {
    EXPECT_THAT(e.what(), HasSubstr("/nonexistent/job.rss.json: untraced: "
                                    "heapbound-spawn wrote no output"));
  }
}

TEST(RssOutput, RejectsMalformedLinesNamingWhatWasExpected) {
  ExpectError("", ":1: untraced: empty heapbound-spawn output");
  ExpectError("[1]", ":1: expected one JSON object from heapbound-spawn");
  ExpectError("{\"timeline\": []}",
              ":1: expected \"max_rss_bytes\": <unsigned integer>");
  ExpectError("{\"max_rss_bytes\": 0, \"timeline\": []}",
              "max_rss_bytes is 0: the process did not run");
  ExpectError("{\"max_rss_bytes\": 4096}",
              ":1: expected \"timeline\": [[<ms>, <bytes>], ...]");
  ExpectError("{\"max_rss_bytes\": 4096, \"timeline\": [[1, -2]]}",
              "expected timeline points [<ms>, <bytes>], got [1,-2]");
}

TEST(RssAdapter, WrapsTheCommandInTheSpawnerWithAResolvedProgram) {
  RssAdapter rss("/opt/heapbound-spawn");
  EXPECT_EQ(rss.Wrap({"sh", "-c", "true"}, "out/raw/job"),
            (std::vector<std::string>{"/opt/heapbound-spawn", "--rss-out",
                                      "out/raw/job.rss.json", "--",
                                      FindOnPath("sh"), "-c", "true"}));
  EXPECT_EQ(rss.RawFiles("out/raw/job"),
            std::vector<std::string>{"out/raw/job.rss.json"});
  EXPECT_THAT(rss.Unavailable(),
              HasSubstr("/opt/heapbound-spawn not found; build the "
                        "heapbound-spawn target"));
  EXPECT_FALSE(rss.exact());
}

}  // namespace
}  // namespace heapbound
