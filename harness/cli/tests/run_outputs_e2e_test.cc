// End-to-end checks of what `heapbound run` leaves in its out dir when
// something goes wrong: bytes that are not UTF-8, a run that stops early, an
// out dir that is a file or held by another run, and a broken results.json
// given to bless.
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "child_process.h"
#include "e2e_support.h"
#include "testing_case_bounds.h"

namespace heapbound {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

class RunOutputsE2E : public HeapboundTestDir {
 protected:
  RunOutputsE2E() : HeapboundTestDir("heapbound-outputs") {}

  void SetUp() override {
    HeapboundTestDir::SetUp();
    bounds_ = WriteTestingBounds();
  }

  // `heapbound run` on tiny with the testing driver and our bounds.
  std::vector<std::string> RunArgs(std::vector<std::string> more) {
    more.insert(more.begin(), "--quiet");
    return TestingRunArgs(out_, bounds_, std::move(more));
  }

  Outcome Bless() {
    return Heapbound({"bless", "--bounds", bounds_, "--out", out_, "--driver",
                      HEAPBOUND_TESTING_DRIVER, "--dry-run"});
  }

  std::string bounds_;
};

TEST_F(RunOutputsE2E, StderrThatIsNotUtf8StillWritesEveryOutput) {
  Outcome run = Heapbound(RunArgs(
      {"--case", "bad_utf8_stderr", "--case", "chunk", "--tool", "track"}));
  EXPECT_EQ(run.exit_code, 3) << run.out << run.err;
  EXPECT_THAT(run.out, HasSubstr("results in " + out_ + "/results.json"));
  nlohmann::json results =
      nlohmann::json::parse(ReadText(out_ + "/results.json"));
  bool seen = false;
  for (const auto& row : results["results"]) {
    if (row["case"] != "bad_utf8_stderr") continue;
    seen = true;
    EXPECT_EQ(row["status"], "error");
    EXPECT_THAT(row["message"].get<std::string>(),
                HasSubstr("caf\xEF\xBF\xBD \x01\x1b[0m cannot read"));
  }
  EXPECT_TRUE(seen);
  std::string junit = ReadText(out_ + "/junit.xml");
  EXPECT_THAT(junit, HasSubstr("caf\xEF\xBF\xBD [0m cannot read"));
  EXPECT_THAT(junit, Not(HasSubstr("\x01")));
  EXPECT_THAT(ReadText(out_ + "/summary.md"),
              HasSubstr("**error** `bad_utf8_stderr.tiny.track`"));
}

// A reader that copies every line into a fresh heap block keeps a flat
// peak; only chunk's max_allocs (testing_case_bounds.h) catches it, under
// the tools that count calls, and massif says it cannot tell.
TEST_F(RunOutputsE2E, PerLineAllocatorBreaksMaxAllocsWithAFlatPeak) {
  Outcome run =
      Heapbound(RunArgs({"--case", "per_line_alloc", "--tool", "track",
                         "--tool", "heaptrack", "--tool", "massif"}));
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  nlohmann::json results = Results();
  std::uint64_t files = results["fixtures"]["tiny"]["files"];
  int checked = 0;
  for (const auto& row : results["results"]) {
    if (row["case"] != "per_line_alloc") continue;
    ++checked;
    if (row["tool"] == "massif") {
      EXPECT_EQ(row["status"], "pass") << row.dump();
      EXPECT_TRUE(row["allocs"].is_null());
      EXPECT_EQ(row["allocs_check"], "n/a");
      continue;
    }
    EXPECT_EQ(row["status"], "fail") << row.dump();
    EXPECT_LE(row["net_peak_bytes"].get<std::uint64_t>(),
              row["bound_bytes"].get<std::uint64_t>());
    EXPECT_EQ(row["allocs_bound"], files + 16);
    EXPECT_GT(row["net_allocs"].get<std::uint64_t>(), 10 * files);
    EXPECT_EQ(row["allocs_check"], "fail");
    EXPECT_THAT(row["message"].get<std::string>(),
                HasSubstr("exceed max_allocs files + 16 = "));
  }
  EXPECT_EQ(checked, 3);
  EXPECT_THAT(run.out, HasSubstr("FAIL per_line_alloc on tiny under track: "
                                 "net allocation calls "));
}

// A run that stops after it started (here Ctrl-C) must not leave the last
// run's results.json, junit.xml, summary.md or raw files for report and
// bless to take as its own.
TEST_F(RunOutputsE2E, InterruptedRunLeavesNoOldResultsBehind) {
  Outcome first = Heapbound(RunArgs({"--case", "chunk", "--tool", "track"}));
  ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
  ASSERT_TRUE(fs::exists(out_ + "/results.json"));
  ASSERT_EQ(Bless().exit_code, 0);

  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    freopen((dir_ + "/stdout").c_str(), "w", stdout);
    freopen((dir_ + "/stderr").c_str(), "w", stderr);
    std::vector<std::string> args =
        RunArgs({"--case", "hang", "--tool", "track"});
    args.erase(std::find(args.begin(), args.end(), "--quiet"));
    std::vector<char*> argv = {const_cast<char*>(HEAPBOUND_BIN)};
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    execv(HEAPBOUND_BIN, argv.data());
    _exit(127);
  }
  // Waits until the hanging job runs, then presses Ctrl-C.
  for (int i = 0; i < 200; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    if (ReadText(dir_ + "/stderr").find("driver") != std::string::npos) break;
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  kill(pid, SIGINT);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 3);

  for (const char* file :
       {"results.json", "junit.xml", "summary.md",
        "raw/chunk.tiny.track.track.json", "timelines/chunk.tiny.track.json"}) {
    EXPECT_FALSE(fs::exists(out_ + "/" + file)) << file << " is stale";
  }
  Outcome bless = Bless();
  EXPECT_EQ(bless.exit_code, 2) << bless.out << bless.err;
  EXPECT_THAT(bless.err, HasSubstr(out_ + "/results.json: cannot read: No "
                                          "such file or directory; run "
                                          "`heapbound run` first"));
}

TEST_F(RunOutputsE2E, OutDirThatIsAFileIsNamedAndNoToolIsBlamed) {
  std::ofstream(out_) << "not a directory";
  Outcome run = Heapbound(RunArgs({"--case", "chunk", "--tool", "track"}));
  EXPECT_EQ(run.exit_code, 3) << run.out << run.err;
  EXPECT_THAT(run.err, HasSubstr("heapbound run: error: out dir " + out_ +
                                 ": not a directory"));
  EXPECT_THAT(run.err + run.out, Not(HasSubstr("cannot run")));
  EXPECT_EQ(ReadText(out_), "not a directory");
}

TEST_F(RunOutputsE2E, SecondRunOnALockedOutDirIsRefused) {
  fs::create_directories(out_);
  int fd = open((out_ + "/.heapbound.lock").c_str(), O_RDWR | O_CREAT, 0644);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(flock(fd, LOCK_EX | LOCK_NB), 0);
  std::string pid = std::to_string(getpid()) + "\n";
  ASSERT_EQ(write(fd, pid.data(), pid.size()),
            static_cast<ssize_t>(pid.size()));
  std::ofstream(out_ + "/results.json") << "the other run's";
  Outcome run = Heapbound(RunArgs({"--case", "chunk", "--tool", "track"}));
  close(fd);
  EXPECT_EQ(run.exit_code, 3) << run.out << run.err;
  EXPECT_THAT(run.err,
              HasSubstr("another heapbound run (pid " +
                        std::to_string(getpid()) + ") is writing " + out_));
  EXPECT_EQ(ReadText(out_ + "/results.json"), "the other run's");
}

TEST_F(RunOutputsE2E, BlessNamesAMissingFieldOfResultsAndExits2) {
  Outcome run = Heapbound(RunArgs({"--case", "chunk", "--tool", "track"}));
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  nlohmann::json results =
      nlohmann::json::parse(ReadText(out_ + "/results.json"));
  ASSERT_EQ(results["results"].size(), 2u);
  ASSERT_EQ(results["results"][0]["case"], "chunk");
  results["results"][0].erase("net_peak_bytes");
  std::ofstream(out_ + "/results.json") << results.dump(1);
  Outcome bless = Bless();
  EXPECT_EQ(bless.exit_code, 2) << bless.out << bless.err;
  EXPECT_THAT(bless.err, HasSubstr("heapbound bless: error: " + out_ +
                                   "/results.json: results[0].net_peak_bytes: "
                                   "missing"));
}

// One summary.md: the report's copies the run's, with each case linked to
// its job page, and adds the pictures, so their counts and rounding cannot
// disagree.
TEST_F(RunOutputsE2E, ReportSummaryIsTheRunsSummaryPlusPictures) {
  Outcome run = Heapbound(RunArgs({"--case", "chunk", "--tool", "track"}));
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  Outcome report = Heapbound({"report", "--out", out_});
  if (report.exit_code == 3) GTEST_SKIP() << report.err;  // no matplotlib
  ASSERT_EQ(report.exit_code, 0) << report.out << report.err;
  std::string summary = ReadText(out_ + "/summary.md");
  ASSERT_THAT(summary, HasSubstr("| chunk | tiny | track |"));
  for (const std::string name : {"chunk", "baseline"}) {
    std::string cell = "| " + name + " | tiny | track |";
    summary.replace(summary.find(cell), cell.size(),
                    "| [" + name + "](jobs/" + name +
                        ".tiny.track.html) | "
                        "tiny | track |");
  }
  std::string page = ReadText(out_ + "/report/summary.md");
  EXPECT_EQ(page.substr(0, summary.size() + 13), summary + "\n## Pictures\n");
}

}  // namespace
}  // namespace heapbound
