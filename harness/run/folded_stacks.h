#pragma once

#include <string>
#include <vector>

#include "measurement.h"

namespace heapbound {

// One frame as flamegraph.pl shows it: `function (file:line)`,
// `function (file)` when only the file or object is known, or `function`.
// A ';' (the folded separator) becomes ':' and line breaks become spaces.
std::string FoldedFrame(const Frame& frame);

// The folded-stacks text of `stacks` (innermost frame first, as in
// Measurement::peak_stacks): one `outer;...;inner bytes` line per distinct
// stack, root first as flamegraph.pl, inferno and speedscope expect, equal
// stacks merged, lines sorted bytewise so the file is deterministic. A
// stack without frames is `(unknown)`; stacks of 0 bytes are left out, so
// the bytes of the lines add up to the bytes of `stacks`.
std::string FoldedStacks(const std::vector<AllocationSite>& stacks);

}  // namespace heapbound
