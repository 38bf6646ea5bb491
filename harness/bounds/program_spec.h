#pragma once

#include <string>
#include <utility>
#include <vector>

namespace heapbound {

// How a program case's own output is checked against the fixture's
// manifest (docs/design.md, "Program cases").
enum class Verify {
  kFull,  // its JSON line must carry the manifest's bytes and files (and
          // digest, when it prints one)
  kNone,  // a third-party tool (sort, sha256sum): reported as unverified
};

// The placeholder a command's elements may contain: the fixture's spiders
// directory, as an absolute path.
constexpr char kRootPlaceholder[] = "{root}";

// What runs for a [program.NAME] table.
struct ProgramSpec {
  // argv; elements keep their {root} placeholders, relative paths are
  // already resolved against the source dir.
  std::vector<std::string> command;
  // The fallback baseline for tools without a reading marker (argv), or
  // empty: those tools then report the gross peak.
  std::vector<std::string> baseline;
  std::vector<std::pair<std::string, std::string>> env;  // sorted by name
  Verify verify = Verify::kFull;
};

// Returns `command` with every {root} replaced by `root`.
std::vector<std::string> ExpandCommand(const std::vector<std::string>& command,
                                       const std::string& root);

}  // namespace heapbound
