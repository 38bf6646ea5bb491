#pragma once

#include <map>
#include <string>
#include <vector>

#include "fixture.h"
#include "judge.h"
#include "provenance.h"

namespace heapbound {

// Writes <out>/timelines/*.json, junit.xml, summary.md and, last,
// results.json (its presence marks a complete set), each through a
// temporary that is renamed into place. Every text is made valid UTF-8
// first. On any failure removes what it wrote of the set and throws
// OutputError naming the file and the system's reason; never another
// exception.
// `record` adds provenance and definition hashes (omitted when empty).
void WriteOutputs(const std::string& out_dir,
                  const std::map<std::string, FixtureStats>& fixtures,
                  const std::vector<JobResult>& results,
                  const RunRecord& record = {});

// The results.json schema this version writes and reads
// (docs/results-schema.md).
inline constexpr int kResultsSchema = 1;

// The results.json document (schema kResultsSchema).
std::string ResultsJson(const std::map<std::string, FixtureStats>& fixtures,
                        const std::vector<JobResult>& results,
                        const RunRecord& record = {});
// One timeline file's JSON.
std::string TimelineJson(const JobResult& result);
// junit.xml (junit_writer.cc): one testcase per case row; failures hold
// the verdict and the top sites; baselines are suite properties.
std::string JunitXml(const std::vector<JobResult>& results);
// Markdown (summary_markdown.cc): the counts, then a table of case,
// fixture, tool, net peak, bound, margin and status, then the problems,
// each with its top sites.
std::string SummaryMarkdown(const std::vector<JobResult>& results);

}  // namespace heapbound
