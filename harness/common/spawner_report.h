#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace heapbound {

// What heapbound-spawn (harness/spawn/heapbound_spawn.c) reports on its
// --report-fd: "started <pid>" or "exec-error <errno>", then "exit <code>
// <maxrss KiB>" or "signal <signal> <maxrss KiB>" when the program ends.
struct SpawnerReport {
  bool started = false;
  int pid = 0;
  int exec_errno = 0;  // when it could not start the program
  bool ended = false;  // the end line came: the fields below hold
  bool signaled = false;
  int exit_code = 0;
  int signal = 0;
  std::uint64_t max_rss_bytes = 0;
};

// Reads the report lines from the spawner's pipe into a SpawnerReport.
// Each Read returns false when a line is none of the above, with the line
// in *bad_line.
class SpawnerReportReader {
 public:
  explicit SpawnerReportReader(int fd) : fd_(fd) {}
  // Blocks for the first line ("started" or "exec-error"); none comes when
  // the spawner died first.
  bool ReadStart(SpawnerReport* report, std::string* bad_line);
  // Reads on to the end line, waiting up to `wait_ms` for each read: the
  // spawner has exited when this is called, so the lines are there or
  // never come.
  bool ReadEnd(int wait_ms, SpawnerReport* report, std::string* bad_line);

 private:
  std::string NextLine(int wait_ms);

  int fd_;
  std::string buffered_;
};

// Returns the spawner's argv that runs `program` (a path) with `args`
// (argv[1..]) and reports on `report_fd`.
std::vector<std::string> SpawnerCommand(const std::string& spawner,
                                        int report_fd, bool die_with_parent,
                                        const std::string& program,
                                        const std::vector<std::string>& argv);

}  // namespace heapbound
