// Test-only regressions through the standard library, linked into
// heapbound-case-testing: each reads every file whole into a std::vector or
// std::string, so its peak is the largest file (times the growth factor)
// and its allocation stacks start in libstdc++ (new_allocator.h,
// stl_vector.h, basic_string.tcc). The end-to-end tests check that sites
// still name these lines first: heapbound finds them by the comment
// "user frame: <case>" at the end of the line.
#include <string>
#include <vector>

#include "case_registry.h"
#include "file_reading.h"

namespace heapbound {
namespace {

constexpr std::size_t kChunk = 4096;

// Appends byte by byte, the way a loop over a stream often does.
void GrowVector(const FileEntry& entry, ByteSink& sink) {
  OpenFile file(entry);
  std::vector<char> bytes;
  char buffer[kChunk];
  while (std::size_t n = file.ReadSome(buffer, sizeof buffer)) {
    for (std::size_t i = 0; i < n; ++i) {
      bytes.push_back(buffer[i]);  // user frame: grow_vector
    }
  }
  sink.Update(bytes.data(), bytes.size());
}

void GrowString(const FileEntry& entry, ByteSink& sink) {
  OpenFile file(entry);
  std::string text;
  char buffer[kChunk];
  while (std::size_t n = file.ReadSome(buffer, sizeof buffer)) {
    text.append(buffer, n);  // user frame: grow_string
  }
  sink.Update(text.data(), text.size());
}

}  // namespace
}  // namespace heapbound

HEAPBOUND_CASE(grow_vector, heapbound::GrowVector,
               "test only: reads each file whole into a std::vector");
HEAPBOUND_CASE(grow_string, heapbound::GrowString,
               "test only: reads each file whole into a std::string");
