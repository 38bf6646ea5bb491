#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "default_paths.h"
#include "fixture.h"
#include "measurement.h"
#include "measurement_cache.h"
#include "plan.h"
#include "tool_adapter.h"

namespace heapbound {

// What running one job produced. `error` is set for every infrastructure
// failure (tool missing, crash, non-zero exit, timeout, wrong digest,
// untraced or unreadable output); the other fields hold what is known.
struct JobOutcome {
  Job job;
  std::string error;
  bool measured = false;  // `measurement` holds a parsed tool output
  Measurement measurement;
  std::uint64_t max_rss_bytes = 0;
  double wall_seconds = 0;
  std::optional<bool> digest_ok;  // none for the baseline or when unknown
  std::uint64_t memory_cap_bytes = 0;
  // The case ran out of memory under memory_cap_bytes: a broken bound, not
  // an infrastructure error. `error` says so; `measurement` holds the peak
  // known before (when `measured`).
  bool hit_memory_cap = false;
  std::vector<std::string> raw;  // raw outputs, relative to the out dir
  // The measurement was stored by an earlier run whose inputs were the
  // same (measurement_key.h), not measured again.
  bool reused = false;
};

using ToolFactory =
    std::function<std::unique_ptr<ToolAdapter>(const std::string& name)>;

struct RunnerOptions {
  std::string driver;  // heapbound-case (or a test-only driver)
  // Every job is forked from it, so its max_rss_bytes is its own
  // (child_process.h, ChildSpec::spawner).
  std::string spawner = DefaultPaths::Spawner();
  std::string out_dir;  // raw outputs go to <out>/raw/
  int jobs = 1;
  double timeout_seconds = 0;  // per job; 0: none
  ToolFactory make_tool;
  std::map<std::string, Fixture> fixtures;  // by profile; every planned one
  std::map<std::string, std::string>
      fixture_errors;  // why a fixture is missing
  const std::atomic<bool>* cancel = nullptr;
  // `run --reuse`: jobs whose measurement key is stored take the stored
  // measurement; measured jobs are stored. Null: every job is measured.
  MeasurementCache* reuse = nullptr;
  // Called (under a lock) as each job finishes.
  std::function<void(const JobOutcome& outcome, std::size_t done,
                     std::size_t total)>
      on_done;
};

// Returns the RLIMIT_DATA cap of a job: four times its bound on the fixture
// (eight for a negative control, which is meant to exceed it), at least
// 1 GiB, at most 8 GiB.
std::uint64_t MemoryCapFor(const Job& job, const FixtureStats& stats);

// Runs every job, `options.jobs` at a time, longest first; returns the
// outcomes in the order of `jobs`. A job whose tool is unavailable or whose
// fixture is missing fails on its own; the others still run.
std::vector<JobOutcome> RunJobs(const std::vector<Job>& jobs,
                                const RunnerOptions& options);

// Turns a finished child's stdout (the driver's JSON line, possibly after a
// tool's own chatter) into a digest verdict against the manifest. Returns
// an error message, or "" when the line is there and matches.
std::string CheckDriverOutput(const std::string& stdout_text, const Job& job,
                              const FixtureStats& stats,
                              std::optional<bool>* digest_ok);

// Keeps at most `max_points` points of a timeline, in time order, always
// including the first, the last and the peak.
std::vector<TimelinePoint> Downsample(const std::vector<TimelinePoint>& points,
                                      std::size_t max_points);

}  // namespace heapbound
