#include "suite.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <map>

#include "bounds_file.h"
#include "ci_annotations.h"
#include "config_error.h"
#include "exit_codes.h"
#include "finish.h"
#include "fixture_cache.h"
#include "growth_gate.h"
#include "interrupt.h"
#include "job_runner.h"
#include "judge.h"
#include "measurement_cache.h"
#include "out_dir.h"
#include "output_file.h"
#include "plan.h"
#include "provenance.h"
#include "results_writer.h"
#include "run_context.h"
#include "site_backfill.h"
#include "summary_cells.h"
#include "terminal_report.h"
#include "tool_adapter.h"

namespace heapbound {
namespace {

// Stored measurements no run has used for this long are removed.
constexpr int kReuseDays = 7;

// The plan and what it was made from.
struct SuitePlan {
  std::string driver;
  ProfileCatalog catalog;
  BoundsFile bounds;
  std::vector<Job> jobs;
};

void CheckFlags(const SuiteOptions& options, const ProfileCatalog& catalog) {
  std::vector<std::string> known_tools = ToolNames();
  for (const std::string& tool : options.tools) {
    if (std::find(known_tools.begin(), known_tools.end(), tool) ==
        known_tools.end()) {
      throw ConfigError(fmt::format("--tool {}: unknown tool (expected {})",
                                    tool, ToolNamesText()));
    }
  }
  for (const std::string& fixture : options.fixtures) {
    if (!catalog.Contains(fixture)) {
      throw ConfigError(fmt::format("--fixture {}: not a profile of {}",
                                    fixture, options.profiles));
    }
  }
}

// Returns a job's expected cost for --shard: the tool's cost factor times
// the size its fixture's profile aims at (known before generating it).
JobCost CostOf(const ProfileCatalog& catalog) {
  std::map<std::string, double> bytes;
  for (const ProfileSummary& profile : catalog.Summaries())
    bytes[profile.name] = static_cast<double>(profile.approx_bytes);
  return [bytes](const Job& job) {
    auto found = bytes.find(job.fixture);
    double size = found == bytes.end() ? 0 : found->second;
    return ToolCostFactor(job.tool) * std::max(size, 1.0);
  };
}

SuitePlan Plan(const SuiteOptions& options) {
  std::string driver = ResolveDriver(options.driver);
  std::vector<CaseInfo> cases = ListDriverCases(driver);
  ProfileCatalog catalog = ProfileCatalog::Load(options.profiles);
  BoundsFile bounds =
      LoadBoundsFile(options.bounds, MakeVocabulary(cases, catalog));
  CheckFlags(options, catalog);
  std::vector<Job> jobs = PlanJobs(
      bounds, PlanFilters{options.cases, options.fixtures, options.tools});
  if (options.shard) jobs = SelectShard(jobs, *options.shard, CostOf(catalog));
  return SuitePlan{driver, std::move(catalog), std::move(bounds),
                   std::move(jobs)};
}

void ReportUnavailableTools(const std::vector<Job>& jobs) {
  for (const std::string& tool : PlannedTools(jobs)) {
    std::string why = MakeToolAdapter(tool)->Unavailable();
    if (!why.empty())
      fmt::print(stderr, "heapbound run: error: {}: {}\n", tool, why);
  }
}

// Generates or reuses every planned fixture; a fixture that fails is
// recorded so that its jobs fail on their own.
std::map<std::string, FixtureStats> EnsureFixtures(const SuiteOptions& options,
                                                   SuitePlan& plan,
                                                   RunnerOptions& runner) {
  std::map<std::string, FixtureStats> stats;
  // Ctrl-C while generating keeps its default action: the generator writes
  // into a temporary sibling that never looks complete.
  for (const std::string& profile : PlannedFixtures(plan.jobs)) {
    try {
      Fixture fixture = plan.catalog.Ensure(profile, options.cache,
                                            isatty(STDERR_FILENO) != 0);
      stats[profile] = fixture.stats;
      runner.fixtures[profile] = std::move(fixture);
    } catch (const FixtureError& error) {
      fmt::print(stderr, "heapbound run: error: fixture {}: {}\n", profile,
                 error.what());
      runner.fixture_errors[profile] = error.what();
    }
  }
  EvaluateBounds(plan.jobs, stats);
  return stats;
}

RunnerOptions MakeRunnerOptions(const SuiteOptions& options,
                                const std::string& driver) {
  RunnerOptions runner;
  runner.driver = driver;
  runner.out_dir = options.out;
  runner.jobs = options.jobs;
  runner.timeout_seconds = options.timeout_seconds;
  runner.make_tool = [](const std::string& name) {
    return MakeToolAdapter(name);
  };
  bool quiet = options.quiet;
  runner.on_done = [quiet](const JobOutcome& outcome, std::size_t done,
                           std::size_t total) {
    if (quiet) return;
    std::string what =
        outcome.error.empty()
            ? fmt::format("peak {} B", outcome.measurement.peak_bytes)
            : "error: " + outcome.error.substr(0, outcome.error.find('\n'));
    // A reused job took no time now; its stored wall time is in the row.
    std::string seconds = outcome.reused
                              ? std::string("  reused")
                              : fmt::format("{:6.1f} s", outcome.wall_seconds);
    fmt::print(stderr, "[{:3}/{}] {:<40} {}  {}\n", done, total,
               outcome.job.Id(), seconds, what);
  };
  return runner;
}

// Opens the measurement cache of --reuse; a cache that cannot be made is
// a warning, and every job is measured.
std::unique_ptr<MeasurementCache> OpenReuseCache(const SuiteOptions& options) {
  if (!options.reuse) return nullptr;
  std::error_code error;
  std::filesystem::create_directories(options.reuse_dir, error);
  if (error) {
    fmt::print(stderr,
               "heapbound run: warning: --reuse: cannot create {}: {}; "
               "measuring every job\n",
               options.reuse_dir, error.message());
    return nullptr;
  }
  return std::make_unique<MeasurementCache>(options.reuse_dir);
}

// Returns "; 87 of 101 measurements reused" for a run with --reuse, after
// warning about the measurements it could not store.
std::string ReuseNote(const MeasurementCache* reuse,
                      const std::vector<JobResult>& results) {
  if (reuse == nullptr) return "";
  if (reuse->failed_stores() > 0) {
    fmt::print(stderr,
               "heapbound run: warning: --reuse: {} measurements could not be "
               "stored in {} (the next run measures them again): {}\n",
               reuse->failed_stores(), reuse->dir(),
               reuse->first_store_error());
  }
  std::size_t reused =
      std::count_if(results.begin(), results.end(),
                    [](const JobResult& r) { return r.reused; });
  return fmt::format("; {} of {} measurements reused (inputs unchanged)",
                     reused, results.size());
}

// Returns where the run comes from: the source checkout's commit, the
// bounds file, the planned tools' versions and the fixtures' definitions.
RunRecord StartRecord(const SuiteOptions& options, const SuitePlan& plan,
                      const RunnerOptions& runner, std::time_t started) {
  RunRecord record;
  record.provenance =
      StartProvenance(DefaultPaths::SourceDir(), options.bounds, started);
  for (const std::string& tool : PlannedTools(plan.jobs)) {
    if (auto adapter = MakeToolAdapter(tool))
      record.provenance->tools[tool] = adapter->Version();
  }
  for (const auto& [profile, fixture] : runner.fixtures)
    record.definition_hashes[profile] = fixture.definition_hash;
  if (options.shard)
    record.provenance->shard =
        Shard{options.shard->index, options.shard->count};
  return record;
}

// Applies --baseline's growth gate, writes the outputs and prints the
// table and problems (finish.h); returns the exit code.
int Finish(const SuiteOptions& options, const SuitePlan& plan,
           const std::map<std::string, FixtureStats>& fixtures,
           std::vector<JobResult> results, RunRecord record,
           const std::optional<BaselineRun>& baseline,
           const std::string& reuse_note) {
  record.provenance->finished_at = IsoUtc(std::time(nullptr));
  JudgedRun run;
  run.command = "run";
  run.out_dir = options.out;
  if (baseline) {
    run.comparison = ApplyGrowthGate(*baseline, plan.bounds, fixtures, record,
                                     options.out + "/results.json", results);
  }
  run.results = std::move(results);
  run.counts_suffix = reuse_note;
  run.annotations = MakeAnnotationContext(plan.bounds);
  run.write_set = [&](const std::vector<JobResult>& rows) {
    WriteOutputs(options.out, fixtures, rows, record);
  };
  return FinishJudgedRun(run);
}

int ReportInterrupted() {
  fmt::print(stderr,
             "heapbound run: interrupted by {}; killed the running jobs and "
             "removed temporaries; no results written\n",
             InterruptSignal() == SIGTERM ? "SIGTERM" : "SIGINT");
  return kExitInfrastructure;
}

}  // namespace

int RunSuite(const SuiteOptions& options) {
  const std::time_t started = std::time(nullptr);
  SuitePlan plan = Plan(options);
  // Read before the out dir is cleared: BASE may be that out dir.
  std::optional<BaselineRun> baseline;
  if (!options.baseline.empty()) baseline = ReadBaselineRun(options.baseline);
  ReportUnavailableTools(plan.jobs);
  // Locks the out dir and removes the last run's outputs before anything
  // else can fail, so no old results.json looks like this run's.
  OutDirLock lock(options.out);
  ClearOldOutputs(options.out);
  RunnerOptions runner = MakeRunnerOptions(options, plan.driver);
  std::unique_ptr<MeasurementCache> reuse = OpenReuseCache(options);
  runner.reuse = reuse.get();
  std::map<std::string, FixtureStats> fixtures =
      EnsureFixtures(options, plan, runner);
  RunRecord record = StartRecord(options, plan, runner, started);
  // From here on Ctrl-C kills the running jobs' process groups and removes
  // the scratch files instead of leaving orphans behind.
  const std::atomic<bool>& interrupted = InterruptFlag();
  runner.cancel = &interrupted;
  if (!options.quiet) {
    std::string shard =
        options.shard ? "shard " + ShardText(*options.shard) + ": " : "";
    fmt::print(stderr,
               "heapbound run: {}{} jobs ({} fixtures, {} tools), {} at a "
               "time, driver {}\n",
               shard, plan.jobs.size(), PlannedFixtures(plan.jobs).size(),
               PlannedTools(plan.jobs).size(), options.jobs, plan.driver);
  }
  std::vector<JobOutcome> outcomes = RunJobs(plan.jobs, runner);
  if (interrupted) return ReportInterrupted();
  std::vector<JobResult> results = Judge(outcomes, plan.bounds.cross_check);
  BackfillSites(results, runner, [&](std::size_t jobs, std::size_t rows) {
    if (options.quiet) return;
    fmt::print(stderr,
               "heapbound run: {} broken rows have no allocation sites; "
               "re-measuring them under {} ({} jobs)\n",
               rows, kSitesTool, jobs);
  });
  if (interrupted) return ReportInterrupted();
  std::string reuse_note = ReuseNote(reuse.get(), results);
  if (reuse) reuse->Prune(kReuseDays);
  return Finish(options, plan, fixtures, std::move(results), std::move(record),
                baseline, reuse_note);
}

}  // namespace heapbound
