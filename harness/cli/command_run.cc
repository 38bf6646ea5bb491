// Placeholder until the run command lands; it fails loudly, never passes.
#include <cstdio>

#include "commands.h"
#include "exit_codes.h"

namespace heapbound {

CommandRunner AddRunCommand(CLI::App& app) {
  app.add_subcommand("run", "(not built yet)");
  return [] {
    std::fprintf(stderr, "heapbound run: not built yet\n");
    return kExitInfrastructure;
  };
}

}  // namespace heapbound
