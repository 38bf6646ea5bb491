#include "leftovers.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "child_process.h"

namespace heapbound {
namespace {

namespace fs = std::filesystem;

constexpr char kScratchPrefix[] = ".scratch-";
constexpr char kPidPrefix[] = "job-pid-";

// Returns the number after `prefix` in `name`, or 0.
int NumberAfter(const std::string& name, const std::string& prefix) {
  if (name.rfind(prefix, 0) != 0 || name.size() == prefix.size()) return 0;
  std::string digits = name.substr(prefix.size());
  if (digits.find_first_not_of("0123456789") != std::string::npos) return 0;
  return std::atoi(digits.c_str());
}

void RemoveDebrisIn(const std::string& dir, const std::vector<int>& pids) {
  std::error_code error;
  for (fs::directory_iterator it(dir, error), end; !error && it != end;
       it.increment(error)) {
    std::string name = it->path().filename().string();
    for (int pid : pids) {
      bool vgdb = name.rfind("vgdb-pipe-", 0) == 0 &&
                  name.find(fmt::format("-{}-by-", pid)) != std::string::npos;
      bool fifo = name == fmt::format("heaptrack_fifo{}", pid);
      if (vgdb || fifo) {
        std::error_code ignored;
        fs::remove(it->path(), ignored);
      }
    }
  }
}

}  // namespace

void RemoveToolDebris(const std::vector<int>& pids) {
  std::vector<int> dead;
  for (int pid : pids) {
    if (pid > 0 && !ProcessRuns(pid)) dead.push_back(pid);
  }
  if (dead.empty()) return;
  RemoveDebrisIn("/tmp", dead);
  const char* tmpdir = std::getenv("TMPDIR");
  if (tmpdir != nullptr && *tmpdir != '\0' && fs::path(tmpdir) != "/tmp")
    RemoveDebrisIn(tmpdir, dead);
}

std::string ScratchDirFor(const std::string& out_dir) {
  return fmt::format("{}/{}{}", out_dir, kScratchPrefix, getpid());
}

void RecordJobPid(const std::string& scratch, int pid) {
  std::ofstream(fmt::format("{}/{}{}", scratch, kPidPrefix, pid));
}

void ForgetJobPid(const std::string& scratch, int pid) {
  std::error_code ignored;
  fs::remove(fmt::format("{}/{}{}", scratch, kPidPrefix, pid), ignored);
}

void RemoveStaleScratchDirs(const std::string& out_dir) {
  std::error_code error;
  for (fs::directory_iterator it(out_dir, error), end; !error && it != end;
       it.increment(error)) {
    int owner = NumberAfter(it->path().filename().string(), kScratchPrefix);
    if (owner == 0 || owner == getpid() || ProcessRuns(owner)) continue;
    std::vector<int> jobs;
    std::error_code ignored;
    for (fs::directory_iterator job(it->path(), ignored), stop;
         !ignored && job != stop; job.increment(ignored)) {
      int pid = NumberAfter(job->path().filename().string(), kPidPrefix);
      if (pid != 0) jobs.push_back(pid);
    }
    RemoveToolDebris(jobs);
    fs::remove_all(it->path(), ignored);
  }
}

}  // namespace heapbound
