#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "job_runner.h"
#include "judge.h"

namespace heapbound {

// The tool that re-measures a broken row whose own tool records no
// allocation sites (track): heaptrack is exact, cheap per byte read, and
// records the stack of every allocation.
inline constexpr char kSitesTool[] = "heaptrack";

// What it takes to give broken rows their allocation sites.
struct SiteRerun {
  std::vector<std::size_t> rows;   // indices of the rows still without sites
  std::vector<Job> jobs;           // to run under kSitesTool: cases, baselines
  std::vector<JobOutcome> reused;  // baselines this run already measured
};

// Returns true for a fail or xpass case row with no allocation sites whose
// tool is not `tool`: the rows a broken bound leaves without a place to
// look at.
bool NeedsSites(const JobResult& row, const std::string& tool);

// Gives each row that needs sites those of `tool`'s row of the same case
// and fixture when this run has one with sites; plans the re-runs of the
// rest: the case under `tool`, and its fixture's baseline under `tool`
// unless this run measured it. A row whose case already ran under `tool`
// without sites (an error) is left as it is: its raw files are not
// overwritten.
SiteRerun PlanSiteRerun(std::vector<JobResult>& results,
                        const std::string& tool);

// Judges the re-runs (with `plan.reused`) and gives each planned row the
// sites of its case's re-run, sites_from = `tool`, and the re-run's raw
// files. A re-run that failed, or whose net peak differs from the row's,
// adds a note line to the row's message; the row's status never changes.
void ApplySiteRerun(std::vector<JobResult>& results, const SiteRerun& plan,
                    const std::vector<JobOutcome>& outcomes,
                    const std::string& tool);

// PlanSiteRerun, RunJobs under `runner` and ApplySiteRerun; `on_start` is
// told how many jobs will run for how many rows before they start (not
// called when none is needed). Returns the number of jobs run.
std::size_t BackfillSites(
    std::vector<JobResult>& results, const RunnerOptions& runner,
    const std::function<void(std::size_t jobs, std::size_t rows)>& on_start);

}  // namespace heapbound
