// heapbound run: parses the flags; harness/run/suite.h does the work (plan,
// fixtures, jobs, judge, outputs).
#include <algorithm>
#include <memory>
#include <thread>

#include "commands.h"
#include "suite.h"

namespace heapbound {

CommandRunner AddRunCommand(CLI::App& app) {
  auto flags = std::make_shared<SuiteOptions>();
  flags->jobs =
      static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  CLI::App* run = app.add_subcommand("run",
                                     "Measure every case on every fixture "
                                     "under every tool and judge the bounds");
  run->add_option("--case", flags->cases, "Only these cases (repeatable)");
  run->add_option(
      "--fixture", flags->fixtures,
      "Use these fixture profiles instead of bounds.toml's (repeatable)");
  run->add_option("--tool", flags->tools,
                  "Use these tools instead of bounds.toml's: massif, "
                  "heaptrack, track (repeatable)");
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
  run->add_option("--timeout", flags->timeout_seconds,
                  "Seconds before a job is killed (0: never)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  run->add_flag("--quiet,-q", flags->quiet, "No progress lines on stderr");
  // Runs another case driver (test-only drivers); also HEAPBOUND_CASE_DRIVER.
  run->add_option("--driver", flags->driver)->group("");
  return [flags] { return RunSuite(*flags); };
}

}  // namespace heapbound
