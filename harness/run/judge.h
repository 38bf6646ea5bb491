#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "extra_checks.h"
#include "job_runner.h"
#include "status.h"

namespace heapbound {

// One row of results.json (docs/results-schema.md): a job and its verdict.
struct JobResult {
  Job job;  // what ran, with its bound evaluated on the fixture
  Status status = Status::kError;
  std::uint64_t peak_bytes = 0;
  std::uint64_t baseline_bytes = 0;
  std::uint64_t net_peak_bytes = 0;
  std::uint64_t max_rss_bytes = 0;
  double wall_seconds = 0;
  std::optional<bool> digest_ok;
  std::string message;
  std::string timeline;  // relative to <out>, empty: null
  std::string stacks;    // the folded stacks at the peak; empty: null
  std::vector<std::string> raw;
  std::vector<AllocationSite> top_sites;
  // The tool whose run gave top_sites when it is not job.tool (a broken
  // track row gets heaptrack's, site_backfill.h); empty otherwise.
  std::string sites_from;
  // Bytes live at exit and allocation calls, and both minus the
  // baseline's (extra_checks.h); none when the tool cannot tell (allocs
  // under massif) or the row was not judged.
  std::optional<std::uint64_t> leaked_bytes;
  std::optional<std::uint64_t> net_leaked_bytes;
  std::optional<std::uint64_t> allocs;
  std::optional<std::uint64_t> net_allocs;
  CheckState leaked_check = CheckState::kNone;
  CheckState allocs_check = CheckState::kNone;
  bool measured = false;        // peak_bytes came from a tool
  bool hit_memory_cap = false;  // stopped by RLIMIT_DATA: peak so far
  bool reused = false;          // a stored measurement (JobOutcome::reused)
  Measurement measurement;      // the full timeline, for the timeline file

  std::string Id() const { return job.Id(); }
  // Returns the bound on the fixture, none for baselines.
  const std::optional<std::uint64_t>& bound_bytes() const {
    return job.bound_bytes;
  }
};

// Subtracts each (tool, fixture) baseline, applies the bounds (evaluated
// into Job::bound_bytes by EvaluateBounds), cross-checks the tools in
// `cross_check` (their net peaks must be equal) and returns one row per
// outcome, in the same order.
std::vector<JobResult> Judge(const std::vector<JobOutcome>& outcomes,
                             const std::vector<std::string>& cross_check);

// 3 when any row is an error, else 1 when any bound broke (fail, xpass),
// else 0 (exit_codes.h).
int ExitCodeFor(const std::vector<JobResult>& results);

}  // namespace heapbound
