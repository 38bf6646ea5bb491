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

// One measured case row of a run, as bless needs it.
struct BlessSample {
  std::string case_name;
  std::string fixture;
  std::string tool;
  bool judged = false;  // status pass or fail: the net peak is trustworthy
  std::string status;   // the row's status, for the note when not judged
  FixtureStats stats;   // the fixture's statistics (when judged)
  std::uint64_t net_peak_bytes = 0;
};

// New max_peak values derived from a run's results, and what was left out.
struct BlessPlan {
  std::map<std::string, BoundExpression> bounds;
  std::vector<std::string> notes;  // one line per case not rewritten, or
                                   // warnings
};

// Derives, for each bounded case in `samples` (the case rows of a run),
// the smallest bound of the same form that holds every measured net peak
// with the margin: a size becomes a new size, an expression keeps its
// statistic terms and gets a new constant. The constant is at least one
// granularity step above what the terms leave unexplained (even when that
// is 0), so no bound sits exactly on a measured peak. Negative controls and
// cases with a row that is not pass or fail are left alone. Rows on a
// fixture the default suite ([defaults] and the sweeps) does not use get a
// warning note naming the case and the fixture.
BlessPlan ComputeBlessedBounds(const std::vector<BlessSample>& samples,
                               const BoundsFile& bounds,
                               const BlessOptions& options);

}  // namespace heapbound
