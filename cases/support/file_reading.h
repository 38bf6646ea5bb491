#pragma once

#include <cstddef>

#include "tree_walker.h"

namespace heapbound {

// Owns an open file descriptor of a walked file.
class OpenFile {
 public:
  explicit OpenFile(const FileEntry& file);
  ~OpenFile();
  OpenFile(const OpenFile&) = delete;
  OpenFile& operator=(const OpenFile&) = delete;

  int fd() const { return fd_; }
  const char* path() const { return path_; }

  // Reads up to `size` bytes, retrying on EINTR; returns 0 at end of file.
  // Throws IoError naming the path on a read error.
  std::size_t ReadSome(void* buffer, std::size_t size);

 private:
  int fd_;
  const char* path_;
};

}  // namespace heapbound
