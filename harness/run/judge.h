#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "fixture_cache.h"
#include "job_runner.h"

namespace heapbound {

// One row of results.json (/tmp/results_schema.md, DESIGN.md Contract).
struct JobResult {
  std::string case_name;
  std::string fixture;
  std::string tool;
  std::string role;    // "case" | "baseline"
  std::string expect;  // "fit" | "exceed"
  std::string status;  // pass fail xfail xpass error skip
  std::uint64_t peak_bytes = 0;
  std::uint64_t baseline_bytes = 0;
  std::uint64_t net_peak_bytes = 0;
  std::optional<std::uint64_t> bound_bytes;
  std::string bound_expr;  // empty: null
  std::uint64_t max_rss_bytes = 0;
  double wall_seconds = 0;
  std::optional<bool> digest_ok;
  std::string message;
  std::string timeline;  // relative to <out>, empty: null
  std::vector<std::string> raw;
  std::vector<AllocationSite> top_sites;
  bool measured = false;    // peak_bytes came from a tool
  Measurement measurement;  // the full timeline, for the timeline file

  std::string Id() const { return case_name + "." + fixture + "." + tool; }
};

// Subtracts each (tool, fixture) baseline, applies the bounds, cross-checks
// the tools in `cross_check` (their net peaks must be equal) and returns
// one row per outcome, in the same order.
std::vector<JobResult> Judge(
    const std::vector<JobOutcome>& outcomes,
    const std::map<std::string, FixtureStats>& fixtures,
    const std::vector<std::string>& cross_check);

// 3 when any row is an error, else 1 when any bound broke (fail, xpass),
// else 0 (exit_codes.h).
int ExitCodeFor(const std::vector<JobResult>& results);

}  // namespace heapbound
