#include "child_process.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

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
