#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "judge.h"

namespace heapbound {

// The same table as summary.md, aligned for a terminal.
std::string SummaryTable(const std::vector<JobResult>& results);

// Prints what broke, in a few lines per row: fail and xpass rows with the
// net peak against the bound and the top allocation sites at the peak,
// error rows with their message. Negative controls that exceeded (xfail)
// get their top site, which names the reader that grows.
void PrintProblems(std::FILE* out, const std::vector<JobResult>& results);

// Returns the frames of a site worth showing: allocator frames (malloc,
// operator new, realloc, ...) at the top are skipped.
std::vector<Frame> InterestingFrames(const AllocationSite& site,
                                     std::size_t max_frames);

}  // namespace heapbound
