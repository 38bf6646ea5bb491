#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace heapbound {

// One stack frame of an allocation site.
struct Frame {
  std::string function;  // demangled when the tool gives it, else "??"
  std::string file;      // empty when unknown
  int line = 0;          // 0 when unknown
};

// Live heap bytes attributed to one allocation stack at the peak.
struct AllocationSite {
  std::uint64_t bytes = 0;
  std::vector<Frame> frames;  // innermost first
};

// One point of heap over time. `time` is the tool's own unit: bytes
// allocated so far for massif (--time-unit=B), the allocation event count
// for heaptrack.
struct TimelinePoint {
  std::uint64_t time = 0;
  std::uint64_t heap_bytes = 0;
};

// How many allocation sites a measurement and a result row keep.
inline constexpr std::size_t kTopSites = 5;

// What a tool's raw output says about one run.
struct Measurement {
  std::uint64_t peak_bytes = 0;
  std::string time_unit;                // "bytes allocated", "allocations", ...
  std::vector<TimelinePoint> timeline;  // in time order, includes the peak
  // At the peak, largest first, at most kTopSites.
  std::vector<AllocationSite> top_sites;
  // Every stack live at the peak, in no particular order; their bytes add
  // up to peak_bytes exactly. Empty when the tool gives no stacks (track)
  // or holds no tree at the peak (massif with a stale heap_tree=peak).
  std::vector<AllocationSite> peak_stacks;
  // Bytes still live when the process exited; none when unknown.
  std::optional<std::uint64_t> leaked_bytes;
  // Calls that allocated (malloc, new, realloc, ...); none when the tool
  // cannot count them (massif).
  std::optional<std::uint64_t> allocs;
  // The reading marker (track, programs only): the heap in use at the first
  // open of a file under HEAPBOUND_MARK_ROOT, and the highest heap from then
  // on. None when the marker was not asked for or never fired.
  std::optional<std::uint64_t> mark_bytes;
  std::uint64_t peak_after_mark_bytes = 0;
};

}  // namespace heapbound
