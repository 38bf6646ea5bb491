#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "ci_annotations.h"
#include "compare.h"
#include "judge.h"

namespace heapbound {

// A judged run as `heapbound run` and `heapbound merge` hand it over: the
// rows, the comparison of --baseline and how to write the run's own set.
struct JudgedRun {
  std::string command;  // "run" or "merge", for the messages
  std::string out_dir;
  std::vector<JobResult> results;
  std::optional<Comparison> comparison;  // with --baseline
  AnnotationContext annotations;
  // Writes junit.xml, summary.md and, last, results.json. Throws
  // OutputError.
  std::function<void(const std::vector<JobResult>&)> write_set;
  std::string counts_prefix;  // before the counts: "3 shards; "
  std::string counts_suffix;  // after them: "; 6 of 6 measurements reused"
};

// Writes the CI outputs (codequality.json; compare.md and compare.json
// with --baseline), then the set, results.json last; prints the table, the
// problems, the growth and, under GITHUB_ACTIONS=true, the annotations;
// returns the exit code. A write failure is reported, removes
// codequality.json and makes the exit 3, but the table is still printed.
int FinishJudgedRun(const JudgedRun& run);

}  // namespace heapbound
