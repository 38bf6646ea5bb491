// Runs the built heapbound and heapbound-measure and checks how they treat
// processes: timeouts and SIGKILL leave no jobs and no files behind, a case
// that hits its memory cap breaks its bound, bad flags are usage errors.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
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

// Returns the names in /tmp that killed tools leave (vgdb pipes, heaptrack
// fifos).
std::set<std::string> ToolDebrisInTmp() {
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator("/tmp")) {
    std::string name = entry.path().filename().string();
    if (name.rfind("vgdb-pipe-", 0) == 0 ||
        name.rfind("heaptrack_fifo", 0) == 0) {
      names.insert(name);
    }
  }
  return names;
}

// Returns the live processes whose environment holds `marker`.
std::vector<int> MarkedProcesses(const std::string& marker) {
  std::vector<int> pids;
  for (const auto& entry : fs::directory_iterator("/proc")) {
    std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::string environ = ReadText(entry.path().string() + "/environ");
    if (environ.find(marker) != std::string::npos)
      pids.push_back(std::stoi(name));
  }
  return pids;
}

class ProcessE2E : public HeapboundTestDir {
 protected:
  ProcessE2E() : HeapboundTestDir("heapbound-process") {}

  void SetUp() override {
    HeapboundTestDir::SetUp();
    marker_ = "HEAPBOUND_PROCESS_TEST=" + dir_;
    bounds_ = WriteTestingBounds();
  }
  void TearDown() override {
    // Kills whatever a failing test left running.
    for (int pid : MarkedProcesses(marker_)) kill(pid, SIGKILL);
    HeapboundTestDir::TearDown();
  }

  ChildSpec Spec(const std::string& program, std::vector<std::string> args) {
    ChildSpec spec;
    spec.argv = {program};
    spec.argv.insert(spec.argv.end(), args.begin(), args.end());
    spec.environment = {{"HEAPBOUND_PROCESS_TEST", dir_}};
    spec.capture_stdout = true;
    spec.capture_stderr = true;
    spec.timeout_seconds = 280;
    return spec;
  }

  // Runs `heapbound run` on tiny with the test-only cases.
  ChildResult Run(std::vector<std::string> more) {
    std::vector<std::string> args =
        TestingRunArgs(out_, bounds_, std::move(more));
    return RunChild(Spec(HEAPBOUND_BIN, args));
  }

  std::string marker_;
  std::string bounds_;
};

TEST_F(ProcessE2E, TimeoutUnderMassifAndHeaptrackLeavesNothingInTmp) {
  std::set<std::string> before = ToolDebrisInTmp();
  ChildResult run = Run({"--case", "hang", "--tool", "massif", "--tool",
                         "heaptrack", "--timeout", "2.5", "--jobs", "4"});
  EXPECT_EQ(run.ShellStatus(), 3) << run.stdout_text << run.stderr_text;
  EXPECT_THAT(run.stdout_text,
              HasSubstr("ERROR hang on tiny under massif: timed out after "
                        "2.5 s (stopped its process group"));
  EXPECT_THAT(run.stdout_text,
              HasSubstr("ERROR hang on tiny under heaptrack: timed out after "
                        "2.5 s"));
  // Other processes on the machine may leave files meanwhile; those of
  // processes that still run are theirs.
  for (const std::string& name : ToolDebrisInTmp()) {
    if (before.count(name)) continue;
    std::size_t digits = name.find_first_of("0123456789");
    int pid = std::atoi(name.c_str() + digits);
    EXPECT_TRUE(ProcessRuns(pid)) << "left in /tmp: " << name;
  }
}

TEST_F(ProcessE2E, FractionalTimeoutIsPrintedAsGiven) {
  ChildResult run =
      Run({"--case", "hang", "--tool", "track", "--timeout", "0.2"});
  EXPECT_EQ(run.ShellStatus(), 3) << run.stdout_text << run.stderr_text;
  EXPECT_THAT(run.stdout_text,
              HasSubstr("ERROR hang on tiny under track: timed out after 0.2 "
                        "s (stopped its process group"));
}

// What a CI runner does on a job timeout: SIGKILL heapbound itself. Its
// jobs must die with it, and the next run removes its scratch dir.
TEST_F(ProcessE2E, SigkilledHeapboundLeavesNoJobRunning) {
  ChildSpec spec = Spec(HEAPBOUND_BIN, {"run",
                                        "--fixture",
                                        "tiny",
                                        "--cache",
                                        HEAPBOUND_TEST_FIXTURES,
                                        "--out",
                                        out_,
                                        "--bounds",
                                        bounds_,
                                        "--driver",
                                        HEAPBOUND_TESTING_DRIVER,
                                        "--case",
                                        "hang",
                                        "--tool",
                                        "massif",
                                        "--tool",
                                        "heaptrack",
                                        "--tool",
                                        "track",
                                        "--jobs",
                                        "6"});
  std::atomic<int> heapbound{0};
  spec.on_started = [&](int pid) { heapbound = pid; };
  ChildResult child;
  std::thread runner([&] { child = RunChild(spec); });
  // Waits until the three hanging jobs and the tools' helpers run.
  std::string scratch;
  std::vector<int> jobs;
  for (int i = 0; i < 300 && jobs.size() < 4; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    jobs = MarkedProcesses(marker_);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  ASSERT_NE(heapbound.load(), 0);
  scratch = out_ + "/.scratch-" + std::to_string(heapbound.load());
  ASSERT_TRUE(fs::exists(scratch));
  kill(heapbound, SIGKILL);
  runner.join();
  EXPECT_EQ(child.signal, SIGKILL);

  std::vector<int> left = MarkedProcesses(marker_);
  for (int i = 0; i < 100 && !left.empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    left = MarkedProcesses(marker_);
  }
  for (int pid : left) {
    std::string cmdline = ReadText("/proc/" + std::to_string(pid) + "/cmdline");
    std::replace(cmdline.begin(), cmdline.end(), '\0', ' ');
    ADD_FAILURE() << "job process " << pid
                  << " outlived heapbound: " << cmdline;
  }

  std::vector<std::string> job_pids;
  for (const auto& entry : fs::directory_iterator(scratch)) {
    std::string name = entry.path().filename().string();
    if (name.rfind("job-pid-", 0) == 0) job_pids.push_back(name.substr(8));
  }
  EXPECT_GE(job_pids.size(), 3u) << "the hanging massif, heaptrack and track "
                                    "jobs";
  ChildResult next = Run({"--case", "chunk", "--tool", "track"});
  EXPECT_EQ(next.ShellStatus(), 0) << next.stdout_text << next.stderr_text;
  EXPECT_FALSE(fs::exists(scratch)) << "stale scratch dir left";
  for (const std::string& name : ToolDebrisInTmp()) {
    for (const std::string& pid : job_pids) {
      EXPECT_EQ(name.find("-" + pid + "-by-"), std::string::npos) << name;
      EXPECT_NE(name, "heaptrack_fifo" + pid);
    }
  }
}

TEST_F(ProcessE2E, MemoryCapIsABrokenBoundWithThePeakKept) {
  ChildResult run = Run({"--case", "hog", "--tool", "massif", "--tool",
                         "heaptrack", "--tool", "track", "--jobs", "3"});
  EXPECT_EQ(run.ShellStatus(), 1) << run.stdout_text << run.stderr_text;
  int hogs = 0;
  nlohmann::json results = Results();
  for (const auto& row : results["results"]) {
    if (row["case"] != "hog") continue;
    ++hogs;
    EXPECT_EQ(row["status"], "fail") << row.dump();
    EXPECT_EQ(row["message"],
              "exceeded the memory cap of 1073741824 B (1.0 GiB) (262144 x "
              "the bound)")
        << row["tool"];
    // 15 blocks of 64 MiB fit under 1 GiB with the tool's own memory.
    EXPECT_GE(row["peak_bytes"].get<std::uint64_t>(), std::uint64_t{15} << 26)
        << row["tool"];
    EXPECT_GT(row["net_peak_bytes"].get<std::uint64_t>(), 0u);
  }
  EXPECT_EQ(hogs, 3);
}

TEST_F(ProcessE2E, JobsAndTimeoutMustBeSensibleNumbers) {
  struct Case {
    std::vector<std::string> flag;
    std::string message;
  };
  for (const Case& each : std::vector<Case>{
           {{"--jobs", "0"}, "--jobs: 0: expected a whole number of jobs >= 1"},
           {{"--jobs", "1.5"},
            "--jobs: 1.5: expected a whole number of jobs >= 1"},
           {{"--timeout", "nan"},
            "--timeout: nan: expected a finite number of seconds >= 0"},
           {{"--timeout", "-1"},
            "--timeout: -1: expected a finite number of seconds >= 0"},
           {{"--timeout", "inf"},
            "--timeout: inf: expected a finite number of seconds >= 0"}}) {
    ChildResult run = Run(each.flag);
    EXPECT_EQ(run.ShellStatus(), 2) << each.flag[1];
    EXPECT_THAT(run.stderr_text, HasSubstr(each.message));
    EXPECT_FALSE(fs::exists(out_ + "/results.json"));
  }
}

TEST_F(ProcessE2E, MeasureExitsOneWhenTheCommandFails) {
  ChildResult run =
      RunChild(Spec(HEAPBOUND_MEASURE_BIN, {"--tool", "track", "--stem",
                                            dir_ + "/false", "--", "false"}));
  EXPECT_EQ(run.ShellStatus(), 1) << run.stderr_text;
  nlohmann::json line = nlohmann::json::parse(run.stdout_text);
  EXPECT_EQ(line["exit_status"], 1);
  EXPECT_THAT(run.stderr_text, HasSubstr("the command failed (exit_status 1)"));
}

TEST_F(ProcessE2E, MeasureOfAMissingProgramIsAUsageError) {
  ChildResult run = RunChild(
      Spec(HEAPBOUND_MEASURE_BIN, {"--tool", "massif", "--stem", dir_ + "/x",
                                   "--", "heapbound-no-such-program"}));
  EXPECT_EQ(run.ShellStatus(), 2) << run.stderr_text;
  EXPECT_THAT(run.stderr_text,
              HasSubstr("heapbound-no-such-program: no such program"));
  EXPECT_EQ(run.stdout_text, "");
}

// A function name with a byte that is not UTF-8 (\351) must not abort the
// JSON output.
TEST_F(ProcessE2E, MeasureParseReplacesInvalidUtf8) {
  std::string massif =
      ReadText(HEAPBOUND_TOOLS_TESTDATA "/final_peak.massif.out");
  std::size_t at = massif.find("main (");
  ASSERT_NE(at, std::string::npos);
  for (; at != std::string::npos; at = massif.find("main (", at))
    massif.replace(at, 4, "m\351in");
  std::ofstream(dir_ + "/bad.massif.out", std::ios::binary) << massif;
  ChildResult run =
      RunChild(Spec(HEAPBOUND_MEASURE_BIN,
                    {"--tool", "massif", "--stem", dir_ + "/bad", "--parse"}));
  EXPECT_EQ(run.ShellStatus(), 0) << run.stderr_text;
  EXPECT_THAT(run.stdout_text, HasSubstr("m\xEF\xBF\xBDin"));
  EXPECT_NO_THROW(nlohmann::json::parse(run.stdout_text));
}

}  // namespace
}  // namespace heapbound
