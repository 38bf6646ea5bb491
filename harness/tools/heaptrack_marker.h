#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace heapbound {

// The reading marker in a heaptrack trace (heapbound_mark.c): the live heap
// just before the 1-byte allocation heapbound_reading_started makes at a
// program's first open of a fixture file, and the highest live heap from
// then on, that allocation left out.
struct ReadingMark {
  std::uint64_t mark_bytes = 0;
  std::uint64_t peak_after_mark_bytes = 0;
};

// Streams a trace ReadHeaptrackTrace has accepted. Returns none when no
// allocation has heapbound_reading_started as its innermost frame (the
// marker was not preloaded or never fired). Throws ToolOutputError when the
// file cannot be read.
std::optional<ReadingMark> FindReadingMarker(const std::string& path);

}  // namespace heapbound
