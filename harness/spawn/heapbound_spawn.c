// heapbound-spawn: forks and execs one program from a process with a tiny
// resident set, and reports how it ended with its wait4 rusage.
//
// Why: Linux carries the old mm's resident high-water mark into the
// process's maxrss at exec (exec_mmap: setmax_mm_hiwater_rss), and a forked
// child starts with a copy of its parent's page tables. A job forked straight
// from heapbound (threads, parsed bounds, fixtures) therefore never reports a
// ru_maxrss below ~9 MiB, whatever it does. Forked from this program, the
// floor is this program's own few hundred KiB.
//
//   heapbound-spawn --report-fd N [--die-with-parent] -- PROGRAM ARGS...
//     For child_process.cc: writes "started <pid>\n" or "exec-error
//     <errno>\n" to fd N, then "exit <code> <maxrss KiB>\n" or "signal <sig>
//     <maxrss KiB>\n" when the program ends.
//   heapbound-spawn --rss-out FILE -- PROGRAM ARGS...
//     The `rss` tool: writes {"max_rss_bytes", "exit_code", "signal",
//     "timeline": [[ms, rss_bytes], ...]} to FILE, sampling the resident set
//     every 10 ms.
// Both exit with the program's exit code, or 128 + the signal that killed it
// (127 when it could not start). PROGRAM is a path (no PATH lookup).
//
// Plain C, no allocation after start: every byte this process touches is a
// byte of the floor.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { kMaxPoints = 2048, kSampleMs = 10 };

static long long points[kMaxPoints][2];  // [ms, rss bytes]
static int point_count;

static void Usage(const char* why) {
  dprintf(2,
          "heapbound-spawn: %s\nusage: heapbound-spawn (--report-fd N "
          "[--die-with-parent] | --rss-out FILE) -- PROGRAM ARGS...\n",
          why);
  _exit(2);
}

static void WriteAll(int fd, const char* text, size_t size) {
  while (size > 0) {
    ssize_t n = write(fd, text, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    text += n;
    size -= (size_t)n;
  }
}

// Runs in the forked child: back to default signal handling, then exec.
// Writes errno to `error_fd` when exec fails.
static void ExecProgram(char** argv, int error_fd, int die_with_parent,
                        pid_t parent) {
  if (die_with_parent) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
  }
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, NULL);
  signal(SIGTERM, SIG_DFL);
  signal(SIGINT, SIG_DFL);
  signal(SIGHUP, SIG_DFL);
  execv(argv[0], argv);
  int error = errno;
  WriteAll(error_fd, (const char*)&error, sizeof error);
  _exit(127);
}

// Forks and execs `argv`. Returns the pid, or -1 with *exec_errno set.
static pid_t Start(char** argv, int die_with_parent, int* exec_errno) {
  int error_pipe[2];
  if (pipe2(error_pipe, O_CLOEXEC) != 0) {
    *exec_errno = errno;
    return -1;
  }
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid == 0) ExecProgram(argv, error_pipe[1], die_with_parent, parent);
  close(error_pipe[1]);
  if (pid < 0) {
    *exec_errno = errno;
    close(error_pipe[0]);
    return -1;
  }
  int error = 0;
  ssize_t got;
  do {
    got = read(error_pipe[0], &error, sizeof error);
  } while (got < 0 && errno == EINTR);
  close(error_pipe[0]);
  if (got == (ssize_t)sizeof error) {
    waitpid(pid, NULL, 0);
    *exec_errno = error;
    return -1;
  }
  return pid;
}

static long long NowMs(const struct timespec* start) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (now.tv_sec - start->tv_sec) * 1000LL +
         (now.tv_nsec - start->tv_nsec) / 1000000;
}

// Returns the resident set of `pid` from /proc/<pid>/statm, or -1.
static long long ResidentBytes(pid_t pid) {
  char path[64];
  snprintf(path, sizeof path, "/proc/%d/statm", (int)pid);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  char text[128];
  ssize_t n = read(fd, text, sizeof text - 1);
  close(fd);
  if (n <= 0) return -1;
  text[n] = '\0';
  long long size = 0, resident = 0;
  if (sscanf(text, "%lld %lld", &size, &resident) != 2) return -1;
  return resident * sysconf(_SC_PAGESIZE);
}

// Keeps the timeline within kMaxPoints: merges neighbours, keeping the
// higher resident set of each pair (the peak survives).
static void AddPoint(long long ms, long long bytes) {
  if (point_count == kMaxPoints) {
    for (int i = 0; i < kMaxPoints / 2; ++i) {
      int a = 2 * i, b = 2 * i + 1;
      points[i][0] = points[a][0];
      points[i][1] = points[a][1] > points[b][1] ? points[a][1] : points[b][1];
    }
    point_count = kMaxPoints / 2;
  }
  points[point_count][0] = ms;
  points[point_count][1] = bytes;
  ++point_count;
}

// Waits for `pid`, sampling its resident set every kSampleMs when
// `sample` is set. Returns the wait status.
static int Wait(pid_t pid, int sample, struct rusage* usage) {
  struct timespec start;
  clock_gettime(CLOCK_MONOTONIC, &start);
  sigset_t chld;
  sigemptyset(&chld);
  sigaddset(&chld, SIGCHLD);
  int status = 0;
  for (;;) {
    pid_t done = wait4(pid, &status, sample ? WNOHANG : 0, usage);
    if (done == pid) return status;
    if (done < 0 && errno != EINTR) return status;
    if (!sample) continue;
    long long bytes = ResidentBytes(pid);
    if (bytes >= 0) AddPoint(NowMs(&start), bytes);
    struct timespec tick = {0, kSampleMs * 1000000L};
    sigtimedwait(&chld, NULL, &tick);
  }
}

static int ShellStatus(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return 127;
}

static void WriteRssFile(const char* path, int status,
                         const struct rusage* usage) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    dprintf(2, "heapbound-spawn: cannot write %s: %s\n", path, strerror(errno));
    return;
  }
  dprintf(fd, "{\"max_rss_bytes\": %lld, \"exit_code\": %d, \"signal\": %d, ",
          (long long)usage->ru_maxrss * 1024,
          WIFEXITED(status) ? WEXITSTATUS(status) : -1,
          WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  dprintf(fd, "\"time_unit\": \"ms\", \"timeline\": [");
  for (int i = 0; i < point_count; ++i) {
    dprintf(fd, "%s[%lld, %lld]", i ? ", " : "", points[i][0], points[i][1]);
  }
  dprintf(fd, "]}\n");
  close(fd);
}

int main(int argc, char** argv) {
  int report_fd = -1;
  int die_with_parent = 0;
  const char* rss_out = NULL;
  int i = 1;
  for (; i < argc && strcmp(argv[i], "--") != 0; ++i) {
    if (strcmp(argv[i], "--report-fd") == 0 && i + 1 < argc) {
      report_fd = atoi(argv[++i]);
    } else if (strcmp(argv[i], "--rss-out") == 0 && i + 1 < argc) {
      rss_out = argv[++i];
    } else if (strcmp(argv[i], "--die-with-parent") == 0) {
      die_with_parent = 1;
    } else {
      Usage("unknown or incomplete argument");
    }
  }
  if (i + 1 >= argc) Usage("give the program after --");
  if ((report_fd < 0) == (rss_out == NULL))
    Usage("give exactly one of --report-fd and --rss-out");
  char** program = argv + i + 1;
  if (report_fd >= 0) fcntl(report_fd, F_SETFD, FD_CLOEXEC);
  // The program gets SIGTERM from the group kill and decides; we wait for
  // it and report, so a graceful stop still has its rusage.
  signal(SIGTERM, SIG_IGN);
  signal(SIGINT, SIG_IGN);
  signal(SIGHUP, SIG_IGN);
  if (rss_out != NULL) {
    // A measuring wrapper never outlives what started it.
    die_with_parent = 1;
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, NULL);
  }

  char line[96];
  int exec_errno = 0;
  pid_t pid = Start(program, die_with_parent, &exec_errno);
  if (pid < 0) {
    if (report_fd >= 0) {
      int n = snprintf(line, sizeof line, "exec-error %d\n", exec_errno);
      WriteAll(report_fd, line, (size_t)n);
    }
    dprintf(2, "heapbound-spawn: cannot run %s: %s\n", program[0],
            strerror(exec_errno));
    return 127;
  }
  if (report_fd >= 0) {
    int n = snprintf(line, sizeof line, "started %d\n", (int)pid);
    WriteAll(report_fd, line, (size_t)n);
  }
  struct rusage usage;
  memset(&usage, 0, sizeof usage);
  int status = Wait(pid, rss_out != NULL, &usage);
  if (report_fd >= 0) {
    int n = WIFSIGNALED(status)
                ? snprintf(line, sizeof line, "signal %d %ld\n",
                           WTERMSIG(status), usage.ru_maxrss)
                : snprintf(line, sizeof line, "exit %d %ld\n",
                           WEXITSTATUS(status), usage.ru_maxrss);
    WriteAll(report_fd, line, (size_t)n);
  }
  if (rss_out != NULL) WriteRssFile(rss_out, status, &usage);
  return ShellStatus(status);
}
