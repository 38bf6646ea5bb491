// Placeholder until the report command lands; it fails loudly, never passes.
#include <cstdio>

#include "commands.h"
#include "exit_codes.h"

namespace heapbound {

CommandRunner AddReportCommand(CLI::App& app) {
  app.add_subcommand("report", "(not built yet)");
  return [] {
    std::fprintf(stderr, "heapbound report: not built yet\n");
    return kExitInfrastructure;
  };
}

}  // namespace heapbound
