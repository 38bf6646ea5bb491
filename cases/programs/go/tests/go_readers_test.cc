// The Go readers under the rss tool (heapbound-spawn --rss-out), cross-
// checked against the Go runtime's own heap figures (GODEBUG=gctrace=1):
// both must tell the same story about each reader.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <regex>
#include <string>
#include <vector>

#include "child_process.h"
#include "rss.h"

namespace heapbound {
namespace {

namespace fs = std::filesystem;

constexpr char kSpawner[] = HEAPBOUND_SPAWNER;
constexpr char kGoBin[] = HEAPBOUND_GO_BIN;
constexpr char kScratch[] = HEAPBOUND_TESTS_SCRATCH;
constexpr std::uint64_t kMiB = 1 << 20;
constexpr std::uint64_t kFileBytes = 48 * kMiB;

// The settings bounds.toml gives every Go reader (README, "Go readers").
const std::vector<std::pair<std::string, std::string>> kGoEnvironment = {
    {"GOMAXPROCS", "1"}, {"GOGC", "100"}, {"GODEBUG", "gctrace=1"}};

struct GoRun {
  std::uint64_t rss_bytes = 0;       // the rss tool's peak
  std::uint64_t max_heap_bytes = 0;  // largest heap at a GC start (gctrace)
  int collections = 0;
  std::string stdout_text;
};

// A tree of one 48 MiB log and a small file, removed afterwards.
class GoReaders : public ::testing::Test {
 protected:
  void SetUp() override {
    // One tree per test: ctest runs these tests in parallel processes, and
    // a shared tree was removed under a running reader.
    root_ = std::string(kScratch) + "/go_readers_test." +
            ::testing::UnitTest::GetInstance()->current_test_info()->name();
    fs::remove_all(root_);
    fs::create_directories(root_ + "/logs");
    std::ofstream log(root_ + "/logs/big.log", std::ios::binary);
    std::string line(127, 'x');
    line += '\n';
    for (std::uint64_t written = 0; written < kFileBytes;
         written += line.size()) {
      log << line;
    }
    std::ofstream(root_ + "/a.txt") << "hello\n";
  }
  void TearDown() override { fs::remove_all(root_); }

  GoRun Run(const std::string& reader, bool baseline = false) {
    std::string out = root_ + "." + reader + ".rss.json";
    ChildSpec spec;
    spec.argv = {kSpawner, "--rss-out", out, "--",
                 std::string(kGoBin) + "/" + reader};
    if (baseline) spec.argv.push_back("-baseline");
    spec.argv.push_back(root_);
    spec.environment = kGoEnvironment;
    spec.capture_stdout = spec.capture_stderr = true;
    ChildResult child = RunChild(spec);
    EXPECT_EQ(child.ShellStatus(), 0) << child.stderr_text;
    GoRun run;
    run.rss_bytes = ParseRssFile(out).peak_bytes;
    fs::remove(out);
    run.stdout_text = child.stdout_text;
    // gc 1 @0.004s 2%: 0.009+0.21+0.002 ms clock, ..., 4->4->0 MB, 4 MB goal
    std::regex trace(R"((\d+)->(\d+)->(\d+) MB)");
    for (std::sregex_iterator it(child.stderr_text.begin(),
                                 child.stderr_text.end(), trace);
         it != std::sregex_iterator(); ++it) {
      run.max_heap_bytes = std::max<std::uint64_t>(
          run.max_heap_bytes, std::stoull((*it)[1]) * kMiB);
      ++run.collections;
    }
    return run;
  }

  std::string root_;
};

// Each prints the same proof of work: every byte, every file, one digest
// (docs/digest.md; the manifests' own check is the suite's digest check).
TEST_F(GoReaders, PrintTheSameProofOfWork) {
  std::uint64_t bytes = kFileBytes + 6;  // 128-byte lines, and "hello\n"
  std::string first;
  for (const char* reader : {"readall", "buffer", "scanner", "chunk"}) {
    SCOPED_TRACE(reader);
    std::string line = Run(reader).stdout_text;
    std::string proof =
        "\"bytes\":" + std::to_string(bytes) + ",\"files\":2,\"digest\":\"";
    std::size_t at = line.find(proof);
    ASSERT_NE(at, std::string::npos) << line;
    std::string digest = line.substr(at + proof.size(), 16);
    if (first.empty()) first = digest;
    EXPECT_EQ(digest, first);
  }
}

// bytes.Buffer: the runtime sees old and new buffer live at once (heap at
// a GC start over 2x the file) and so does the resident set; the two agree
// within a quarter.
TEST_F(GoReaders, BufferRssAndHeapBothExceedTwiceTheFile) {
  GoRun base = Run("buffer", true);
  GoRun run = Run("buffer");
  std::uint64_t net = run.rss_bytes - base.rss_bytes;
  std::cout << "buffer on a 48 MiB file: rss net " << net
            << " B, Go heap at GC start up to " << run.max_heap_bytes
            << " B over " << run.collections << " collections\n";
  EXPECT_GE(net, 2 * kFileBytes);
  EXPECT_GE(run.max_heap_bytes, 2 * kFileBytes);
  double ratio = static_cast<double>(net) / run.max_heap_bytes;
  EXPECT_GT(ratio, 0.75) << net << " vs " << run.max_heap_bytes;
  EXPECT_LT(ratio, 1.25) << net << " vs " << run.max_heap_bytes;
}

// The 4096-byte loop: the runtime never collects above its 4 MB minimum
// heap, and the resident set stays within 1 MiB of the baseline's.
TEST_F(GoReaders, ChunkStaysFlatInBothFigures) {
  GoRun base = Run("chunk", true);
  GoRun run = Run("chunk");
  std::cout << "chunk on a 48 MiB file: rss " << run.rss_bytes
            << " B, baseline " << base.rss_bytes << " B, Go heap at GC start "
            << "up to " << run.max_heap_bytes << " B\n";
  EXPECT_LE(run.rss_bytes, base.rss_bytes + kMiB);
  EXPECT_LE(run.max_heap_bytes, 4 * kMiB);
}

}  // namespace
}  // namespace heapbound
