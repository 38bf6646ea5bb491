// The fix from the incident: one fixed 4096-byte heap buffer, reused.
#include <memory>

#include "case_registry.h"
#include "file_reading.h"

namespace heapbound {
namespace {

constexpr std::size_t kChunkSize = 4096;

void ReadChunked(const FileEntry& entry, ByteSink& sink) {
  OpenFile file(entry);
  // On the heap, like Go's make([]byte, 4096), so the bound sees it.
  std::unique_ptr<char[]> buffer(new char[kChunkSize]);
  while (std::size_t n = file.ReadSome(buffer.get(), kChunkSize)) {
    sink.Update(buffer.get(), n);
  }
}

}  // namespace
}  // namespace heapbound

HEAPBOUND_CASE(chunk, heapbound::ReadChunked,
               "read(2) into one 4096-byte heap buffer (the incident's fix)");
