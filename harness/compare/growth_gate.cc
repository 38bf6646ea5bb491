#include "growth_gate.h"

#include <fmt/format.h>

#include "compare_output.h"
#include "results_writer.h"

namespace heapbound {
namespace {

// Returns "512 B", with the percent when it is known and `with_percent`.
std::string GrowthText(const CompareRow& row, bool with_percent) {
  std::optional<double> percent = row.DeltaPercent();
  return percent && with_percent
             ? fmt::format("{} B ({:.2f} %)", row.DeltaBytes(), *percent)
             : fmt::format("{} B", row.DeltaBytes());
}

// Fails `result` for growing beyond `limit`; keeps an error an error.
void FailForGrowth(JobResult& result, const CompareRow& row,
                   const GrowthLimit& limit) {
  std::string message =
      fmt::format("grew by {} since the baseline run (max_growth {})",
                  GrowthText(row, limit.is_percent), limit.text);
  if (result.status == Status::kError) return;
  // A shard run with the same --baseline judged it already (merge).
  if (result.message.find(message) == std::string::npos) {
    result.message =
        result.message.empty() ? message : result.message + "; " + message;
  }
  result.status = Status::kFail;
}

}  // namespace

BaselineRun ReadBaselineRun(const std::string& file_or_dir) {
  BaselineRun run;
  run.path = ResultsPathOf(file_or_dir);
  run.results = ReadResultsFile(run.path);
  return run;
}

Comparison ApplyGrowthGate(const BaselineRun& baseline,
                           const BoundsFile& bounds,
                           const std::map<std::string, FixtureStats>& fixtures,
                           const RunRecord& record,
                           const std::string& results_path,
                           std::vector<JobResult>& results) {
  // Reads this run as compare would read its results.json, so both paths
  // compare the same numbers.
  ResultsFile head =
      ReadResults(ResultsJson(fixtures, results, record), results_path);
  return ApplyGrowthGate(baseline, bounds, head, results_path, results);
}

Comparison ApplyGrowthGate(const BaselineRun& baseline,
                           const BoundsFile& bounds, const ResultsFile& head,
                           const std::string& results_path,
                           std::vector<JobResult>& results) {
  Comparison comparison =
      CompareResults(baseline.results, head, baseline.path, results_path);
  std::map<std::string, JobResult*> by_id;
  for (JobResult& result : results) by_id[result.Id()] = &result;
  for (CompareRow& row : comparison.rows) {
    const CaseBound* bound = bounds.Find(row.case_name);
    if (bound == nullptr || !bound->max_growth) continue;
    auto result = by_id.find(row.Id());
    if (result == by_id.end() ||
        result->second->job.expect != Expectation::kFit)
      continue;  // a negative control is meant to be large
    row.max_growth = bound->max_growth->text;
    if (row.change != Change::kGrew ||
        !bound->max_growth->Exceeded(*row.before, *row.after))
      continue;
    row.over_max_growth = true;
    FailForGrowth(*result->second, row, *bound->max_growth);
    row.head_status = std::string(StatusName(result->second->status));
  }
  return comparison;
}

void PrintGrowth(std::FILE* out, const Comparison& comparison) {
  fmt::print(out, "\nsince the baseline run {}:\n", comparison.base.path);
  for (const CompareRow& row : comparison.rows) {
    if (row.change == Change::kGrew) {
      fmt::print(out, "  grew   {:<40} {} B -> {} B, by {}{}\n", row.Id(),
                 *row.before, *row.after, GrowthText(row, true),
                 row.over_max_growth
                     ? fmt::format(": more than max_growth {}", row.max_growth)
                     : "");
    } else if (row.change == Change::kShrank) {
      fmt::print(out,
                 "  shrank {:<40} {} B -> {} B, by {} B; `heapbound bless` "
                 "lowers its bound to keep the gain\n",
                 row.Id(), *row.before, *row.after, -row.DeltaBytes());
    } else if (row.change == Change::kNotCompared) {
      fmt::print(out, "  not compared {}: {}\n", row.Id(), row.reason);
    }
  }
  fmt::print(out, "  {}\n", CompareCounts(comparison));
}

}  // namespace heapbound
