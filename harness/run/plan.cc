#include "plan.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <tuple>

#include "config_error.h"

namespace heapbound {
namespace {

bool Has(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

std::string_view RoleName(JobRole role) {
  return role == JobRole::kCase ? "case" : "baseline";
}

std::string Job::Id() const { return case_name + "." + fixture + "." + tool; }

std::vector<Job> PlanJobs(const BoundsFile& bounds,
                          const PlanFilters& filters) {
  for (const std::string& name : filters.cases) {
    if (bounds.Find(name) == nullptr) {
      std::vector<std::string> known;
      for (const CaseBound& bound : bounds.cases) known.push_back(bound.name);
      throw ConfigError(
          fmt::format("--case {}: no such case in {} (bounded cases: {})", name,
                      bounds.path, fmt::join(known, ", ")));
    }
  }
  std::vector<Job> jobs;
  std::set<std::tuple<std::string, std::string, std::string>> seen;
  auto add = [&](const CaseBound& bound,
                 const std::vector<std::string>& fixtures,
                 const std::vector<std::string>& tools) {
    if (!filters.cases.empty() && !Has(filters.cases, bound.name)) return;
    const auto& use_fixtures =
        filters.fixtures.empty() ? fixtures : filters.fixtures;
    const auto& use_tools = filters.tools.empty() ? tools : filters.tools;
    for (const std::string& fixture : use_fixtures) {
      for (const std::string& tool : use_tools) {
        if (!seen.emplace(bound.name, fixture, tool).second) continue;
        Job job;
        job.case_name = bound.name;
        job.fixture = fixture;
        job.tool = tool;
        job.expect = bound.expect;
        job.bound = bound.max_peak;
        job.bound_text = bound.max_peak_text;
        job.max_leaked = bound.max_leaked;
        job.max_allocs = bound.max_allocs;
        jobs.push_back(std::move(job));
      }
    }
  };
  for (const CaseBound& bound : bounds.cases)
    add(bound, bound.fixtures, bound.tools);
  for (const Sweep& sweep : bounds.sweeps) {
    for (const CaseBound& bound : bounds.cases) {
      if (sweep.cases.empty() || Has(sweep.cases, bound.name)) {
        add(bound, sweep.fixtures, sweep.tools);
      }
    }
  }
  // One baseline per (tool, fixture) the cases use.
  std::set<std::pair<std::string, std::string>> baselines;
  std::vector<Job> baseline_jobs;
  for (const Job& job : jobs) {
    if (!baselines.emplace(job.tool, job.fixture).second) continue;
    Job baseline;
    baseline.case_name = bounds.baseline_case;
    baseline.fixture = job.fixture;
    baseline.tool = job.tool;
    baseline.role = JobRole::kBaseline;
    baseline_jobs.push_back(std::move(baseline));
  }
  jobs.insert(jobs.end(), baseline_jobs.begin(), baseline_jobs.end());
  return jobs;
}

void EvaluateBounds(std::vector<Job>& jobs,
                    const std::map<std::string, FixtureStats>& fixtures) {
  for (Job& job : jobs) {
    auto stats = fixtures.find(job.fixture);
    if (stats == fixtures.end()) continue;
    if (job.bound) job.bound_bytes = job.bound->Evaluate(stats->second);
    if (job.max_leaked)
      job.leaked_bound = job.max_leaked->expression.Evaluate(stats->second);
    if (job.max_allocs)
      job.allocs_bound = job.max_allocs->expression.Evaluate(stats->second);
  }
}

std::vector<std::string> PlannedFixtures(const std::vector<Job>& jobs) {
  std::vector<std::string> fixtures;
  for (const Job& job : jobs) {
    if (!Has(fixtures, job.fixture)) fixtures.push_back(job.fixture);
  }
  return fixtures;
}

std::vector<std::string> PlannedTools(const std::vector<Job>& jobs) {
  std::vector<std::string> tools;
  for (const Job& job : jobs) {
    if (!Has(tools, job.tool)) tools.push_back(job.tool);
  }
  return tools;
}

}  // namespace heapbound
