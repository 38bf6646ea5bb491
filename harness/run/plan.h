#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bounds_file.h"

namespace heapbound {

enum class JobRole { kCase, kBaseline };
std::string_view RoleName(JobRole role);

// How a case job's net peak is taken (docs/design.md, "Net peak").
enum class NetMethod {
  kBaseline,    // peak - the peak of a baseline job (the driver's
                // `baseline` case, or a program's `baseline` command)
  kOpenMarker,  // peak after the program's first open of a file under
                // the fixture root - the heap in use at that open
  kGross,       // the peak itself: a program without a baseline
                // command, under a tool without the marker
};
std::string_view NetMethodName(NetMethod method);

// True for the tools that note the heap at a program's first open of a
// fixture file: ToolAdapter::MarkerEnvironment is not empty.
bool ToolMarksReading(const std::string& tool);

// One measured process: a case on a fixture under a tool.
struct Job {
  std::string case_name;
  std::string fixture;
  std::string tool;
  JobRole role = JobRole::kCase;
  Expectation expect = Expectation::kFit;
  std::optional<BoundExpression> bound;  // none for baseline jobs
  std::string bound_text;                // as written in bounds.toml
  // The bound on this job's fixture; set once by EvaluateBounds.
  std::optional<std::uint64_t> bound_bytes;
  // Set for a [program.*] case and its baseline command: what runs instead
  // of the case driver.
  std::optional<ProgramSpec> program;
  NetMethod net_method = NetMethod::kBaseline;
  // The case_name of the baseline job whose peak is subtracted (kBaseline;
  // empty for the other methods).
  std::string baseline_case = "baseline";

  bool is_program() const { return program.has_value(); }
  // The argv to run on the fixture `root` (absolute), under no tool.
  std::vector<std::string> Command(const std::string& driver,
                                   const std::string& root) const;
  // Position in the whole plan (before --shard picks a share); orders the
  // rows of merged shards as one run's.
  std::size_t plan_index = 0;

  // Returns "<case>.<fixture>.<tool>", unique within a plan; names raw
  // outputs and timelines.
  std::string Id() const;
};

// True when the job's output was checked against the manifest: every
// built-in case, and a program case unless it says verify = "none" (a
// program's baseline command is not checked either).
bool IsVerified(const Job& job);

// Narrows (cases) or replaces (fixtures, tools) what bounds.toml plans.
struct PlanFilters {
  std::vector<std::string> cases;     // empty: every bounded case
  std::vector<std::string> fixtures;  // non-empty: replaces every fixture list
  std::vector<std::string> tools;     // non-empty: replaces every tool list
};

// Plans case x fixture x tool from the [case.*] tables and [[sweep]]s,
// then one baseline job per (tool, fixture) in use. Duplicates are merged,
// the order is stable (file order). Throws ConfigError for a --case that
// has no bound.
std::vector<Job> PlanJobs(const BoundsFile& bounds, const PlanFilters& filters);

// Evaluates each job's bound on its fixture's statistics, once, into
// Job::bound_bytes. Jobs whose fixture has no statistics keep none.
void EvaluateBounds(std::vector<Job>& jobs,
                    const std::map<std::string, FixtureStats>& fixtures);

// The distinct fixtures and tools of a plan, in first-use order.
std::vector<std::string> PlannedFixtures(const std::vector<Job>& jobs);
std::vector<std::string> PlannedTools(const std::vector<Job>& jobs);

}  // namespace heapbound
