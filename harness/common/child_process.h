#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "program_lookup.h"

namespace heapbound {

// How to start one process: every process heapbound or its tests start goes
// through RunChild. It is exec'd directly (never through a shell) in a
// process group of its own, so a timeout or Ctrl-C can stop it together with
// anything it started (heaptrack's interpreter).
struct ChildSpec {
  std::vector<std::string> argv;  // argv[0] is looked up on PATH without '/'
  std::vector<std::pair<std::string, std::string>>
      environment;  // set or override
  // Where stdout and stderr go: a file (created or truncated), or ours when
  // empty. capture_* reads them into the result instead.
  std::string stdout_path;
  std::string stderr_path;
  bool capture_stdout = false;
  bool capture_stderr = false;
  double timeout_seconds = 0;          // 0: no limit
  double grace_seconds = 2;            // from SIGTERM to SIGKILL when stopped
  std::uint64_t memory_cap_bytes = 0;  // RLIMIT_DATA; 0: no cap
  // Gets SIGKILL when the calling thread dies (PR_SET_PDEATHSIG), so a
  // SIGKILLed heapbound leaves no job running.
  bool die_with_parent = true;
  long run_as_uid = -1;  // >= 0: drops to this uid and gid first (tests)
  // heapbound-spawn (harness/spawn/) to fork the program from, or empty to
  // fork it from this process. Through the spawner the program's ru_maxrss
  // starts from the spawner's few hundred KiB instead of this process's
  // resident set, which Linux carries into a forked child across exec. The
  // spawner leads the process group; on_started gets the program's pid.
  std::string spawner;
  // Called with the pid once the program runs (exec succeeded).
  std::function<void(int pid)> on_started;
};

struct ChildResult {
  std::string spawn_error;  // non-empty when the program could not start
  bool exited = false;      // exited normally with exit_code
  int exit_code = 0;
  int signal = 0;          // the signal that killed it, else 0
  bool timed_out = false;  // stopped by us after timeout_seconds
  bool cancelled = false;  // stopped by us because `cancel` became true
  std::uint64_t max_rss_bytes = 0;  // wait4 rusage
  double wall_seconds = 0;
  std::string stdout_text;  // with capture_stdout
  std::string stderr_text;  // with capture_stderr
  // The members of its process group when we stopped it (the child first):
  // what a killed tool's leftovers are named after.
  std::vector<int> stopped_pids;

  // Returns the exit code, or 128 + the signal (the shell's convention), or
  // -1 when it did not start.
  int ShellStatus() const;
};

// Runs a child to completion (or timeout, or cancellation) and reaps it with
// wait4. A timeout or cancel sends SIGTERM to its process group, then
// SIGKILL after grace_seconds. Safe to call from several threads at once.
ChildResult RunChild(const ChildSpec& spec, const std::atomic<bool>& cancel);
// Runs a child without a cancel flag.
ChildResult RunChild(const ChildSpec& spec);

// Runs a short command (no shell) and returns what it printed on stdout;
// stderr is passed through. Sets `exit_status` to the exit code, or -1 when
// it could not start or died by a signal.
std::string RunAndCapture(const std::vector<std::string>& argv,
                          int* exit_status);

// Returns "SIGSEGV" etc. for a signal number.
std::string SignalName(int signal);

// Returns the last `max_lines` lines (at most `max_bytes`) of a file.
std::string TailOfFile(const std::string& path, int max_lines,
                       std::size_t max_bytes);

// Returns the pids whose process group is `group`, from /proc.
std::vector<int> ProcessGroupMembers(int group);

// Returns true while a process with this pid runs: it exists and is no
// zombie (an orphan's zombie may stay when init does not reap it).
bool ProcessRuns(int pid);

}  // namespace heapbound
