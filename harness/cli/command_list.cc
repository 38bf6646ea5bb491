// Placeholder until the list command lands; it fails loudly, never passes.
#include <cstdio>

#include "commands.h"
#include "exit_codes.h"

namespace heapbound {

CommandRunner AddListCommand(CLI::App& app) {
  app.add_subcommand("list", "(not built yet)");
  return [] {
    std::fprintf(stderr, "heapbound list: not built yet\n");
    return kExitInfrastructure;
  };
}

}  // namespace heapbound
