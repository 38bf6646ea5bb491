#include "site_backfill.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <utility>

namespace heapbound {
namespace {

using Key = std::pair<std::string, std::string>;  // (case, fixture)

const JobResult* FindRow(const std::vector<JobResult>& results,
                         const std::string& case_name,
                         const std::string& fixture, const std::string& tool) {
  for (const JobResult& row : results) {
    if (row.job.case_name == case_name && row.job.fixture == fixture &&
        row.job.tool == tool)
      return &row;
  }
  return nullptr;
}

const JobResult* FindBaseline(const std::vector<JobResult>& results,
                              const std::string& fixture,
                              const std::string& tool) {
  for (const JobResult& row : results) {
    if (row.job.role == JobRole::kBaseline && row.job.fixture == fixture &&
        row.job.tool == tool)
      return &row;
  }
  return nullptr;
}

// Returns a baseline row of this run as the outcome Judge expects.
JobOutcome OutcomeOf(const JobResult& baseline) {
  JobOutcome outcome;
  outcome.job = baseline.job;
  outcome.measured = baseline.measured && baseline.status != Status::kError;
  outcome.measurement = baseline.measurement;
  outcome.error = outcome.measured ? "" : baseline.message;
  if (!outcome.measured && outcome.error.empty())
    outcome.error = "not measured";
  return outcome;
}

void AddNote(JobResult& row, const std::string& note) {
  row.message += "\n" + note;
}

}  // namespace

bool NeedsSites(const JobResult& row, const std::string& tool) {
  return row.job.role == JobRole::kCase &&
         (row.status == Status::kFail || row.status == Status::kXpass) &&
         row.top_sites.empty() && row.job.tool != tool;
}

SiteRerun PlanSiteRerun(std::vector<JobResult>& results,
                        const std::string& tool) {
  SiteRerun plan;
  std::set<Key> planned_cases;
  std::set<std::string> planned_baselines;
  for (std::size_t i = 0; i < results.size(); ++i) {
    JobResult& row = results[i];
    if (!NeedsSites(row, tool)) continue;
    const Job& job = row.job;
    if (const JobResult* same =
            FindRow(results, job.case_name, job.fixture, tool)) {
      if (!same->top_sites.empty()) {
        row.top_sites = same->top_sites;
        row.sites_from = tool;
      }
      continue;
    }
    plan.rows.push_back(i);
    if (planned_cases.insert({job.case_name, job.fixture}).second) {
      Job rerun = job;
      rerun.tool = tool;
      plan.jobs.push_back(std::move(rerun));
    }
    if (!planned_baselines.insert(job.fixture).second) continue;
    if (const JobResult* base = FindBaseline(results, job.fixture, tool)) {
      plan.reused.push_back(OutcomeOf(*base));
    } else if (const JobResult* own =
                   FindBaseline(results, job.fixture, job.tool)) {
      Job baseline = own->job;
      baseline.tool = tool;
      plan.jobs.push_back(std::move(baseline));
    }
  }
  return plan;
}

void ApplySiteRerun(std::vector<JobResult>& results, const SiteRerun& plan,
                    const std::vector<JobOutcome>& outcomes,
                    const std::string& tool) {
  std::vector<JobOutcome> all = outcomes;
  all.insert(all.end(), plan.reused.begin(), plan.reused.end());
  std::vector<JobResult> judged = Judge(all, {});
  for (std::size_t index : plan.rows) {
    JobResult& row = results[index];
    const JobResult* rerun =
        FindRow(judged, row.job.case_name, row.job.fixture, tool);
    if (rerun == nullptr || rerun->status == Status::kError) {
      std::string why = rerun ? rerun->message : "not run";
      AddNote(row,
              fmt::format("no allocation sites: {} records none, and "
                          "the {} re-run for them failed: {}",
                          row.job.tool, tool, why.substr(0, why.find('\n'))));
      continue;
    }
    row.top_sites = rerun->top_sites;
    row.sites_from = tool;
    row.raw.insert(row.raw.end(), rerun->raw.begin(), rerun->raw.end());
    if (rerun->net_peak_bytes != row.net_peak_bytes && !row.hit_memory_cap &&
        !rerun->hit_memory_cap) {
      AddNote(row, fmt::format("the {} re-run for sites measured a net peak "
                               "of {} B, {} {} B",
                               tool, rerun->net_peak_bytes, row.job.tool,
                               row.net_peak_bytes));
    }
  }
}

std::size_t BackfillSites(
    std::vector<JobResult>& results, const RunnerOptions& runner,
    const std::function<void(std::size_t jobs, std::size_t rows)>& on_start) {
  SiteRerun plan = PlanSiteRerun(results, kSitesTool);
  if (plan.rows.empty()) return 0;
  if (on_start) on_start(plan.jobs.size(), plan.rows.size());
  std::vector<JobOutcome> outcomes = RunJobs(plan.jobs, runner);
  ApplySiteRerun(results, plan, outcomes, kSitesTool);
  return plan.jobs.size();
}

}  // namespace heapbound
