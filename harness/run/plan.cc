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

std::string_view NetMethodName(NetMethod method) {
  switch (method) {
    case NetMethod::kBaseline:
      return "baseline";
    case NetMethod::kOpenMarker:
      return "open_marker";
    case NetMethod::kGross:
      return "gross";
  }
  return "baseline";
}

// Must match the adapters that return a MarkerEnvironment (a registry test
// checks it).
bool ToolMarksReading(const std::string& tool) {
  return tool == "track" || tool == "heaptrack";
}

std::vector<std::string> Job::Command(const std::string& driver,
                                      const std::string& root) const {
  if (!program) return {driver, "--case", case_name, "--root", root};
  return ExpandCommand(
      role == JobRole::kBaseline ? program->baseline : program->command, root);
}

bool IsVerified(const Job& job) {
  if (!job.program) return true;
  return job.role == JobRole::kCase && job.program->verify == Verify::kFull;
}

namespace {

// The name of a program's baseline-command job.
std::string ProgramBaselineName(const std::string& program) {
  return program + ".baseline";
}

// Decides how a case job's net peak is taken, and which baseline job it
// needs (empty: none).
void ChooseNetMethod(Job& job, const std::string& driver_baseline) {
  if (!job.program) {
    job.net_method = NetMethod::kBaseline;
    job.baseline_case = driver_baseline;
  } else if (ToolMarksReading(job.tool)) {
    job.net_method = NetMethod::kOpenMarker;
    job.baseline_case.clear();
  } else if (!job.program->baseline.empty()) {
    job.net_method = NetMethod::kBaseline;
    job.baseline_case = ProgramBaselineName(job.case_name);
  } else {
    job.net_method = NetMethod::kGross;
    job.baseline_case.clear();
  }
}

}  // namespace

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
        job.program = bound.program;
        ChooseNetMethod(job, bounds.baseline_case);
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
  // One baseline per (baseline case, tool, fixture) the cases use.
  std::set<std::tuple<std::string, std::string, std::string>> baselines;
  std::vector<Job> baseline_jobs;
  for (const Job& job : jobs) {
    if (job.baseline_case.empty() ||
        !baselines.emplace(job.baseline_case, job.tool, job.fixture).second) {
      continue;
    }
    Job baseline;
    baseline.case_name = job.baseline_case;
    baseline.fixture = job.fixture;
    baseline.tool = job.tool;
    baseline.role = JobRole::kBaseline;
    if (job.baseline_case != bounds.baseline_case)
      baseline.program = job.program;
    baseline_jobs.push_back(std::move(baseline));
  }
  jobs.insert(jobs.end(), baseline_jobs.begin(), baseline_jobs.end());
  for (std::size_t i = 0; i < jobs.size(); ++i) jobs[i].plan_index = i;
  return jobs;
}

void EvaluateBounds(std::vector<Job>& jobs,
                    const std::map<std::string, FixtureStats>& fixtures) {
  for (Job& job : jobs) {
    auto stats = fixtures.find(job.fixture);
    if (job.bound && stats != fixtures.end())
      job.bound_bytes = job.bound->Evaluate(stats->second);
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
