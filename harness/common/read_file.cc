#include "read_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace heapbound {

bool ReadWholeFile(const std::string& path, std::string* text,
                   std::string* reason) {
  text->clear();
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    *reason = std::string("cannot open: ") + std::strerror(errno);
    return false;
  }
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    *reason = std::string("cannot stat: ") + std::strerror(errno);
    ::close(fd);
    return false;
  }
  if (S_ISDIR(info.st_mode)) {
    *reason = "is a directory, not a file";
    ::close(fd);
    return false;
  }
  char buffer[64 * 1024];
  for (;;) {
    const ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got > 0) {
      text->append(buffer, static_cast<std::size_t>(got));
    } else if (got == 0) {
      break;
    } else if (errno != EINTR) {
      *reason = std::string("cannot read: ") + std::strerror(errno);
      ::close(fd);
      return false;
    }
  }
  ::close(fd);
  return true;
}

}  // namespace heapbound
