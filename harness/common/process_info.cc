// What heapbound reads about processes and their output: signal names,
// file tails, process groups from /proc.
#include <dirent.h>
#include <fmt/format.h>
#include <signal.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "child_process.h"

namespace heapbound {

std::string SignalName(int signal) {
  const char* abbrev = sigabbrev_np(signal);
  return abbrev ? std::string("SIG") + abbrev
                : fmt::format("signal {}", signal);
}

std::string TailOfFile(const std::string& path, int max_lines,
                       std::size_t max_bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "";
  in.seekg(0, std::ios::end);
  std::streamoff size = in.tellg();
  std::streamoff start = size > static_cast<std::streamoff>(max_bytes)
                             ? size - static_cast<std::streamoff>(max_bytes)
                             : 0;
  in.seekg(start);
  std::string text(static_cast<std::size_t>(size - start), '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
    text.pop_back();
  std::size_t cut = text.size();
  for (int lines = 0; lines < max_lines && cut != std::string::npos && cut > 0;
       ++lines) {
    cut = text.rfind('\n', cut - 1);
  }
  if (cut != std::string::npos && cut < text.size() && text[cut] == '\n') ++cut;
  if (cut == std::string::npos) cut = 0;
  return text.substr(cut);
}

namespace {

// Reads "pid (comm) state ppid pgrp" from /proc/<pid>/stat; false when the
// process is gone.
bool ReadStat(long pid, char* state, long* pgrp) {
  std::ifstream in(fmt::format("/proc/{}/stat", pid));
  std::string stat((std::istreambuf_iterator<char>(in)),
                   std::istreambuf_iterator<char>());
  // comm may hold spaces and ')'.
  std::size_t close = stat.rfind(')');
  if (close == std::string::npos) return false;
  std::istringstream fields(stat.substr(close + 1));
  long ppid = 0;
  return static_cast<bool>(fields >> *state >> ppid >> *pgrp);
}

}  // namespace

std::vector<int> ProcessGroupMembers(int group) {
  std::vector<int> members;
  DIR* proc = opendir("/proc");
  if (proc == nullptr) return members;
  while (dirent* entry = readdir(proc)) {
    char* end = nullptr;
    long pid = std::strtol(entry->d_name, &end, 10);
    if (pid <= 0 || *end != '\0') continue;
    char state = 0;
    long pgrp = 0;
    if (ReadStat(pid, &state, &pgrp) && pgrp == group)
      members.push_back(static_cast<int>(pid));
  }
  closedir(proc);
  return members;
}

bool ProcessRuns(int pid) {
  char state = 0;
  long pgrp = 0;
  if (pid <= 0 || !ReadStat(pid, &state, &pgrp)) return false;
  return state != 'Z' && state != 'X' && state != 'x';
}

}  // namespace heapbound
