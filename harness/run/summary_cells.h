#pragma once

#include <map>
#include <string>
#include <vector>

#include "judge.h"

namespace heapbound {

// The net peak, bound and margin cells shared by summary.md and the
// terminal table; `none` fills a cell with no value, `quote` wraps the
// bound expression.
struct SummaryCells {
  std::string net, bound, margin;
};
SummaryCells CellsOf(const JobResult& r, const std::string& none,
                     const std::string& quote);

// Returns "3 pass, 1 xfail": the number of rows of each status, in the
// order of Status.
std::string StatusCounts(const std::vector<JobResult>& results);

}  // namespace heapbound
