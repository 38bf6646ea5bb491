#pragma once

#include <fmt/format.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

namespace heapbound {

// Holds a fuzz input in an anonymous memory file (memfd) that a parser
// taking a path opens as /proc/self/fd/N: nothing is written to disk, so
// nothing stays behind, even when the fuzzer crashes. One per process.
class FuzzInputFile {
 public:
  FuzzInputFile() : fd_(memfd_create("heapbound-fuzz-input", MFD_CLOEXEC)) {
    if (fd_ < 0) Die("memfd_create");
    path_ = "/proc/self/fd/" + std::to_string(fd_);
  }
  ~FuzzInputFile() { close(fd_); }
  FuzzInputFile(const FuzzInputFile&) = delete;
  FuzzInputFile& operator=(const FuzzInputFile&) = delete;

  // Replaces the file's bytes with `data`; returns the path to open.
  const std::string& Write(const std::uint8_t* data, std::size_t size) {
    if (ftruncate(fd_, 0) != 0) Die("ftruncate");
    std::size_t done = 0;
    while (done < size) {
      ssize_t wrote =
          pwrite(fd_, data + done, size - done, static_cast<off_t>(done));
      if (wrote < 0 && errno == EINTR) continue;
      if (wrote <= 0) Die("pwrite");
      done += static_cast<std::size_t>(wrote);
    }
    return path_;
  }

 private:
  [[noreturn]] static void Die(const char* what) {
    fmt::print(stderr, "FuzzInputFile: {} failed: {}\n", what,
               std::strerror(errno));
    std::abort();
  }

  int fd_;
  std::string path_;
};

}  // namespace heapbound
