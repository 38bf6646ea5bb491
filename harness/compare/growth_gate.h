#pragma once

#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "bounds_file.h"
#include "compare.h"
#include "judge.h"
#include "results_reader.h"

namespace heapbound {

// The run `heapbound run --baseline BASE` compares with, read before the
// out dir is cleared (BASE may be that out dir).
struct BaselineRun {
  std::string path;  // the results.json read
  ResultsFile results;
};

// Reads BASE (a results.json or an out dir). Throws ResultsError (exit 2)
// naming the file and the field.
BaselineRun ReadBaselineRun(const std::string& file_or_dir);

// Compares this run's judged `results` with the baseline and applies
// bounds.toml's max_growth, after judging: a case row (expect = fit) whose
// net peak grew by more than its case's max_growth becomes `fail` with a
// message ("grew by 512 B since the baseline run (max_growth 0 B)"), even
// when its bound holds. Shrinkage never fails. Returns the comparison, its
// rows marked with their max_growth, for compare.md and compare.json.
Comparison ApplyGrowthGate(const BaselineRun& baseline,
                           const BoundsFile& bounds,
                           const std::map<std::string, FixtureStats>& fixtures,
                           const RunRecord& record,
                           const std::string& results_path,
                           std::vector<JobResult>& results);

// The same for rows already in a results.json (`heapbound merge`): `head`
// is that file read back, `results` its rows as JobResults. Applying it to
// rows a shard already failed against the same baseline adds no second
// message.
Comparison ApplyGrowthGate(const BaselineRun& baseline,
                           const BoundsFile& bounds, const ResultsFile& head,
                           const std::string& results_path,
                           std::vector<JobResult>& results);

// Prints the growth and shrinkage since the baseline run, shrinkage with a
// hint to bless, and the counts.
void PrintGrowth(std::FILE* out, const Comparison& comparison);

}  // namespace heapbound
