#include "judge.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <tuple>

#include "bound_expression.h"
#include "exit_codes.h"

namespace heapbound {
namespace {

// (baseline case, tool, fixture)
using BaselineKey = std::tuple<std::string, std::string, std::string>;
using BaselineMap = std::map<BaselineKey, const JobOutcome*>;

BaselineKey KeyOf(const Job& job) {
  return {job.role == JobRole::kBaseline ? job.case_name : job.baseline_case,
          job.tool, job.fixture};
}

bool SameFrame(const Frame& a, const Frame& b) {
  return a.function == b.function && a.file == b.file && a.line == b.line;
}

bool SameSite(const AllocationSite& a, const AllocationSite& b) {
  return a.bytes == b.bytes && a.frames.size() == b.frames.size() &&
         std::equal(a.frames.begin(), a.frames.end(), b.frames.begin(),
                    SameFrame);
}

// Returns the sites at the case's peak that the bare driver does not also
// have (the libstdc++ pool, the digest state): what the reader added.
std::vector<AllocationSite> SitesBeyondBaseline(
    const std::vector<AllocationSite>& sites,
    const std::vector<AllocationSite>& baseline) {
  std::vector<AllocationSite> kept;
  for (const AllocationSite& site : sites) {
    bool in_baseline =
        std::any_of(baseline.begin(), baseline.end(),
                    [&](const AllocationSite& b) { return SameSite(b, site); });
    if (!in_baseline) kept.push_back(site);
    if (kept.size() == kTopSites) break;
  }
  return kept;
}

std::string Bytes(std::uint64_t bytes) {
  return fmt::format("{} B ({})", bytes, HumanBytes(bytes));
}

void JudgeAgainstBound(JobResult& row) {
  std::uint64_t bound = *row.bound_bytes();
  std::uint64_t net = row.net_peak_bytes;
  const std::string& expr = row.job.bound_text;
  if (row.job.expect == Expectation::kFit) {
    if (net <= bound) {
      row.status = Status::kPass;
      return;
    }
    row.status = Status::kFail;
    row.message =
        fmt::format("net peak {} exceeds the bound {} = {} by {} ({:+.1f} %)",
                    Bytes(net), expr, Bytes(bound), Bytes(net - bound),
                    bound ? 100.0 * (net - bound) / bound : 100.0);
  } else if (net > bound) {
    row.status = Status::kXfail;
  } else {
    row.status = Status::kXpass;
    row.message = fmt::format(
        "negative control stayed under its bound: net peak {} <= {} = {} ({} "
        "below); it must exceed it",
        Bytes(net), expr, Bytes(bound), Bytes(bound - net));
  }
}

// Copies what the job runner measured into a fresh row.
JobResult RowOf(const JobOutcome& outcome) {
  JobResult row;
  row.job = outcome.job;
  row.max_rss_bytes = outcome.max_rss_bytes;
  row.wall_seconds = outcome.wall_seconds;
  row.reused = outcome.reused;
  row.digest_ok = outcome.digest_ok;
  row.raw = outcome.raw;
  row.measured = outcome.measured;
  if (outcome.measured) {
    row.peak_bytes = outcome.measurement.peak_bytes;
    row.measurement = outcome.measurement;
    row.top_sites = outcome.measurement.top_sites;
    if (row.top_sites.size() > kTopSites) row.top_sites.resize(kTopSites);
  }
  if (!row.measurement.timeline.empty()) {
    row.timeline = "timelines/" + row.Id() + ".json";
  }
  if (!row.measurement.peak_stacks.empty()) {
    row.stacks = "stacks/" + row.Id() + ".folded";
  }
  return row;
}

// Returns true when `peak` is under `baseline` by no more than the resident
// set's own noise: the rss tool counts pages, which move with the Go
// collector's timing and the allocator's page reuse, so a reader a few
// pages under its baseline has a net of 0, not an untraced run. The heap
// tools count bytes: for them any shortfall is an error.
bool WithinResidentSetNoise(const std::string& tool, std::uint64_t peak,
                            std::uint64_t baseline) {
  constexpr std::uint64_t kResidentSetNoise = 1 << 20;
  return tool == "rss" && baseline - peak <= kResidentSetNoise;
}

// Judges a row whose net peak is known; a fixture without statistics
// cannot be judged.
void JudgeBound(JobResult& row) {
  if (!row.bound_bytes()) {
    row.status = Status::kError;
    row.message =
        fmt::format("fixture '{}' has no statistics to evaluate the bound",
                    row.job.fixture);
    return;
  }
  JudgeAgainstBound(row);
}

// The net peak of a program under a tool with the reading marker: the
// highest heap after its first open of a fixture file, less the heap then.
void JudgeByMarker(JobResult& row, const JobOutcome& outcome) {
  const Measurement& measured = outcome.measurement;
  if (!measured.mark_bytes) {
    row.status = Status::kError;
    row.message = fmt::format(
        "the reading marker never fired: {} saw no open(2)/fopen(3) of a "
        "regular file under the fixture root of {} (a program that reads "
        "through another call, or a static binary, needs a tool without the "
        "marker and a `baseline` command)",
        row.job.tool, row.job.fixture);
    return;
  }
  row.baseline_bytes = *measured.mark_bytes;
  row.net_peak_bytes = measured.peak_after_mark_bytes - *measured.mark_bytes;
  JudgeBound(row);
}

// Judges a measured case row against its baseline and its bound.
void JudgeCase(JobResult& row, const JobOutcome& outcome,
               const BaselineMap& baselines) {
  const Job& job = row.job;
  if (job.net_method == NetMethod::kOpenMarker) {
    JudgeByMarker(row, outcome);
    return;
  }
  if (job.net_method == NetMethod::kGross) {
    row.baseline_bytes = 0;
    row.net_peak_bytes = row.peak_bytes;
    JudgeBound(row);
    return;
  }
  auto found = baselines.find(KeyOf(job));
  if (found == baselines.end() || !found->second->measured) {
    row.status = Status::kError;
    row.message = fmt::format(
        "no baseline for {} on {}: {}", job.tool, job.fixture,
        found == baselines.end() ? "not run" : found->second->error);
    return;
  }
  const Measurement& baseline = found->second->measurement;
  row.baseline_bytes = baseline.peak_bytes;
  row.top_sites =
      SitesBeyondBaseline(outcome.measurement.top_sites, baseline.top_sites);
  if (row.peak_bytes < row.baseline_bytes &&
      !WithinResidentSetNoise(job.tool, row.peak_bytes, row.baseline_bytes)) {
    // Every case runs the baseline's driver, so it holds at least as much;
    // less means the tool saw only part of the run.
    row.status = Status::kError;
    row.message = fmt::format(
        "untraced or truncated output: peak {} below the baseline's {} "
        "({} on {})",
        Bytes(row.peak_bytes), Bytes(row.baseline_bytes), job.tool,
        job.fixture);
    return;
  }
  row.net_peak_bytes = row.peak_bytes > row.baseline_bytes
                           ? row.peak_bytes - row.baseline_bytes
                           : 0;
  JudgeBound(row);
  if (row.status != Status::kError) JudgeExtras(row, baseline);
}

// Judges a job stopped by its memory cap. The cap is a multiple of the
// bound, so a case that hits it has broken its bound (a negative control
// has exceeded, as it must); the peak known before the stop is kept.
void JudgeMemoryCap(JobResult& row, const JobOutcome& outcome,
                    const BaselineMap& baselines) {
  row.hit_memory_cap = true;
  row.message = outcome.error;
  if (row.job.role == JobRole::kBaseline) {
    row.status = Status::kError;  // the bare driver never nears a cap
    return;
  }
  row.status =
      row.job.expect == Expectation::kExceed ? Status::kXfail : Status::kFail;
  if (row.job.net_method == NetMethod::kOpenMarker) {
    const Measurement& measured = outcome.measurement;
    if (row.measured && measured.mark_bytes) {
      row.baseline_bytes = *measured.mark_bytes;
      row.net_peak_bytes =
          measured.peak_after_mark_bytes - *measured.mark_bytes;
    }
    return;
  }
  if (row.job.net_method == NetMethod::kGross) {
    if (row.measured) row.net_peak_bytes = row.peak_bytes;
    return;
  }
  auto found = baselines.find(KeyOf(row.job));
  if (found == baselines.end() || !found->second->measured) return;
  row.baseline_bytes = found->second->measurement.peak_bytes;
  if (row.measured && row.peak_bytes > row.baseline_bytes)
    row.net_peak_bytes = row.peak_bytes - row.baseline_bytes;
}

// Exact tools must give the same net peak; marks disagreeing rows errors.
void CrossCheck(std::vector<JobResult>& results,
                const std::vector<std::string>& cross_check) {
  std::map<std::pair<std::string, std::string>, std::vector<JobResult*>>
      by_case;
  for (JobResult& row : results) {
    bool checked = std::find(cross_check.begin(), cross_check.end(),
                             row.job.tool) != cross_check.end();
    // A peak cut short by the memory cap depends on each tool's overhead.
    // A program runs in a different environment under each tool (heaptrack
    // preloads its library and sets variables an interpreter keeps), so
    // its rows are not held to the byte.
    if (row.job.role == JobRole::kCase && checked && row.measured &&
        !row.job.is_program() && row.status != Status::kError &&
        !row.hit_memory_cap) {
      by_case[{row.job.case_name, row.job.fixture}].push_back(&row);
    }
  }
  for (auto& [key, rows] : by_case) {
    const std::uint64_t first = rows.front()->net_peak_bytes;
    bool agree = std::all_of(
        rows.begin(), rows.end(),
        [first](const JobResult* row) { return row->net_peak_bytes == first; });
    if (agree) continue;
    std::vector<std::string> numbers;
    for (const JobResult* row : rows) {
      numbers.push_back(fmt::format("{} {} B (peak {} - baseline {})",
                                    row->job.tool, row->net_peak_bytes,
                                    row->peak_bytes, row->baseline_bytes));
    }
    for (JobResult* row : rows) {
      row->status = Status::kError;
      row->message =
          fmt::format("tools disagree on the net peak of {} on {}: {}",
                      key.first, key.second, fmt::join(numbers, ", "));
    }
  }
}

}  // namespace

std::vector<JobResult> Judge(const std::vector<JobOutcome>& outcomes,
                             const std::vector<std::string>& cross_check) {
  BaselineMap baselines;
  for (const JobOutcome& outcome : outcomes) {
    if (outcome.job.role == JobRole::kBaseline)
      baselines[KeyOf(outcome.job)] = &outcome;
  }
  std::vector<JobResult> results;
  results.reserve(outcomes.size());
  for (const JobOutcome& outcome : outcomes) {
    JobResult row = RowOf(outcome);
    if (outcome.hit_memory_cap) {
      JudgeMemoryCap(row, outcome, baselines);
    } else if (!outcome.error.empty()) {
      row.status = Status::kError;
      row.message = outcome.error;
    } else if (outcome.job.role == JobRole::kBaseline) {
      row.status = Status::kPass;
      row.net_peak_bytes = row.peak_bytes;
      RecordBaselineExtras(row);
    } else {
      JudgeCase(row, outcome, baselines);
    }
    results.push_back(std::move(row));
  }
  CrossCheck(results, cross_check);
  return results;
}

int ExitCodeFor(const std::vector<JobResult>& results) {
  bool broken = false;
  for (const JobResult& row : results) {
    if (row.status == Status::kError) return kExitInfrastructure;
    if (IsBroken(row.status)) broken = true;
  }
  return broken ? kExitBoundBroken : kExitPass;
}

}  // namespace heapbound
