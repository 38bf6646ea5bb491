#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "judge.h"

namespace heapbound {

// The same table as summary.md, aligned for a terminal.
std::string SummaryTable(const std::vector<JobResult>& results);

// Prints what broke, in a few lines per row: fail and xpass rows with the
// net peak against the bound and the top allocation sites at the peak
// (each the user's own frame first, then the stack: site_view.h),
// error rows with their message. Negative controls that exceeded (xfail)
// get their top site, which names the reader that grows.
void PrintProblems(std::FILE* out, const std::vector<JobResult>& results);

// What PrintProblems prints for a fail or xpass row: the verdict line, the
// peak and baseline, notes, then the top sites. junit.xml's failure body.
std::string BrokenRowText(const JobResult& r);
// What PrintProblems prints for an xfail row: one line with the top site.
std::string ExpectedExcessText(const JobResult& r);

}  // namespace heapbound
