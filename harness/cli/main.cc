// heapbound: generates fixtures, measures reader cases under massif,
// heaptrack and the in-process tracker, judges bounds and writes reports.
#include <fmt/format.h>

#include <exception>
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
