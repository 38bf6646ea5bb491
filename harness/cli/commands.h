#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace heapbound {

// Runs a parsed subcommand and returns heapbound's exit code (exit_codes.h).
using CommandRunner = std::function<int()>;

// Each subcommand lives in its own command_<name>.cc: it adds itself to the
// top-level app with its options and returns the function that runs it.
CommandRunner AddListCommand(CLI::App& app);
CommandRunner AddFixturesCommand(CLI::App& app);
CommandRunner AddRunCommand(CLI::App& app);
CommandRunner AddBlessCommand(CLI::App& app);
CommandRunner AddReportCommand(CLI::App& app);
CommandRunner AddMergeCommand(CLI::App& app);

}  // namespace heapbound
