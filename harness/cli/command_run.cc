// heapbound run: plans case x fixture x tool from bounds.toml, generates
// missing fixtures, measures every job, judges the bounds and writes
// results.json, junit.xml, summary.md and the timelines.
#include <fmt/format.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "bounds_file.h"
#include "commands.h"
#include "config_error.h"
#include "default_paths.h"
#include "exit_codes.h"
#include "fixture_cache.h"
#include "interrupt.h"
#include "job_runner.h"
#include "judge.h"
#include "plan.h"
#include "results_writer.h"
#include "run_context.h"
#include "tool_adapter.h"

namespace heapbound {
namespace {

struct RunFlags {
  std::vector<std::string> cases;
  std::vector<std::string> fixtures;
  std::vector<std::string> tools;
  std::string bounds = DefaultPaths::BoundsFile();
  std::string out = DefaultPaths::OutDir();
  std::string cache = DefaultPaths::FixtureCache();
  std::string profiles = DefaultPaths::ProfilesFile();
  std::string driver;
  int jobs =
      static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  double timeout = 1800;
  bool quiet = false;
};

int Run(const RunFlags& flags) {
  std::string driver = ResolveDriver(flags.driver);
  std::vector<CaseInfo> cases;
  try {
    cases = ListDriverCases(driver);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "heapbound run: error: %s\n", error.what());
    return kExitInfrastructure;
  }
  ProfileCatalog catalog = ProfileCatalog::Load(flags.profiles);
  BoundsFile bounds =
      LoadBoundsFile(flags.bounds, MakeVocabulary(cases, catalog));
  std::vector<std::string> known_tools = ToolNames();
  for (const std::string& tool : flags.tools) {
    if (std::find(known_tools.begin(), known_tools.end(), tool) ==
        known_tools.end()) {
      throw ConfigError(fmt::format("--tool {}: unknown tool (expected {})",
                                    tool, ToolNamesText()));
    }
  }
  for (const std::string& fixture : flags.fixtures) {
    if (!catalog.Contains(fixture)) {
      throw ConfigError(fmt::format("--fixture {}: not a profile of {}",
                                    fixture, flags.profiles));
    }
  }
  PlanFilters filters{flags.cases, flags.fixtures, flags.tools};
  std::vector<Job> jobs = PlanJobs(bounds, filters);

  for (const std::string& tool : PlannedTools(jobs)) {
    std::string why = MakeToolAdapter(tool)->Unavailable();
    if (!why.empty())
      std::fprintf(stderr, "heapbound run: error: %s: %s\n", tool.c_str(),
                   why.c_str());
  }

  RunnerOptions options;
  options.driver = driver;
  options.out_dir = flags.out;
  options.jobs = flags.jobs;
  options.timeout_seconds = flags.timeout;
  options.make_tool = [](const std::string& name) {
    return MakeToolAdapter(name);
  };
  std::map<std::string, FixtureStats> fixture_stats;
  // Ctrl-C while generating keeps its default action: the generator writes
  // into a temporary sibling that never looks complete.
  for (const std::string& profile : PlannedFixtures(jobs)) {
    try {
      Fixture fixture =
          catalog.Ensure(profile, flags.cache, isatty(STDERR_FILENO) != 0);
      fixture_stats[profile] = fixture.stats;
      options.fixtures[profile] = std::move(fixture);
    } catch (const FixtureError& error) {
      std::fprintf(stderr, "heapbound run: error: fixture %s: %s\n",
                   profile.c_str(), error.what());
      options.fixture_errors[profile] = error.what();
    }
  }
  // From here on Ctrl-C kills the running jobs' process groups and removes
  // the scratch files instead of leaving orphans behind.
  const std::atomic<bool>& interrupted = InterruptFlag();
  options.cancel = &interrupted;
  std::error_code ignored;
  std::filesystem::create_directories(flags.out, ignored);
  if (!flags.quiet) {
    std::fprintf(stderr,
                 "heapbound run: %zu jobs (%zu fixtures, %zu tools), %d at a "
                 "time, driver %s\n",
                 jobs.size(), PlannedFixtures(jobs).size(),
                 PlannedTools(jobs).size(), flags.jobs, driver.c_str());
  }
  options.on_done = [&flags](const JobOutcome& outcome, std::size_t done,
                             std::size_t total) {
    if (flags.quiet) return;
    std::string what =
        outcome.error.empty()
            ? fmt::format("peak {} B", outcome.measurement.peak_bytes)
            : "error: " + outcome.error.substr(0, outcome.error.find('\n'));
    std::fprintf(stderr, "[%3zu/%zu] %-40s %6.1f s  %s\n", done, total,
                 outcome.job.Id().c_str(), outcome.wall_seconds, what.c_str());
  };
  std::vector<JobOutcome> outcomes = RunJobs(jobs, options);
  if (interrupted) {
    std::fprintf(stderr,
                 "heapbound run: interrupted by %s; killed the running jobs "
                 "and removed temporaries\n",
                 InterruptSignal() == SIGTERM ? "SIGTERM" : "SIGINT");
    return kExitInfrastructure;
  }
  std::vector<JobResult> results =
      Judge(outcomes, fixture_stats, bounds.cross_check);
  WriteOutputs(flags.out, fixture_stats, results);
  std::fputs(SummaryTable(results).c_str(), stdout);
  std::fputs("\n", stdout);
  PrintProblems(stdout, results);
  std::map<std::string, int> counts;
  for (const JobResult& r : results) ++counts[r.status];
  std::string totals;
  for (const auto& [status, count] : counts)
    totals += fmt::format("{}{} {}", totals.empty() ? "" : ", ", count, status);
  int code = ExitCodeFor(results);
  std::printf("\nheapbound run: %s; exit %d; results in %s/results.json\n",
              totals.c_str(), code, flags.out.c_str());
  std::fflush(stdout);
  return code;
}

}  // namespace

CommandRunner AddRunCommand(CLI::App& app) {
  auto flags = std::make_shared<RunFlags>();
  CLI::App* run = app.add_subcommand("run",
                                     "Measure every case on every fixture "
                                     "under every tool and judge the bounds");
  run->add_option("--case", flags->cases, "Only these cases (repeatable)");
  run->add_option(
      "--fixture", flags->fixtures,
      "Use these fixture profiles instead of bounds.toml's (repeatable)");
  run->add_option("--tool", flags->tools,
                  "Use these tools instead of bounds.toml's: " +
                      ToolNamesText(", ") + " (repeatable)");
  run->add_option("--bounds", flags->bounds, "Bounds file")
      ->capture_default_str();
  run->add_option("--out", flags->out, "Output directory")
      ->capture_default_str();
  run->add_option("--cache", flags->cache, "Fixture cache directory")
      ->capture_default_str();
  run->add_option("--profiles", flags->profiles, "Fixture profiles file")
      ->capture_default_str();
  run->add_option("--jobs,-j", flags->jobs, "Jobs at a time")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  run->add_option("--timeout", flags->timeout,
                  "Seconds before a job is killed (0: never)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  run->add_flag("--quiet,-q", flags->quiet, "No progress lines on stderr");
  // Runs another case driver (test-only drivers); also HEAPBOUND_CASE_DRIVER.
  run->add_option("--driver", flags->driver)->group("");
  return [flags] {
    try {
      return Run(*flags);
    } catch (const ConfigError& error) {
      std::fprintf(stderr, "heapbound run: error: %s\n", error.what());
      return kExitUsage;
    } catch (const FixtureError& error) {
      std::fprintf(stderr, "heapbound run: error: %s\n", error.what());
      return kExitInfrastructure;
    }
  };
}

}  // namespace heapbound
