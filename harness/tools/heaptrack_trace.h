#pragma once

#include <string>

#include "tool_adapter.h"

namespace heapbound {

// Reads a heaptrack 1.4 trace (the interpreted text format, zstd-compressed,
// as `heaptrack -o` writes it when zstd is on PATH) in constant memory, with
// two streaming passes: the first finds the exact peak and the timeline, the
// second replays up to the peak for the live allocation stacks. The timeline
// time is the count of allocations and frees so far. Throws ToolOutputError
// naming file:line on a missing, corrupt, truncated or untraced trace.
Measurement ReadHeaptrackTrace(const std::string& path);

}  // namespace heapbound
