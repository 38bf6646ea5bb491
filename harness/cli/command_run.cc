// heapbound run: parses the flags; harness/run/suite.h does the work (plan,
// fixtures, jobs, judge, outputs).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <thread>

#include "commands.h"
#include "shard.h"
#include "suite.h"
#include "tool_adapter.h"

namespace heapbound {
namespace {

// Accepts a whole number >= 1 (CLI11's PositiveNumber takes 0.5 and its
// message prints a 300-digit range).
CLI::Validator JobsValidator() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        std::size_t used = 0;
        long value = 0;
        try {
          value = std::stol(text, &used);
        } catch (const std::exception&) {
          used = 0;
        }
        if (used == 0 || used != text.size() || value < 1)
          return fmt::format("{}: expected a whole number of jobs >= 1", text);
        return "";
      },
      "INT>=1");
}

// Accepts a finite number of seconds >= 0 (NonNegativeNumber takes nan,
// which would turn the timeout off).
CLI::Validator TimeoutValidator() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        std::size_t used = 0;
        double value = -1;
        try {
          value = std::stod(text, &used);
        } catch (const std::exception&) {
          used = 0;
        }
        if (used == 0 || used != text.size() || !std::isfinite(value) ||
            value < 0) {
          return fmt::format(
              "{}: expected a finite number of seconds >= 0 (0: no limit)",
              text);
        }
        return "";
      },
      "SECONDS>=0");
}

// Accepts I/N with 1 <= I <= N and stores it in `shard`.
CLI::Option* AddShardOption(CLI::App* run, std::optional<ShardSpec>& shard) {
  return run->add_option_function<std::string>(
      "--shard",
      [&shard](const std::string& text) {
        std::string error;
        shard = ParseShard(text, &error);
        if (!shard) throw CLI::ValidationError("--shard", error);
      },
      "Run only share I of N (1-based, e.g. 2/3) of the planned jobs, "
      "balanced by cost; `heapbound merge` joins the shards");
}

}  // namespace

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
      ->check(JobsValidator());
  run->add_option("--timeout", flags->timeout_seconds,
                  "Seconds before a job is killed (0: never)")
      ->capture_default_str()
      ->check(TimeoutValidator());
  AddShardOption(run, flags->shard)->type_name("I/N");
  run->add_flag("--quiet,-q", flags->quiet, "No progress lines on stderr");
  run->add_option("--baseline", flags->baseline,
                  "Compare with this run (results.json or out dir) and fail "
                  "on growth beyond bounds.toml's max_growth");
  run->add_flag("--reuse,!--no-reuse", flags->reuse,
                "Reuse the stored measurement of every job whose inputs are "
                "byte for byte unchanged (heapbound, tool, command and the "
                "files it names, environment, fixture); store the others. "
                "--no-reuse (ci/suite passes --reuse) measures every job");
  run->add_option("--reuse-dir", flags->reuse_dir,
                  "Where --reuse keeps measurements")
      ->capture_default_str();
  // Runs another case driver (test-only drivers); also HEAPBOUND_CASE_DRIVER.
  run->add_option("--driver", flags->driver)->group("");
  return [flags] { return RunSuite(*flags); };
}

}  // namespace heapbound
