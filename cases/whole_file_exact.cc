// Reads each file whole into one allocation of exactly its size: the best a
// whole-file reader can do, and still a peak of the largest file.
#include <sys/stat.h>

#include <cerrno>
#include <memory>
#include <string>

#include "case_registry.h"
#include "file_reading.h"

namespace heapbound {
namespace {

void ReadExact(const FileEntry& entry, ByteSink& sink) {
  OpenFile file(entry);
  struct stat st;
  if (::fstat(file.fd(), &st) != 0) {
    throw IoError(entry.path, errno, "cannot stat open file");
  }
  const std::size_t size = static_cast<std::size_t>(st.st_size);
  // Skips the allocation for an empty file: there is nothing to hold.
  std::unique_ptr<char[]> data(size > 0 ? new char[size] : nullptr);
  std::size_t got = 0;
  while (got < size) {
    std::size_t n = file.ReadSome(data.get() + got, size - got);
    // Treats a size change as an error rather than guessing: the digest
    // must describe one consistent file, never a torn read.
    if (n == 0) {
      throw IoError(entry.path, 0,
                    "shrank while reading: expected " + std::to_string(size) +
                        " bytes, got " + std::to_string(got));
    }
    got += n;
  }
  char probe;
  if (file.ReadSome(&probe, 1) != 0) {
    throw IoError(entry.path, 0,
                  "grew while reading: more than the " + std::to_string(size) +
                      " bytes fstat reported");
  }
  sink.Update(data.get(), size);
}

}  // namespace
}  // namespace heapbound

HEAPBOUND_CASE(whole_file_exact, heapbound::ReadExact,
               "fstat, one allocation of exactly the file size, read whole");
