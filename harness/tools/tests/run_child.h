#pragma once

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

extern char** environ;

namespace heapbound {

// Runs argv with `extra` added to (or replacing in) the environment, stdout
// and stderr to /dev/null, and returns its wait status (-1 if it could not
// start). For tests only: the runner has its own, fuller job control.
inline int RunChild(
    std::vector<std::string> argv,
    const std::vector<std::pair<std::string, std::string>>& extra) {
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    bool replaced = false;
    for (const auto& [key, value] : extra) {
      replaced |= std::strncmp(*e, (key + "=").c_str(), key.size() + 1) == 0;
    }
    if (!replaced) env.emplace_back(*e);
  }
  for (const auto& [key, value] : extra) env.push_back(key + "=" + value);
  std::vector<char*> c_argv;
  std::vector<char*> c_env;
  for (std::string& a : argv) c_argv.push_back(a.data());
  for (std::string& e : env) c_env.push_back(e.data());
  c_argv.push_back(nullptr);
  c_env.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  int error = posix_spawnp(&pid, c_argv[0], &actions, nullptr, c_argv.data(),
                           c_env.data());
  posix_spawn_file_actions_destroy(&actions);
  if (error != 0) return -1;
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

}  // namespace heapbound
