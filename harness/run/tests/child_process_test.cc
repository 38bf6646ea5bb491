#include "child_process.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "test_support.h"

namespace heapbound {
namespace {

using ::testing::HasSubstr;

std::string Read(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

class ChildProcessTest : public ::testing::Test {
 protected:
  ChildSpec Shell(const std::string& script) {
    ChildSpec spec;
    spec.argv = {"sh", "-c", script};
    spec.stdout_path = dir_.path() + "/out";
    spec.stderr_path = dir_.path() + "/err";
    return spec;
  }
  TempDir dir_;
  std::atomic<bool> cancel_{false};
};

TEST_F(ChildProcessTest, CapturesStdoutStderrAndExitCode) {
  ChildSpec spec = Shell("echo hello; echo oops >&2; exit 7");
  ChildResult result = RunChild(spec, cancel_);
  EXPECT_EQ(result.spawn_error, "");
  EXPECT_TRUE(result.exited);
  EXPECT_EQ(result.exit_code, 7);
  EXPECT_EQ(Read(spec.stdout_path), "hello\n");
  EXPECT_EQ(Read(spec.stderr_path), "oops\n");
  EXPECT_GT(result.max_rss_bytes, 0u);
}

TEST_F(ChildProcessTest, PassesExtraEnvironment) {
  ChildSpec spec = Shell("echo \"$HEAPBOUND_TEST_VALUE\"");
  spec.environment = {{"HEAPBOUND_TEST_VALUE", "42"}};
  RunChild(spec, cancel_);
  EXPECT_EQ(Read(spec.stdout_path), "42\n");
}

TEST_F(ChildProcessTest, ReportsTheKillingSignal) {
  ChildResult result = RunChild(Shell("kill -SEGV $$"), cancel_);
  EXPECT_FALSE(result.exited);
  EXPECT_EQ(result.signal, SIGSEGV);
  EXPECT_EQ(SignalName(result.signal), "SIGSEGV");
}

TEST_F(ChildProcessTest, MissingProgramIsASpawnError) {
  ChildSpec spec = Shell("");
  spec.argv = {"heapbound-no-such-program"};
  ChildResult result = RunChild(spec, cancel_);
  EXPECT_THAT(result.spawn_error,
              HasSubstr("heapbound-no-such-program not found on PATH"));
}

TEST_F(ChildProcessTest, TimeoutKillsTheWholeProcessGroup) {
  std::string pid_file = dir_.path() + "/grandchild";
  ChildSpec spec = Shell("sleep 30 & echo $! > " + pid_file + "; wait");
  spec.timeout_seconds = 0.3;
  ChildResult result = RunChild(spec, cancel_);
  EXPECT_TRUE(result.timed_out);
  EXPECT_LT(result.wall_seconds, 5);
  pid_t grandchild = std::stoi(Read(pid_file));
  usleep(100000);
  // Dead means gone or a zombie waiting for init to reap it.
  std::string stat = Read("/proc/" + std::to_string(grandchild) + "/stat");
  bool alive = !stat.empty() && stat.find(") Z") == std::string::npos;
  EXPECT_FALSE(alive) << "the background sleep survived: " << stat;
}

TEST_F(ChildProcessTest, CancelKillsTheChild) {
  ChildSpec spec = Shell("sleep 30");
  cancel_ = true;
  ChildResult result = RunChild(spec, cancel_);
  EXPECT_TRUE(result.cancelled);
  EXPECT_LT(result.wall_seconds, 5);
}

TEST_F(ChildProcessTest, MemoryCapStopsARunawayAllocation) {
  if (FindProgram("python3", getenv("PATH")).empty())
    GTEST_SKIP() << "python3 not on PATH";
  ChildSpec spec =
      Shell("exec python3 -c 'b = bytearray(3 << 30); print(len(b))'");
  spec.memory_cap_bytes = std::uint64_t{1} << 30;
  ChildResult result = RunChild(spec, cancel_);
  EXPECT_TRUE(result.exited);
  EXPECT_NE(result.exit_code, 0);
  EXPECT_THAT(Read(spec.stderr_path), HasSubstr("MemoryError"));
  EXPECT_LT(result.max_rss_bytes, std::uint64_t{1} << 30);
}

TEST_F(ChildProcessTest, CapturesStdoutAndStderrIntoStrings) {
  ChildSpec spec = Shell("echo hello; echo oops >&2; exit 3");
  spec.capture_stdout = true;
  spec.capture_stderr = true;
  ChildResult result = RunChild(spec);
  EXPECT_EQ(result.stdout_text, "hello\n");
  EXPECT_EQ(result.stderr_text, "oops\n");
  EXPECT_EQ(result.ShellStatus(), 3);
}

TEST_F(ChildProcessTest, CapturesMoreThanAPipeHolds) {
  ChildSpec spec = Shell("head -c 300000 /dev/zero | tr '\\0' x");
  spec.capture_stdout = true;
  ChildResult result = RunChild(spec);
  EXPECT_EQ(result.stdout_text, std::string(300000, 'x'));
}

TEST_F(ChildProcessTest, TimeoutSendsSigtermFirstSoTheChildCanCleanUp) {
  ChildSpec spec =
      Shell("trap 'echo cleaned; exit 5' TERM; while :; do sleep 0.05; done");
  spec.timeout_seconds = 0.3;
  ChildResult result = RunChild(spec);
  EXPECT_TRUE(result.timed_out);
  EXPECT_TRUE(result.exited) << "killed by " << SignalName(result.signal);
  EXPECT_EQ(result.exit_code, 5);
  EXPECT_EQ(Read(spec.stdout_path), "cleaned\n");
  ASSERT_FALSE(result.stopped_pids.empty());
}

TEST_F(ChildProcessTest, ChildIgnoringSigtermGetsSigkillAfterTheGrace) {
  ChildSpec spec = Shell("trap '' TERM; while :; do sleep 0.05; done");
  spec.timeout_seconds = 0.2;
  spec.grace_seconds = 0.5;
  ChildResult result = RunChild(spec);
  EXPECT_TRUE(result.timed_out);
  EXPECT_EQ(result.signal, SIGKILL);
  EXPECT_GE(result.wall_seconds, 0.65);
  EXPECT_LT(result.wall_seconds, 5);
}

TEST_F(ChildProcessTest, OnStartedGetsThePidOfTheGroupLeader) {
  ChildSpec spec = Shell("echo $$; kill -0 $$");
  int started = 0;
  spec.on_started = [&](int pid) { started = pid; };
  ChildResult result = RunChild(spec);
  EXPECT_EQ(result.ShellStatus(), 0);
  EXPECT_EQ(Read(spec.stdout_path), std::to_string(started) + "\n");
  EXPECT_TRUE(RunChild(Shell("")).stopped_pids.empty());
}

// A process that runs a child and is then SIGKILLed (what a CI runner does
// on a job timeout) must not leave the child running.
TEST_F(ChildProcessTest, ChildDiesWithItsParent) {
  std::string pid_file = dir_.path() + "/child-pid";
  pid_t parent = fork();
  ASSERT_GE(parent, 0);
  if (parent == 0) {
    ChildSpec spec;
    spec.argv = {"sleep", "30"};
    spec.on_started = [&](int pid) {
      std::ofstream(pid_file + ".tmp") << pid;
      rename((pid_file + ".tmp").c_str(), pid_file.c_str());
    };
    RunChild(spec);
    _exit(0);
  }
  std::string text;
  for (int i = 0; i < 200 && text.empty(); ++i) {
    usleep(10000);
    text = Read(pid_file);
  }
  ASSERT_FALSE(text.empty());
  kill(parent, SIGKILL);
  waitpid(parent, nullptr, 0);
  pid_t child = std::stoi(text);
  bool alive = true;
  for (int i = 0; i < 200 && alive; ++i) {
    usleep(10000);
    std::string stat = Read("/proc/" + std::to_string(child) + "/stat");
    alive = !stat.empty() && stat.find(") Z") == std::string::npos;
  }
  EXPECT_FALSE(alive) << "sleep " << child << " outlived its parent";
  if (alive) kill(child, SIGKILL);
}

TEST(ProcessGroupMembers, ListsTheGroupOfThisProcess) {
  std::vector<int> members = ProcessGroupMembers(getpgrp());
  EXPECT_NE(std::find(members.begin(), members.end(), getpid()), members.end());
  EXPECT_TRUE(ProcessRuns(getpid()));
}

TEST(FindProgram, SearchesEachPathDirectory) {
  EXPECT_EQ(FindProgram("sh", "/nonexistent:/bin"), "/bin/sh");
  EXPECT_EQ(FindProgram("sh", "/nonexistent"), "");
  EXPECT_EQ(FindProgram("/bin/sh", ""), "/bin/sh");
}

TEST(TailOfFile, KeepsTheLastLines) {
  TempDir dir;
  std::string path = dir.path() + "/log";
  std::ofstream(path) << "one\ntwo\nthree\nfour\n";
  EXPECT_EQ(TailOfFile(path, 2, 1000), "three\nfour");
  EXPECT_EQ(TailOfFile(path, 10, 1000), "one\ntwo\nthree\nfour");
  EXPECT_EQ(TailOfFile(path, 10, 6), "four");
  EXPECT_EQ(TailOfFile(dir.path() + "/missing", 2, 100), "");
}

}  // namespace
}  // namespace heapbound
