// heapbound-spawn through RunChild: everything a directly forked child gets
// (capture, exit codes, signals, timeouts, the memory cap, parent death),
// and a ru_maxrss that is the program's own.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "child_process.h"
#include "program_lookup.h"

namespace heapbound {
namespace {

using ::testing::HasSubstr;

constexpr char kSpawner[] = HEAPBOUND_SPAWNER;
constexpr char kDriver[] = HEAPBOUND_CASE_DRIVER;
constexpr char kTouchPages[] = HEAPBOUND_TOUCH_PAGES;
constexpr char kScratch[] = HEAPBOUND_TESTS_SCRATCH;
constexpr std::uint64_t kMiB = 1 << 20;

ChildSpec Spawned(std::vector<std::string> argv) {
  ChildSpec spec;
  spec.argv = std::move(argv);
  spec.spawner = kSpawner;
  spec.capture_stdout = true;
  spec.capture_stderr = true;
  return spec;
}

ChildSpec Shell(const std::string& script) {
  return Spawned({"sh", "-c", script});
}

// Returns the parent pid of `pid` from /proc/<pid>/stat, or 0.
int ParentOf(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(in)),
                   std::istreambuf_iterator<char>());
  std::size_t close = text.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream fields(text.substr(close + 2));
  char state;
  int parent = 0;
  fields >> state >> parent;
  return parent;
}

TEST(Spawner, ReportsExitCodeOutputAndTheProgramsPid) {
  ChildSpec spec = Shell("echo $$; echo oops >&2; exit 7");
  int started = 0;
  spec.on_started = [&](int pid) { started = pid; };
  ChildResult result = RunChild(spec);
  EXPECT_EQ(result.spawn_error, "");
  EXPECT_TRUE(result.exited);
  EXPECT_EQ(result.exit_code, 7);
  EXPECT_EQ(result.stdout_text, std::to_string(started) + "\n");
  EXPECT_EQ(result.stderr_text, "oops\n");
  EXPECT_GT(result.max_rss_bytes, 0u);
}

TEST(Spawner, ReportsTheKillingSignal) {
  ChildResult result = RunChild(Shell("kill -SEGV $$"));
  EXPECT_FALSE(result.exited);
  EXPECT_EQ(result.signal, SIGSEGV);
}

TEST(Spawner, AProgramThatCannotRunIsASpawnErrorNamingIt) {
  // Executable, but neither ELF nor script: execv fails with ENOEXEC in the
  // spawner's child, after the spawner itself started.
  std::filesystem::create_directories(kScratch);
  std::string path = std::string(kScratch) + "/spawn_test_not_a_program";
  std::ofstream(path) << "not a program\n";
  chmod(path.c_str(), 0755);
  ChildResult result = RunChild(Spawned({path}));
  std::remove(path.c_str());
  EXPECT_EQ(result.spawn_error, "cannot run " + path + ": Exec format error");
  EXPECT_EQ(result.ShellStatus(), -1);
}

TEST(Spawner, AMissingSpawnerNamesTheTargetToBuild) {
  ChildSpec spec = Shell("true");
  spec.spawner = "/nonexistent/heapbound-spawn";
  EXPECT_EQ(RunChild(spec).spawn_error,
            "/nonexistent/heapbound-spawn not found or not executable; build "
            "the heapbound-spawn target (cmake --build build --target "
            "heapbound-spawn)");
}

TEST(Spawner, TimeoutSendsSigtermToTheProgramFirst) {
  ChildSpec spec =
      Shell("trap 'echo cleaned; exit 5' TERM; while :; do sleep 0.05; done");
  spec.timeout_seconds = 0.3;
  ChildResult result = RunChild(spec);
  EXPECT_TRUE(result.timed_out);
  EXPECT_TRUE(result.exited) << "killed by " << SignalName(result.signal);
  EXPECT_EQ(result.exit_code, 5);
  EXPECT_EQ(result.stdout_text, "cleaned\n");
  // The spawner leads the group; the program is a member.
  EXPECT_GE(result.stopped_pids.size(), 2u);
}

TEST(Spawner, ProgramIgnoringSigtermGetsSigkillAfterTheGrace) {
  ChildSpec spec = Shell("trap '' TERM; while :; do sleep 0.05; done");
  spec.timeout_seconds = 0.2;
  spec.grace_seconds = 0.5;
  ChildResult result = RunChild(spec);
  EXPECT_TRUE(result.timed_out);
  EXPECT_EQ(result.signal, SIGKILL);
  EXPECT_GE(result.wall_seconds, 0.65);
  EXPECT_LT(result.wall_seconds, 5);
}

TEST(Spawner, MemoryCapReachesTheProgram) {
  if (FindOnPath("python3").empty()) GTEST_SKIP() << "python3 not on PATH";
  ChildSpec spec =
      Spawned({"python3", "-c", "b = bytearray(3 << 30); print(len(b))"});
  spec.memory_cap_bytes = std::uint64_t{1} << 30;
  ChildResult result = RunChild(spec);
  EXPECT_TRUE(result.exited);
  EXPECT_NE(result.exit_code, 0);
  EXPECT_THAT(result.stderr_text, HasSubstr("MemoryError"));
}

TEST(Spawner, ProgramDiesWithTheSpawner) {
  ChildSpec spec = Shell("sleep 30");
  int program = 0;
  spec.on_started = [&](int pid) {
    program = pid;
    kill(ParentOf(pid), SIGKILL);  // the spawner alone
  };
  ChildResult result = RunChild(spec);
  EXPECT_EQ(result.signal, SIGKILL);
  EXPECT_LT(result.wall_seconds, 5);
  ASSERT_NE(program, 0);
  for (int i = 0; i < 50 && ProcessRuns(program); ++i) usleep(10000);
  EXPECT_FALSE(ProcessRuns(program));
}

// The fault: a child forked from a process with a large resident set
// reports that set as its own ru_maxrss (Linux carries the old mm's
// high-water mark over at exec). Through the spawner it does not.
TEST(Spawner, RssIsTheProgramsOwnWhateverTheParentHolds) {
  std::vector<char> ballast(64 * kMiB);
  std::memset(ballast.data(), 1, ballast.size());
  ChildSpec direct = Spawned({kTouchPages, "16"});
  direct.spawner.clear();
  ChildResult forked = RunChild(direct);
  ChildResult spawned = RunChild(Spawned({kTouchPages, "16"}));
  ASSERT_EQ(forked.ShellStatus(), 0);
  ASSERT_EQ(spawned.ShellStatus(), 0);
  EXPECT_GE(forked.max_rss_bytes, 64 * kMiB) << "the carry-over is gone?";
  EXPECT_GE(spawned.max_rss_bytes, 16 * kMiB);
  EXPECT_LE(spawned.max_rss_bytes, 18 * kMiB);
  EXPECT_NE(ballast[12345], 0);
}

// The C++ baseline (heapbound-case, no reading) on tiny: within 1 MiB of
// what /usr/bin/time -v says, measured here side by side.
TEST(Spawner, BaselineRssWithinOneMiBOfUsrBinTime) {
  if (!FileExists("/usr/bin/time"))
    GTEST_SKIP() << "/usr/bin/time missing (Debian package: time)";
  const char* fixtures = std::getenv("HEAPBOUND_TEST_FIXTURES");
  ASSERT_NE(fixtures, nullptr) << "HEAPBOUND_TEST_FIXTURES is not set";
  std::string root = std::string(fixtures) + "/tiny/spiders";
  std::vector<std::string> baseline = {kDriver, "--case", "baseline", "--root",
                                       root};
  // Like heapbound: a parent holding tens of MiB.
  std::vector<char> ballast(32 * kMiB);
  std::memset(ballast.data(), 1, ballast.size());

  ChildResult ours = RunChild(Spawned(baseline));
  std::vector<std::string> timed = {"/usr/bin/time", "-v"};
  timed.insert(timed.end(), baseline.begin(), baseline.end());
  ChildResult time = RunChild(Spawned(timed));
  ASSERT_EQ(ours.ShellStatus(), 0) << ours.stderr_text;
  ASSERT_EQ(time.ShellStatus(), 0) << time.stderr_text;
  const std::string key = "Maximum resident set size (kbytes): ";
  std::size_t at = time.stderr_text.find(key);
  ASSERT_NE(at, std::string::npos) << time.stderr_text;
  std::uint64_t time_bytes =
      std::stoull(time.stderr_text.substr(at + key.size())) * 1024;
  std::int64_t difference = static_cast<std::int64_t>(ours.max_rss_bytes) -
                            static_cast<std::int64_t>(time_bytes);
  std::cout << "baseline on tiny: heapbound-spawn " << ours.max_rss_bytes
            << " B, /usr/bin/time -v " << time_bytes << " B\n";
  EXPECT_LE(std::llabs(difference), static_cast<long long>(kMiB))
      << "heapbound-spawn " << ours.max_rss_bytes << " B, /usr/bin/time "
      << time_bytes << " B";
  EXPECT_NE(ballast[12345], 0);
}

}  // namespace
}  // namespace heapbound
