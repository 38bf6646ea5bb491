#pragma once

#include <string>
#include <utility>
#include <vector>

#include "child_process.h"

namespace heapbound {

// Runs argv with `extra` added to (or replacing in) the environment, stdout
// and stderr to /dev/null, and returns its exit code (128 + signal when
// killed, -1 if it could not start).
inline int RunChild(
    std::vector<std::string> argv,
    const std::vector<std::pair<std::string, std::string>>& extra) {
  ChildSpec spec;
  spec.argv = std::move(argv);
  spec.environment = extra;
  spec.stdout_path = spec.stderr_path = "/dev/null";
  return RunChild(spec).ShellStatus();
}

}  // namespace heapbound
