#include "file_reading.h"

#include <unistd.h>

#include <cerrno>

namespace heapbound {

OpenFile::OpenFile(const FileEntry& file)
    : fd_(OpenForReading(file)), path_(file.path) {}

OpenFile::~OpenFile() { ::close(fd_); }

std::size_t OpenFile::ReadSome(void* buffer, std::size_t size) {
  for (;;) {
    ssize_t n = ::read(fd_, buffer, size);
    if (n >= 0) return static_cast<std::size_t>(n);
    if (errno != EINTR) throw IoError(path_, errno, "read failed");
  }
}

}  // namespace heapbound
