#include "out_dir.h"

#include <errno.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <unistd.h>

#include <filesystem>
#include <string_view>

#include "output_file.h"

namespace heapbound {
namespace {

namespace fs = std::filesystem;

// Outputs of a run, results.json first: it is what marks a set complete.
constexpr std::string_view kOutputs[] = {
    "results.json", "junit.xml", "summary.md",       "timelines",
    "stacks",       "raw",       "codequality.json", "report"};

std::string ReadPid(int fd) {
  char buffer[32] = {};
  ssize_t n = pread(fd, buffer, sizeof buffer - 1, 0);
  std::string text(buffer, n > 0 ? static_cast<std::size_t>(n) : 0);
  while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
    text.pop_back();
  return text.empty() ? "unknown" : text;
}

void CreateDirectory(const std::string& path, const std::string& what) {
  std::error_code error;
  fs::create_directories(path, error);
  if (error) {
    throw OutputError(
        SystemErrorText(path, "cannot create " + what, error.value()));
  }
  if (!fs::is_directory(path, error)) {
    throw OutputError(fmt::format("{}: {} is not a directory", path, what));
  }
}

}  // namespace

std::string OutDirLock::LockPath(const std::string& out_dir) {
  return out_dir + "/.heapbound.lock";
}

OutDirLock::OutDirLock(const std::string& out_dir) {
  std::error_code error;
  if (fs::exists(out_dir, error) && !fs::is_directory(out_dir, error)) {
    throw OutputError(fmt::format(
        "out dir {}: not a directory; pass --out a directory", out_dir));
  }
  CreateDirectory(out_dir, "the out dir");
  std::string path = LockPath(out_dir);
  fd_ = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) {
    throw OutputError(SystemErrorText(
        out_dir, "cannot write in the out dir (creating .heapbound.lock)",
        errno));
  }
  if (flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    int lock_error = errno;
    std::string owner = ReadPid(fd_);
    close(fd_);
    fd_ = -1;
    if (lock_error == EWOULDBLOCK) {
      throw OutputError(fmt::format(
          "another heapbound run (pid {}) is writing {}; wait for it or pass "
          "another --out",
          owner, out_dir));
    }
    throw OutputError(SystemErrorText(path, "cannot lock", lock_error));
  }
  std::string pid = fmt::format("{}\n", getpid());
  if (ftruncate(fd_, 0) != 0 || pwrite(fd_, pid.data(), pid.size(), 0) !=
                                    static_cast<ssize_t>(pid.size())) {
    int write_error = errno;
    close(fd_);
    fd_ = -1;
    throw OutputError(SystemErrorText(path, "cannot write", write_error));
  }
}

OutDirLock::~OutDirLock() {
  if (fd_ >= 0) close(fd_);
}

void ClearOldOutputs(const std::string& out_dir) {
  for (std::string_view name : kOutputs) {
    std::string path = fmt::format("{}/{}", out_dir, name);
    std::error_code error;
    fs::remove_all(path, error);
    if (error) {
      throw OutputError(SystemErrorText(
          path, "cannot remove the previous run's output", error.value()));
    }
  }
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(out_dir, error)) {
    if (entry.path().extension() == ".tmp") fs::remove(entry.path(), error);
  }
  CreateDirectory(out_dir + "/raw", "the raw output dir");
  CreateDirectory(out_dir + "/timelines", "the timeline dir");
}

}  // namespace heapbound
