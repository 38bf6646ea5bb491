#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "program_lookup.h"

namespace heapbound {

// How to start one measured process. It is exec'd directly (never through a
// shell) in a process group of its own, so a timeout or Ctrl-C can kill it
// together with anything it started (heaptrack's interpreter).
struct ChildSpec {
  std::vector<std::string> argv;  // argv[0] is looked up on PATH without '/'
  std::vector<std::pair<std::string, std::string>>
      environment;                     // set or override
  std::string stdout_path;             // created or truncated
  std::string stderr_path;             // created or truncated
  double timeout_seconds = 0;          // 0: no limit
  std::uint64_t memory_cap_bytes = 0;  // RLIMIT_DATA; 0: no cap
};

struct ChildResult {
  std::string spawn_error;  // non-empty when the program could not start
  bool exited = false;      // exited normally with exit_code
  int exit_code = 0;
  int signal = 0;                   // the signal that killed it, else 0
  bool timed_out = false;           // killed by us after timeout_seconds
  bool cancelled = false;           // killed by us because `cancel` became true
  std::uint64_t max_rss_bytes = 0;  // wait4 rusage
  double wall_seconds = 0;
};

// Runs a child to completion (or timeout, or cancellation) and reaps it with
// wait4. Safe to call from several threads at once.
ChildResult RunChild(const ChildSpec& spec, const std::atomic<bool>& cancel);

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

}  // namespace heapbound
