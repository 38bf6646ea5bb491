#include "leftovers.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "test_support.h"

namespace heapbound {
namespace {

namespace fs = std::filesystem;

// Returns the pid of a process that has exited and been reaped.
int DeadPid() {
  pid_t pid = fork();
  if (pid == 0) _exit(0);
  waitpid(pid, nullptr, 0);
  return pid;
}

TEST(Leftovers, StaleScratchDirOfADeadRunIsRemovedWithItsJobsDebris) {
  TempDir out;
  int dead_runner = DeadPid();
  int dead_job = DeadPid();
  std::string stale = out.path() + "/.scratch-" + std::to_string(dead_runner);
  fs::create_directories(stale);
  RecordJobPid(stale, dead_job);
  std::string fifo = "/tmp/heaptrack_fifo" + std::to_string(dead_job);
  std::string pipe = "/tmp/vgdb-pipe-to-vgdb-from-" + std::to_string(dead_job) +
                     "-by-someone-on-somewhere";
  std::ofstream(fifo) << "";
  std::ofstream(pipe) << "";
  std::string mine = ScratchDirFor(out.path());
  fs::create_directories(mine);
  std::string live = out.path() + "/.scratch-1";  // init never dies
  fs::create_directories(live);

  RemoveStaleScratchDirs(out.path());
  EXPECT_FALSE(fs::exists(stale));
  EXPECT_FALSE(fs::exists(fifo));
  EXPECT_FALSE(fs::exists(pipe));
  EXPECT_TRUE(fs::exists(mine)) << "this run's own scratch dir";
  EXPECT_TRUE(fs::exists(live)) << "a running heapbound's scratch dir";
  fs::remove(fifo);
  fs::remove(pipe);
}

TEST(Leftovers, DebrisOfALiveProcessIsKept) {
  std::string fifo = "/tmp/heaptrack_fifo" + std::to_string(getpid());
  std::ofstream(fifo) << "";
  RemoveToolDebris({getpid()});
  EXPECT_TRUE(fs::exists(fifo));
  fs::remove(fifo);
}

}  // namespace
}  // namespace heapbound
