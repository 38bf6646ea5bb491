// Maps each file instead of reading it: almost no heap, yet a resident set
// as large as the file. The reason reports show RSS beside the heap peak.
#include <sys/mman.h>
#include <sys/stat.h>

#include <cerrno>
#include <string>

#include "case_registry.h"
#include "file_reading.h"

namespace heapbound {
namespace {

// Unmaps a mapping when the scope ends.
class Mapping {
 public:
  Mapping(void* data, std::size_t size) : data_(data), size_(size) {}
  ~Mapping() { ::munmap(data_, size_); }
  Mapping(const Mapping&) = delete;
  Mapping& operator=(const Mapping&) = delete;

 private:
  void* data_;
  std::size_t size_;
};

void ReadMapped(const FileEntry& entry, ByteSink& sink) {
  OpenFile file(entry);
  struct stat st;
  if (::fstat(file.fd(), &st) != 0) {
    throw IoError(entry.path, errno, "cannot stat open file");
  }
  const std::size_t size = static_cast<std::size_t>(st.st_size);
  // Skips mapping an empty file (mmap(2) rejects a zero length), but makes
  // sure it is empty: a file that reports size 0 yet has bytes (procfs)
  // cannot be mapped, and skipping it would give a wrong digest.
  if (size == 0) {
    char probe;
    if (file.ReadSome(&probe, 1) != 0) {
      throw IoError(entry.path, 0, "reports size 0 but has data to read");
    }
    return;
  }
  // Populates the page tables up front, so the whole file is resident (and
  // counted in RSS) at once, as a reader that touches every byte ends up.
  void* data = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE,
                      file.fd(), 0);
  if (data == MAP_FAILED) throw IoError(entry.path, errno, "mmap failed");
  Mapping mapping(data, size);
  ::madvise(data, size, MADV_SEQUENTIAL);
  // A file truncated while mapped raises SIGBUS here; fixtures are not
  // modified while read, and a crash is reported as an error, never as a
  // wrong digest.
  sink.Update(data, size);
  // Rejects a file that changed size while mapped: the digest would
  // describe a file that never existed.
  struct stat after;
  if (::fstat(file.fd(), &after) != 0) {
    throw IoError(entry.path, errno, "cannot stat open file");
  }
  if (after.st_size != st.st_size) {
    throw IoError(entry.path, 0,
                  "changed size while mapped: " + std::to_string(st.st_size) +
                      " -> " + std::to_string(after.st_size) + " bytes");
  }
}

}  // namespace
}  // namespace heapbound

HEAPBOUND_CASE(mmap, heapbound::ReadMapped,
               "mmap(2) each file: heap ~0, RSS file-sized");
