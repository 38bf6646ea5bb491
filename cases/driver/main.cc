// heapbound-case: runs one reader case over a spider tree and prints one
// JSON line. It is the process every tool measures, so it allocates nothing
// it does not need: the arguments are read by hand (CLI11 would allocate
// tens of KiB, more than the chunk case's whole bound) and the result is
// printed with printf.
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <new>

#include "case_driver_contract.h"
#include "case_registry.h"
#include "tree_digest.h"
#include "tree_walker.h"

namespace heapbound {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitReadError = 1;
constexpr int kExitUsage = 2;
// 4: out of memory (kCaseExitOutOfMemory), a bound broken far beyond.

constexpr char kUsage[] =
    "usage: heapbound-case --case NAME --root DIR\n"
    "       heapbound-case --list\n"
    "Runs one reader case over every regular file below DIR in canonical\n"
    "order and prints {\"case\",\"bytes\",\"files\",\"digest\"} as one JSON "
    "line.\n"
    "Exit codes: 0 done, 1 read error, 2 usage, 4 out of memory.\n";

int ListCases() {
  for (std::size_t i = 0; i < CaseCount(); ++i) {
    std::printf("%s\t%s\n", CaseAt(i).name, CaseAt(i).summary);
  }
  return kExitOk;
}

int UsageError(const char* message, const char* value) {
  std::fprintf(stderr, "heapbound-case: %s%s%s\n%s", message, value ? ": " : "",
               value ? value : "", kUsage);
  return kExitUsage;
}

int RunCase(const Case& reader, const char* root) {
  TreeDigest digest;
  RunCaseOverTree(reader, root, digest);
  char hex[17];
  FormatDigest(digest.Finish(), hex);
  std::printf(
      "{\"case\":\"%s\",\"bytes\":%llu,\"files\":%llu,\"digest\":\"%s\"}\n",
      reader.name, static_cast<unsigned long long>(digest.bytes()),
      static_cast<unsigned long long>(digest.files()), hex);
  return std::fflush(stdout) == 0 ? kExitOk : kExitReadError;
}

// Returns true while process `pid` runs (exists and is no zombie), from
// /proc/<pid>/stat without allocating.
bool ProcessRuns(long pid) {
  char path[64];
  std::snprintf(path, sizeof path, "/proc/%ld/stat", pid);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  char stat[512];
  ssize_t size = read(fd, stat, sizeof stat - 1);
  close(fd);
  if (size <= 0) return false;
  stat[size] = '\0';
  // pid (comm) state ...: comm may hold ')' itself.
  const char* close_paren = std::strrchr(stat, ')');
  if (close_paren == nullptr || close_paren[1] == '\0') return false;
  char state = close_paren[2];
  return state != 'Z' && state != 'X' && state != 'x';
}

// Dies with the parent process when heapbound runs us: under heaptrack the
// parent is its script, which heapbound's own parent-death signal kills, so
// a SIGKILLed heapbound leaves no reader running. Exits when heapbound is
// already dead or dying: the script may have died before our prctl.
void DieWithParentWhenRunByHeapbound() {
  const char* runner = std::getenv(kRunnerPidVariable);
  if (runner == nullptr) return;
  long pid = std::strtol(runner, nullptr, 10);
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (pid > 0 && !ProcessRuns(pid)) _exit(kExitReadError);
}

int Main(int argc, char** argv) {
  DieWithParentWhenRunByHeapbound();
  // Unbuffered stdout: glibc would otherwise malloc a 4 KiB buffer at the
  // first printf, after the walk, and that buffer would become the
  // baseline's peak and hide 4 KiB of every reader's own cost.
  std::setvbuf(stdout, nullptr, _IONBF, 0);
  const char* case_name = nullptr;
  const char* root = nullptr;
  bool list = false;
  for (int i = 1; i < argc; ++i) {
    const char* arg = argv[i];
    if (std::strcmp(arg, "--list") == 0) {
      list = true;
    } else if (std::strcmp(arg, "--help") == 0 || std::strcmp(arg, "-h") == 0) {
      std::fputs(kUsage, stdout);
      return kExitOk;
    } else if (std::strcmp(arg, "--case") == 0 ||
               std::strcmp(arg, "--root") == 0) {
      if (i + 1 == argc) return UsageError("missing value after", arg);
      (arg[2] == 'c' ? case_name : root) = argv[++i];
    } else {
      return UsageError("unknown argument", arg);
    }
  }
  if (list) return ListCases();
  if (case_name == nullptr) return UsageError("--case is required", nullptr);
  if (root == nullptr) return UsageError("--root is required", nullptr);
  const Case* reader = FindCase(case_name);
  if (reader == nullptr)
    return UsageError("unknown case (see --list)", case_name);
  try {
    return RunCase(*reader, root);
  } catch (const IoError& error) {
    std::fprintf(stderr, "heapbound-case: %s: error: %s\n", case_name,
                 error.what());
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "heapbound-case: %s: error: out of memory\n",
                 case_name);
    return kCaseExitOutOfMemory;
  }
  return kExitReadError;
}

}  // namespace
}  // namespace heapbound

int main(int argc, char** argv) { return heapbound::Main(argc, argv); }
