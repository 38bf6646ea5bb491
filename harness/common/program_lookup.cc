#include "program_lookup.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>

namespace heapbound {

std::string FindProgram(const std::string& program,
                        const std::string& path_variable) {
  if (program.find('/') != std::string::npos) {
    return access(program.c_str(), X_OK) == 0 ? program : std::string();
  }
  std::size_t start = 0;
  while (start <= path_variable.size()) {
    std::size_t end = path_variable.find(':', start);
    if (end == std::string::npos) end = path_variable.size();
    std::string dir = path_variable.substr(start, end - start);
    if (dir.empty()) dir = ".";
    std::string candidate = dir + "/" + program;
    struct stat info;
    if (stat(candidate.c_str(), &info) == 0 && S_ISREG(info.st_mode) &&
        access(candidate.c_str(), X_OK) == 0) {
      return candidate;
    }
    start = end + 1;
  }
  return std::string();
}

std::string FindOnPath(const std::string& program) {
  const char* path = std::getenv("PATH");
  return FindProgram(program, path != nullptr ? path : "/usr/bin:/bin");
}

bool FileExists(const std::string& path) {
  struct stat info;
  return stat(path.c_str(), &info) == 0;
}

}  // namespace heapbound
