// Placeholder until the bless command lands; it fails loudly, never passes.
#include <cstdio>

#include "commands.h"
#include "exit_codes.h"

namespace heapbound {

CommandRunner AddBlessCommand(CLI::App& app) {
  app.add_subcommand("bless", "(not built yet)");
  return [] {
    std::fprintf(stderr, "heapbound bless: not built yet\n");
    return kExitInfrastructure;
  };
}

}  // namespace heapbound
