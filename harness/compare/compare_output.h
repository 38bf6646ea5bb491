#pragma once

#include <string>

#include "compare.h"

namespace heapbound {

// compare.md: a table ready for a pull-request comment. Rows that changed
// come first, largest growth first; unchanged rows are folded into a
// <details> block; then rows not compared (with the reason), added and
// removed.
std::string CompareMarkdown(const Comparison& comparison);

// compare.json (docs/results-schema.md, "compare.json").
std::string CompareJson(const Comparison& comparison);

// One line per count for the terminal: "2 grew, 1 shrank, ...".
std::string CompareCounts(const Comparison& comparison);

// Writes <out_dir>/compare.md and <out_dir>/compare.json, each through a
// temporary renamed into place. Throws OutputError naming the file.
void WriteCompare(const std::string& out_dir, const Comparison& comparison);

}  // namespace heapbound
