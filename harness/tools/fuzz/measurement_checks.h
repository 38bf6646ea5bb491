#pragma once

#include <algorithm>
#include <cstdint>
#include <string>

#include "fuzz_check.h"
#include "measurement.h"
#include "tool_adapter.h"

namespace heapbound {

// Checks what measurement.h promises of any parsed measurement: a timeline
// that includes the peak (and none higher), top sites largest first.
inline void CheckMeasurement(const Measurement& measurement) {
  HEAPBOUND_FUZZ_CHECK(!measurement.timeline.empty(),
                       "peak {} B with an empty timeline",
                       measurement.peak_bytes);
  std::uint64_t highest = 0;
  for (const TimelinePoint& point : measurement.timeline) {
    highest = std::max(highest, point.heap_bytes);
  }
  HEAPBOUND_FUZZ_CHECK(highest == measurement.peak_bytes,
                       "peak {} B, highest timeline point {} B",
                       measurement.peak_bytes, highest);
  for (std::size_t i = 1; i < measurement.top_sites.size(); ++i) {
    HEAPBOUND_FUZZ_CHECK(
        measurement.top_sites[i - 1].bytes >= measurement.top_sites[i].bytes,
        "top site {} holds {} B, more than site {} ({} B)", i,
        measurement.top_sites[i].bytes, i - 1,
        measurement.top_sites[i - 1].bytes);
  }
}

// Parses the fuzz input at `path` with `parse` (std::string path ->
// Measurement) and checks the outcome: a consistent measurement, or a
// ToolOutputError that names the file. Anything else escaping is a crash.
// Returns 0, as LLVMFuzzerTestOneInput must.
template <typename Parse>
int FuzzToolOutput(const std::string& path, Parse parse) {
  Measurement measurement;
  try {
    measurement = parse(path);
  } catch (const ToolOutputError& error) {
    HEAPBOUND_FUZZ_CHECK(NamesFile(error.what(), path),
                         "error without the file name: {}", error.what());
    return 0;
  }
  CheckMeasurement(measurement);
  return 0;
}

}  // namespace heapbound
