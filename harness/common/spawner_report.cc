#include "spawner_report.h"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <string>

namespace heapbound {
namespace {

bool ParseLine(const std::string& line, SpawnerReport* report) {
  int number = 0;
  long long kib = 0;
  char end = 0;
  if (std::sscanf(line.c_str(), "started %d%c", &number, &end) == 1) {
    report->started = true;
    report->pid = number;
  } else if (std::sscanf(line.c_str(), "exec-error %d%c", &number, &end) == 1) {
    report->exec_errno = number;
  } else if (std::sscanf(line.c_str(), "exit %d %lld%c", &number, &kib, &end) ==
             2) {
    report->ended = true;
    report->exit_code = number;
  } else if (std::sscanf(line.c_str(), "signal %d %lld%c", &number, &kib,
                         &end) == 2) {
    report->ended = report->signaled = true;
    report->signal = number;
  } else {
    return false;
  }
  if (kib > 0) report->max_rss_bytes = static_cast<std::uint64_t>(kib) * 1024;
  return true;
}

}  // namespace

std::string SpawnerReportReader::NextLine(int wait_ms) {
  for (;;) {
    std::size_t end = buffered_.find('\n');
    if (end != std::string::npos) {
      std::string line = buffered_.substr(0, end);
      buffered_.erase(0, end + 1);
      return line;
    }
    pollfd ready = {fd_, POLLIN, 0};
    int polled = poll(&ready, 1, wait_ms);
    if (polled < 0 && errno == EINTR) continue;
    if (polled <= 0) return std::string();
    char chunk[128];
    ssize_t n = read(fd_, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return std::string();
    buffered_.append(chunk, static_cast<std::size_t>(n));
  }
}

bool SpawnerReportReader::ReadStart(SpawnerReport* report,
                                    std::string* bad_line) {
  std::string line = NextLine(-1);
  if (line.empty()) return true;
  if (!ParseLine(line, report) || report->ended) {
    *bad_line = line;
    return false;
  }
  return true;
}

bool SpawnerReportReader::ReadEnd(int wait_ms, SpawnerReport* report,
                                  std::string* bad_line) {
  while (!report->ended) {
    std::string line = NextLine(wait_ms);
    if (line.empty()) return true;
    if (!ParseLine(line, report)) {
      *bad_line = line;
      return false;
    }
  }
  return true;
}

std::vector<std::string> SpawnerCommand(const std::string& spawner,
                                        int report_fd, bool die_with_parent,
                                        const std::string& program,
                                        const std::vector<std::string>& argv) {
  std::vector<std::string> command = {spawner, "--report-fd",
                                      std::to_string(report_fd)};
  if (die_with_parent) command.push_back("--die-with-parent");
  command.push_back("--");
  command.push_back(program);
  for (std::size_t i = 1; i < argv.size(); ++i) command.push_back(argv[i]);
  return command;
}

}  // namespace heapbound
