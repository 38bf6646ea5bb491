#include "child_process.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <thread>

#include "program_lookup.h"

extern char** environ;

namespace heapbound {
namespace {

using Clock = std::chrono::steady_clock;

std::vector<std::string> MergedEnvironment(
    const std::vector<std::pair<std::string, std::string>>& overrides) {
  std::vector<std::string> merged;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    std::string text = *entry;
    std::string key = text.substr(0, text.find('='));
    bool replaced = false;
    for (const auto& [name, value] : overrides)
      replaced = replaced || name == key;
    if (!replaced) merged.push_back(std::move(text));
  }
  for (const auto& [name, value] : overrides)
    merged.push_back(name + "=" + value);
  return merged;
}

std::vector<char*> Pointers(std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  for (std::string& s : strings) pointers.push_back(s.data());
  pointers.push_back(nullptr);
  return pointers;
}

// Runs in the forked child: only async-signal-safe calls until execve.
[[noreturn]] void ExecChild(const char* program, char* const* argv,
                            char* const* envp, const char* stdout_path,
                            const char* stderr_path, std::uint64_t memory_cap,
                            int error_pipe) {
  int error = 0;
  setpgid(0, 0);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  signal(SIGINT, SIG_DFL);
  signal(SIGTERM, SIG_DFL);
  signal(SIGPIPE, SIG_DFL);
  if (memory_cap != 0) {
    // RLIMIT_DATA, not RLIMIT_AS: valgrind reserves large address ranges it
    // never touches; RLIMIT_DATA counts the heap and private writable
    // mappings (Linux >= 4.7), so it stops a runaway reader.
    struct rlimit limit = {memory_cap, memory_cap};
    setrlimit(RLIMIT_DATA, &limit);
  }
  int in = open("/dev/null", O_RDONLY | O_CLOEXEC);
  int out = open(stdout_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  int err = open(stderr_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (in < 0 || out < 0 || err < 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0 ||
      dup2(err, 2) < 0) {
    error = errno;
  } else {
    execve(program, argv, envp);
    error = errno;
  }
  ssize_t ignored = write(error_pipe, &error, sizeof error);
  (void)ignored;
  _exit(127);
}

}  // namespace

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

std::string RunAndCapture(const std::vector<std::string>& argv,
                          int* exit_status) {
  *exit_status = -1;
  std::string output;
  int fds[2];
  if (argv.empty() || pipe2(fds, O_CLOEXEC) != 0) return output;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
  std::vector<std::string> strings = argv;
  std::vector<char*> pointers = Pointers(strings);
  pid_t pid = 0;
  int failed = posix_spawnp(&pid, pointers[0], &actions, nullptr,
                            pointers.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(fds[1]);
  if (failed == 0) {
    char buffer[4096];
    for (;;) {
      ssize_t n = read(fds[0], buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      output.append(buffer, static_cast<std::size_t>(n));
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (WIFEXITED(status)) *exit_status = WEXITSTATUS(status);
  }
  close(fds[0]);
  return output;
}

ChildResult RunChild(const ChildSpec& spec, const std::atomic<bool>& cancel) {
  ChildResult result;
  if (spec.argv.empty()) {
    result.spawn_error = "empty command";
    return result;
  }
  std::string path_variable =
      std::getenv("PATH") ? std::getenv("PATH") : "/usr/bin:/bin";
  for (const auto& [name, value] : spec.environment) {
    if (name == "PATH") path_variable = value;
  }
  std::string program = FindProgram(spec.argv[0], path_variable);
  if (program.empty()) {
    result.spawn_error = fmt::format("{} not found on PATH", spec.argv[0]);
    return result;
  }
  std::vector<std::string> argv_strings = spec.argv;
  std::vector<std::string> env_strings = MergedEnvironment(spec.environment);
  std::vector<char*> argv = Pointers(argv_strings);
  std::vector<char*> envp = Pointers(env_strings);

  int error_pipe[2];
  if (pipe2(error_pipe, O_CLOEXEC) != 0) {
    result.spawn_error = fmt::format("pipe: {}", std::strerror(errno));
    return result;
  }
  Clock::time_point start = Clock::now();
  pid_t pid = fork();
  if (pid < 0) {
    result.spawn_error = fmt::format("fork: {}", std::strerror(errno));
    close(error_pipe[0]);
    close(error_pipe[1]);
    return result;
  }
  if (pid == 0) {
    ExecChild(program.c_str(), argv.data(), envp.data(),
              spec.stdout_path.c_str(), spec.stderr_path.c_str(),
              spec.memory_cap_bytes, error_pipe[1]);
  }
  setpgid(pid, pid);  // also here, so a kill right away reaches the group
  close(error_pipe[1]);
  int exec_errno = 0;
  ssize_t got;
  do {
    got = read(error_pipe[0], &exec_errno, sizeof exec_errno);
  } while (got < 0 && errno == EINTR);
  close(error_pipe[0]);

  int status = 0;
  struct rusage usage {};
  auto poll_interval = std::chrono::milliseconds(1);
  for (;;) {
    pid_t done = wait4(pid, &status, WNOHANG, &usage);
    if (done == pid) break;
    if (done < 0 && errno != EINTR) break;
    bool expired = spec.timeout_seconds > 0 &&
                   std::chrono::duration<double>(Clock::now() - start).count() >
                       spec.timeout_seconds;
    if (!result.timed_out && !result.cancelled && (expired || cancel.load())) {
      (expired ? result.timed_out : result.cancelled) = true;
      kill(-pid, SIGKILL);
      kill(pid, SIGKILL);
    }
    std::this_thread::sleep_for(poll_interval);
    if (poll_interval < std::chrono::milliseconds(20)) poll_interval *= 2;
  }
  // Reaps whatever the child left in its group (e.g. a lingering helper).
  kill(-pid, SIGKILL);
  result.wall_seconds =
      std::chrono::duration<double>(Clock::now() - start).count();
  result.max_rss_bytes = static_cast<std::uint64_t>(usage.ru_maxrss) * 1024;
  if (got == static_cast<ssize_t>(sizeof exec_errno)) {
    result.spawn_error =
        fmt::format("cannot run {}: {}", program, std::strerror(exec_errno));
    return result;
  }
  if (WIFEXITED(status)) {
    result.exited = true;
    result.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    result.signal = WTERMSIG(status);
  }
  return result;
}

}  // namespace heapbound
