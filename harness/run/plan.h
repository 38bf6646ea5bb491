#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bounds_file.h"

namespace heapbound {

enum class JobRole { kCase, kBaseline };
std::string_view RoleName(JobRole role);

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
  // max_leaked and max_allocs (none for baselines or when unset), and their
  // values on the fixture, set by EvaluateBounds.
  std::optional<ExtraBound> max_leaked;
  std::optional<ExtraBound> max_allocs;
  std::optional<std::uint64_t> leaked_bound;
  std::optional<std::uint64_t> allocs_bound;

  // Returns "<case>.<fixture>.<tool>", unique within a plan; names raw
  // outputs and timelines.
  std::string Id() const;
};

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
