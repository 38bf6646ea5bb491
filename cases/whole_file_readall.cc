// The incident: Go's ioutil.ReadAll (Go <= 1.15), which reads a file whole
// through bytes.Buffer.ReadFrom. The buffer starts at bytes.MinRead (512)
// bytes and, before every read that would have less than 512 bytes free,
// grows to 2*cap + 512 by allocating, copying and dropping the old slice.
// The old slice stays live until the copy is done, so the peak is old + new:
// 1.5x to 3x the file. Go's GC frees the old slice later; freeing it right
// after the copy is the most generous reading of Go, and still exceeds.
#include <cstring>
#include <limits>
#include <new>

#include "case_registry.h"
#include "file_reading.h"

namespace heapbound {
namespace {

constexpr std::size_t kMinRead = 512;  // bytes.MinRead

// The []byte behind a bytes.Buffer: len bytes used of cap.
struct GoSlice {
  char* data = nullptr;
  std::size_t len = 0;
  std::size_t cap = 0;
};

// Grows like bytes.Buffer.ReadFrom: makeSlice(2*cap(b.buf) + MinRead), copy,
// drop the old. Kept out of line so heap profiles name it at the peak.
[[gnu::noinline]] void GrowLikeGoBytesBuffer(GoSlice& buffer) {
  if (buffer.cap > (std::numeric_limits<std::size_t>::max() - kMinRead) / 2) {
    throw std::bad_alloc();  // Go panics with bytes.ErrTooLarge.
  }
  const std::size_t new_cap = 2 * buffer.cap + kMinRead;
  char* fresh = new char[new_cap];
  std::memcpy(fresh, buffer.data, buffer.len);
  delete[] buffer.data;
  buffer.data = fresh;
  buffer.cap = new_cap;
}

void ReadAllLikeGo(const FileEntry& entry, ByteSink& sink) {
  OpenFile file(entry);
  // bytes.NewBuffer(make([]byte, 0, bytes.MinRead)).
  GoSlice buffer;
  buffer.data = new char[kMinRead];
  buffer.cap = kMinRead;
  try {
    for (;;) {
      // Checks before every read, the one that meets EOF included: a file
      // that fills the buffer exactly still pays for one more growth.
      if (buffer.cap - buffer.len < kMinRead) GrowLikeGoBytesBuffer(buffer);
      std::size_t n =
          file.ReadSome(buffer.data + buffer.len, buffer.cap - buffer.len);
      if (n == 0) break;
      buffer.len += n;
    }
    sink.Update(buffer.data, buffer.len);
  } catch (...) {
    delete[] buffer.data;
    throw;
  }
  delete[] buffer.data;
}

}  // namespace
}  // namespace heapbound

HEAPBOUND_CASE(whole_file_readall, heapbound::ReadAllLikeGo,
               "Go ioutil.ReadAll: whole file, grows 2*cap+512 (the incident)");
