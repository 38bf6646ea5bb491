#include "output_file.h"

#include <errno.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

namespace heapbound {
namespace {

// Writes all of `text` to `fd`; returns 0 or the errno of the failing call.
int WriteAll(int fd, std::string_view text) {
  while (!text.empty()) {
    ssize_t written = write(fd, text.data(), text.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    text.remove_prefix(static_cast<std::size_t>(written));
  }
  return 0;
}

}  // namespace

std::string SystemErrorText(const std::string& path, std::string_view what,
                            int error) {
  return fmt::format("{}: {}: {}", path, what, std::strerror(error));
}

void WriteFileAtomically(const std::string& path, std::string_view text) {
  std::string temporary = path + ".tmp";
  int fd =
      open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    throw OutputError(SystemErrorText(temporary, "cannot create", errno));
  int error = WriteAll(fd, text);
  if (close(fd) != 0 && error == 0) error = errno;
  if (error == 0 && std::rename(temporary.c_str(), path.c_str()) != 0) {
    int rename_error = errno;
    unlink(temporary.c_str());
    throw OutputError(SystemErrorText(path, "cannot replace", rename_error));
  }
  if (error != 0) {
    unlink(temporary.c_str());
    throw OutputError(SystemErrorText(path, "cannot write", error));
  }
}

}  // namespace heapbound
