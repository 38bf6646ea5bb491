// heapbound: generates fixtures, measures reader cases under massif,
// heaptrack and the in-process tracker, judges bounds and writes reports.
#include <cstdio>
#include <exception>
#include <utility>
#include <vector>

#include "commands.h"
#include "exit_codes.h"

int main(int argc, char** argv) {
  using namespace heapbound;
  CLI::App app{"heapbound: a regression test suite for memory bounds"};
  app.require_subcommand(1);
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
  try {
    for (auto& [subcommand, runner] : commands) {
      if (subcommand->parsed()) return runner();
    }
  } catch (const std::exception& error) {
    std::fprintf(stderr, "heapbound: error: %s\n", error.what());
    return kExitInfrastructure;
  }
  return kExitUsage;
}
