// Placeholder until the fixtures command lands; it fails loudly, never passes.
#include <cstdio>

#include "commands.h"
#include "exit_codes.h"

namespace heapbound {

CommandRunner AddFixturesCommand(CLI::App& app) {
  app.add_subcommand("fixtures", "(not built yet)");
  return [] {
    std::fprintf(stderr, "heapbound fixtures: not built yet\n");
    return kExitInfrastructure;
  };
}

}  // namespace heapbound
