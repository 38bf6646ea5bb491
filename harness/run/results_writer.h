#pragma once

#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "fixture_cache.h"
#include "judge.h"

namespace heapbound {

// Writes <out>/results.json, <out>/timelines/*.json, <out>/junit.xml and
// <out>/summary.md. Throws std::runtime_error naming a file it cannot write.
void WriteOutputs(const std::string& out_dir,
                  const std::map<std::string, FixtureStats>& fixtures,
                  const std::vector<JobResult>& results);

// The results.json document (schema 1).
std::string ResultsJson(const std::map<std::string, FixtureStats>& fixtures,
                        const std::vector<JobResult>& results);
// One timeline file's JSON.
std::string TimelineJson(const JobResult& result);
std::string JunitXml(const std::vector<JobResult>& results);
// Markdown table: case, fixture, tool, net peak, bound, margin %, status.
std::string SummaryMarkdown(const std::vector<JobResult>& results);

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
