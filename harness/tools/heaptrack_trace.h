#pragma once

#include <string>
#include <string_view>

#include "tool_adapter.h"

namespace heapbound {

// Reads a heaptrack 1.4 trace (the interpreted text format, zstd-compressed,
// as `heaptrack -o` writes it when zstd is on PATH) in constant memory, with
// two streaming passes: the first finds the exact peak and the timeline, the
// second replays up to the peak for the live allocation stacks. The timeline
// time is the count of allocations and frees so far. Throws ToolOutputError
// naming file:line on a missing, corrupt, truncated or untraced trace.
// Requires the trailer heaptrack_interpret writes last (`# strings: <n>`,
// `# ips: <n>`), so a trace cut at a line boundary is "truncated trace".
// Throws only ToolOutputError; memory grows with the trace's records, never
// with counts read from it.
Measurement ReadHeaptrackTrace(const std::string& path);

// Reads a zstd-compressed trace held in memory; `name` stands for the file
// in errors. The entry point for fuzzing.
Measurement ReadHeaptrackTraceData(std::string_view compressed,
                                   const std::string& name);

}  // namespace heapbound
