// heapbound: generates fixtures, measures reader cases under massif,
// heaptrack and the in-process tracker, judges bounds and writes reports.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <exception>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "commands.h"
#include "config_error.h"
#include "exit_codes.h"
#include "output_file.h"
#include "results_reader.h"

namespace heapbound {
namespace {

// Runs a parsed subcommand and maps what it throws to an exit code: the
// only place that does. Bad flags, bounds, profiles or results files are
// usage errors (2); a fixture, heapbound's own files or anything else that
// breaks is an infrastructure error (3).
int RunCommand(const std::string& name, const CommandRunner& runner) {
  auto fail = [&](int code, const std::exception& error) {
    fmt::print(stderr, "heapbound {}: error: {}\n", name, error.what());
    return code;
  };
  try {
    return runner();
  } catch (const ConfigError& error) {
    return fail(kExitUsage, error);
  } catch (const ResultsError& error) {
    return fail(kExitUsage, error);
  } catch (const FixtureError& error) {
    return fail(kExitInfrastructure, error);
  } catch (const OutputError& error) {
    return fail(kExitInfrastructure, error);
  } catch (const std::exception& error) {
    return fail(kExitInfrastructure, error);
  }
}

// Returns the Levenshtein distance between `a` and `b`.
std::size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1,
                         diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// Returns the error for a first argument that is neither an option nor a
// subcommand of `app` (naming the closest subcommand when it is at most two
// edits away, else all of them), or nothing when `argument` is fine.
std::optional<std::string> UnknownCommandError(const CLI::App& app,
                                               const std::string& argument) {
  constexpr std::size_t kMaxSuggestionDistance = 2;
  if (argument.empty() || argument[0] == '-') return std::nullopt;
  std::vector<std::string> names;
  for (const CLI::App* subcommand : app.get_subcommands({})) {
    if (subcommand->check_name(argument)) return std::nullopt;
    names.push_back(subcommand->get_name());
  }
  const std::string* closest = nullptr;
  std::size_t best = kMaxSuggestionDistance + 1;
  for (const std::string& name : names) {
    std::size_t distance = EditDistance(argument, name);
    if (distance < best) {
      best = distance;
      closest = &name;
    }
  }
  if (closest != nullptr) {
    return fmt::format("heapbound: unknown command '{}'; did you mean '{}'?",
                       argument, *closest);
  }
  return fmt::format("heapbound: unknown command '{}'; commands: {}", argument,
                     fmt::join(names, ", "));
}

}  // namespace
}  // namespace heapbound

int main(int argc, char** argv) {
  using namespace heapbound;
  CLI::App app{"heapbound: a regression test suite for memory bounds"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "heapbound " HEAPBOUND_VERSION);
  std::vector<std::pair<CLI::App*, CommandRunner>> commands;
  auto add = [&](CommandRunner (*adder)(CLI::App&)) {
    CommandRunner runner = adder(app);
    commands.emplace_back(app.get_subcommands({}).back(), std::move(runner));
  };
  add(AddListCommand);
  add(AddFixturesCommand);
  add(AddRunCommand);
  add(AddBlessCommand);
  add(AddReportCommand);
  add(AddMergeCommand);
  if (argc > 1) {
    if (auto error = UnknownCommandError(app, argv[1])) {
      fmt::print(stderr, "{}\n", *error);
      return kExitUsage;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    int code = app.exit(error);
    return code == 0 ? kExitPass : kExitUsage;
  }
  for (auto& [subcommand, runner] : commands) {
    if (subcommand->parsed()) return RunCommand(subcommand->get_name(), runner);
  }
  return kExitUsage;
}
