#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "bounds_file.h"

namespace heapbound {

struct BlessOptions {
  double margin_percent = 10;       // head-room above the largest net peak
  std::uint64_t granularity = 256;  // bounds are rounded up to this many bytes
};

// New max_peak values derived from a run's results, and what was left out.
struct BlessPlan {
  std::map<std::string, BoundExpression> bounds;
  std::vector<std::string>
      notes;  // one line per case not rewritten, or warnings
};

// Derives, for each bounded case measured in `results_json` (the text of
// <out>/results.json), the smallest bound of the same form that holds every
// measured net peak with the margin: a size becomes a new size, an
// expression keeps its statistic terms and gets a new constant. Negative
// controls and cases with errors are left alone. Throws std::runtime_error
// naming `results_path` when the results do not parse.
BlessPlan ComputeBlessedBounds(const std::string& results_json,
                               const std::string& results_path,
                               const BoundsFile& bounds,
                               const BlessOptions& options);

}  // namespace heapbound
