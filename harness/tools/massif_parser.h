#pragma once

#include <string>
#include <string_view>

#include "tool_adapter.h"

namespace heapbound {

// What the caller knows about the run that wrote a massif file.
enum class MassifRunEnd {
  // The run ended in any way (crash, abort, unknown): every snapshot counts,
  // no heap_tree=peak snapshot is required.
  kAny,
  // The run exited normally and freed memory after its peak, as every C++
  // program does (valgrind frees libstdc++'s emergency pool at exit), so
  // massif wrote a heap_tree=peak snapshot; a file without one is cut short.
  kNormalExit,
};

// Reads a valgrind massif output file (massif.out format, any time unit).
// peak_bytes is the maximum mem_heap_B over all snapshots; the timeline is
// (time, mem_heap_B) of every snapshot; top_sites come from the detailed
// snapshot nearest the peak. Requires a complete file: the header, every
// snapshot whole and numbered from 0, the last line ended by a newline, and
// a peak above 0 B. Throws only ToolOutputError, naming file:line and the
// expected format; never allocates by counts read from the file.
Measurement ParseMassifFile(const std::string& path,
                            MassifRunEnd end = MassifRunEnd::kAny);

// Parses massif output held in memory; `name` stands for the file in errors.
// The entry point for fuzzing.
Measurement ParseMassifText(std::string_view text, const std::string& name,
                            MassifRunEnd end = MassifRunEnd::kAny);

}  // namespace heapbound
