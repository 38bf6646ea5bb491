#include "child_process.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>

#include "program_lookup.h"
#include "spawner_report.h"

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

// Everything the forked child needs, prepared before fork: after it only
// async-signal-safe calls are allowed.
struct ExecPlan {
  const char* program;
  char* const* argv;
  char* const* envp;
  const ChildSpec* spec;
  int stdout_fd;  // write end of a capture pipe, or -1
  int stderr_fd;
  pid_t parent;
  int error_pipe;
  int report_fd;  // the spawner's report pipe, kept open across exec; or -1
};

// Opens `path` (or takes `pipe_fd`) as file descriptor `target`.
bool Redirect(const std::string& path, int pipe_fd, int target) {
  if (pipe_fd >= 0) return dup2(pipe_fd, target) >= 0;
  if (path.empty()) return true;
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  return fd >= 0 && dup2(fd, target) >= 0;
}

// Runs in the forked child: only async-signal-safe calls until execve.
[[noreturn]] void ExecChild(const ExecPlan& plan) {
  const ChildSpec& spec = *plan.spec;
  int error = 0;
  setpgid(0, 0);
  if (spec.die_with_parent) {
    // The parent may have died before prctl: then nobody will signal us.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != plan.parent) _exit(127);
  }
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  signal(SIGINT, SIG_DFL);
  signal(SIGTERM, SIG_DFL);
  signal(SIGPIPE, SIG_DFL);
  if (plan.report_fd >= 0) fcntl(plan.report_fd, F_SETFD, 0);
  if (spec.memory_cap_bytes != 0) {
    // RLIMIT_DATA, not RLIMIT_AS: valgrind reserves large address ranges it
    // never touches; RLIMIT_DATA counts the heap and private writable
    // mappings (Linux >= 4.7), so it stops a runaway reader.
    struct rlimit limit = {spec.memory_cap_bytes, spec.memory_cap_bytes};
    setrlimit(RLIMIT_DATA, &limit);
  }
  int in = open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (in < 0 || dup2(in, 0) < 0 ||
      !Redirect(spec.stdout_path, plan.stdout_fd, 1) ||
      !Redirect(spec.stderr_path, plan.stderr_fd, 2)) {
    error = errno;
  } else if (spec.run_as_uid >= 0 &&
             (setgroups(0, nullptr) != 0 ||
              setgid(static_cast<gid_t>(spec.run_as_uid)) != 0 ||
              setuid(static_cast<uid_t>(spec.run_as_uid)) != 0)) {
    error = errno;
  } else {
    execve(plan.program, plan.argv, plan.envp);
    error = errno;
  }
  ssize_t ignored = write(plan.error_pipe, &error, sizeof error);
  (void)ignored;
  _exit(127);
}

// Reads what is there from the capture pipes into the result; closes a pipe
// at end of file. Waits up to `wait_ms` for data.
void DrainPipes(int fds[2], std::string* texts[2], int wait_ms) {
  pollfd polls[2];
  int count = 0;
  for (int i = 0; i < 2; ++i) {
    if (fds[i] >= 0) polls[count++] = {fds[i], POLLIN, 0};
  }
  if (count == 0) {
    if (wait_ms > 0) poll(nullptr, 0, wait_ms);
    return;
  }
  if (poll(polls, static_cast<nfds_t>(count), wait_ms) <= 0) return;
  for (int p = 0; p < count; ++p) {
    if (polls[p].revents == 0) continue;
    int i = polls[p].fd == fds[0] ? 0 : 1;
    char buffer[8192];
    ssize_t n = read(fds[i], buffer, sizeof buffer);
    if (n > 0) {
      texts[i]->append(buffer, static_cast<std::size_t>(n));
    } else if (n == 0 || errno != EINTR) {
      close(fds[i]);
      fds[i] = -1;
    }
  }
}

// Stops the child's process group: SIGTERM first, SIGKILL once the grace
// is over. Remembers the members for clean-up by pid.
class GroupStopper {
 public:
  GroupStopper(pid_t group, double grace) : group_(group), grace_(grace) {}

  void Stop(ChildResult& result) {
    if (stopping_) return;
    stopping_ = true;
    result.stopped_pids = {group_};
    for (int pid : ProcessGroupMembers(group_)) {
      if (pid != group_) result.stopped_pids.push_back(pid);
    }
    kill(-group_, SIGTERM);
    kill_at_ = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                  std::chrono::duration<double>(grace_));
  }
  // Sends SIGKILL once the grace is over.
  void Poll() {
    if (stopping_ && !killed_ && Clock::now() >= kill_at_) {
      killed_ = true;
      kill(-group_, SIGKILL);
    }
  }

 private:
  pid_t group_;
  double grace_;
  bool stopping_ = false;
  bool killed_ = false;
  Clock::time_point kill_at_;
};

// Waits for the child, stopping it on timeout or cancel, reading the
// capture pipes meanwhile. Returns the wait status and fills `usage`.
int WaitForChild(pid_t pid, const ChildSpec& spec,
                 const std::atomic<bool>& cancel, Clock::time_point start,
                 int pipes[2], ChildResult& result, struct rusage* usage) {
  std::string* texts[2] = {&result.stdout_text, &result.stderr_text};
  GroupStopper stopper(pid, spec.grace_seconds);
  int status = 0;
  int wait_ms = 1;
  for (;;) {
    pid_t done = wait4(pid, &status, WNOHANG, usage);
    if (done == pid) break;
    if (done < 0 && errno != EINTR) break;
    bool expired = spec.timeout_seconds > 0 &&
                   std::chrono::duration<double>(Clock::now() - start).count() >
                       spec.timeout_seconds;
    if (!result.timed_out && !result.cancelled && (expired || cancel.load())) {
      (expired ? result.timed_out : result.cancelled) = true;
      stopper.Stop(result);
    }
    stopper.Poll();
    DrainPipes(pipes, texts, wait_ms);
    if (wait_ms < 20) wait_ms *= 2;
  }
  // Reaps whatever the child left in its group (e.g. a lingering helper),
  // then takes the rest of the output.
  kill(-pid, SIGKILL);
  for (int rounds = 0; rounds < 50 && (pipes[0] >= 0 || pipes[1] >= 0);
       ++rounds) {
    DrainPipes(pipes, texts, 20);
  }
  for (int i = 0; i < 2; ++i) {
    if (pipes[i] >= 0) close(pipes[i]);
  }
  return status;
}

// The program and argv that RunChild execs: the spec's own, or the spawner
// running it. Fills `report_pipe` for the spawner.
bool ExecTarget(const ChildSpec& spec, const std::string& program,
                std::string* exec_program, std::vector<std::string>* argv,
                int report_pipe[2], ChildResult& result) {
  if (spec.spawner.empty()) {
    *exec_program = program;
    *argv = spec.argv;
    return true;
  }
  if (FindProgram(spec.spawner, "").empty()) {
    result.spawn_error = fmt::format(
        "{} not found or not executable; build the heapbound-spawn target "
        "(cmake --build build --target heapbound-spawn)",
        spec.spawner);
    return false;
  }
  if (pipe2(report_pipe, O_CLOEXEC) != 0) {
    result.spawn_error = fmt::format("pipe: {}", std::strerror(errno));
    return false;
  }
  *exec_program = spec.spawner;
  *argv = SpawnerCommand(spec.spawner, report_pipe[1], spec.die_with_parent,
                         program, spec.argv);
  return true;
}

// Reads the spawner's first report line: whether the program runs, and its
// pid. Returns false (with spawn_error set) when it does not.
bool ProgramStarted(SpawnerReportReader& reader, const std::string& program,
                    SpawnerReport* report, ChildResult& result) {
  std::string bad_line;
  if (!reader.ReadStart(report, &bad_line)) {
    result.spawn_error = fmt::format(
        "heapbound-spawn reported '{}'; expected 'started <pid>' or "
        "'exec-error <errno>'",
        bad_line);
    return false;
  }
  if (report->started) return true;
  result.spawn_error =
      report->exec_errno != 0
          ? fmt::format("cannot run {}: {}", program,
                        std::strerror(report->exec_errno))
          : fmt::format("heapbound-spawn ended before it started {}", program);
  return false;
}

// Takes the program's end from the spawner's report when it came (the
// spawner itself was not killed), else keeps the spawner's own.
void TakeSpawnerEnd(SpawnerReportReader& reader, SpawnerReport* report,
                    int* status, ChildResult& result) {
  std::string bad_line;
  if (!reader.ReadEnd(1000, report, &bad_line) || !report->ended) return;
  *status = report->signaled ? report->signal : report->exit_code << 8;
  result.max_rss_bytes = report->max_rss_bytes;
}

void CloseAll(std::initializer_list<int> fds) {
  for (int fd : fds) {
    if (fd >= 0) close(fd);
  }
}

}  // namespace

int ChildResult::ShellStatus() const {
  if (!spawn_error.empty()) return -1;
  return exited ? exit_code : 128 + signal;
}

ChildResult RunChild(const ChildSpec& spec) {
  static const std::atomic<bool> kNever{false};
  return RunChild(spec, kNever);
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
  int report_pipe[2] = {-1, -1};
  std::string exec_program;
  std::vector<std::string> argv_strings;
  if (!ExecTarget(spec, program, &exec_program, &argv_strings, report_pipe,
                  result)) {
    return result;
  }
  std::vector<std::string> env_strings = MergedEnvironment(spec.environment);
  std::vector<char*> argv = Pointers(argv_strings);
  std::vector<char*> envp = Pointers(env_strings);

  int error_pipe[2] = {-1, -1};
  int out_pipe[2] = {-1, -1};
  int err_pipe[2] = {-1, -1};
  if (pipe2(error_pipe, O_CLOEXEC) != 0 ||
      (spec.capture_stdout && pipe2(out_pipe, O_CLOEXEC) != 0) ||
      (spec.capture_stderr && pipe2(err_pipe, O_CLOEXEC) != 0)) {
    result.spawn_error = fmt::format("pipe: {}", std::strerror(errno));
    CloseAll({report_pipe[0], report_pipe[1], error_pipe[0], error_pipe[1],
              out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]});
    return result;
  }
  ExecPlan plan{exec_program.c_str(), argv.data(), envp.data(), &spec,
                out_pipe[1],          err_pipe[1], getpid(),    error_pipe[1],
                report_pipe[1]};
  Clock::time_point start = Clock::now();
  pid_t pid = fork();
  if (pid == 0) ExecChild(plan);
  CloseAll({error_pipe[1], out_pipe[1], err_pipe[1], report_pipe[1]});
  int pipes[2] = {out_pipe[0], err_pipe[0]};
  if (pid < 0) {
    result.spawn_error = fmt::format("fork: {}", std::strerror(errno));
    CloseAll({error_pipe[0], pipes[0], pipes[1], report_pipe[0]});
    return result;
  }
  setpgid(pid, pid);  // also here, so a kill right away reaches the group
  int exec_errno = 0;
  ssize_t got;
  do {
    got = read(error_pipe[0], &exec_errno, sizeof exec_errno);
  } while (got < 0 && errno == EINTR);
  close(error_pipe[0]);
  bool started = got != static_cast<ssize_t>(sizeof exec_errno);
  SpawnerReportReader reader(report_pipe[0]);
  SpawnerReport report;
  bool spawned = started && !spec.spawner.empty()
                     ? ProgramStarted(reader, program, &report, result)
                     : started;
  if (spawned && spec.on_started)
    spec.on_started(report.started ? report.pid : pid);

  struct rusage usage {};
  int status = WaitForChild(pid, spec, cancel, start, pipes, result, &usage);
  result.wall_seconds =
      std::chrono::duration<double>(Clock::now() - start).count();
  result.max_rss_bytes = static_cast<std::uint64_t>(usage.ru_maxrss) * 1024;
  if (spawned && report.started)
    TakeSpawnerEnd(reader, &report, &status, result);
  CloseAll({report_pipe[0]});
  if (!started) {
    result.spawn_error = fmt::format("cannot run {}: {}", exec_program,
                                     std::strerror(exec_errno));
    return result;
  }
  if (!spawned) return result;
  if (WIFEXITED(status)) {
    result.exited = true;
    result.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    result.signal = WTERMSIG(status);
  }
  return result;
}

std::string RunAndCapture(const std::vector<std::string>& argv,
                          int* exit_status) {
  ChildSpec spec;
  spec.argv = argv;
  spec.capture_stdout = true;
  ChildResult child = RunChild(spec);
  *exit_status =
      child.spawn_error.empty() && child.exited ? child.exit_code : -1;
  return child.stdout_text;
}

}  // namespace heapbound
