#pragma once

#include <toml++/toml.h>

#include <string>

#include "program_spec.h"

namespace heapbound {

// Reads the program keys (command, baseline, env, verify) of one
// [program.NAME] table; the bound keys are bounds_file.cc's. Relative paths
// in the commands resolve against `source_dir` (empty: left as written).
// Throws ConfigError naming file:line:column.
ProgramSpec ParseProgramSpec(const toml::table& table, const std::string& name,
                             const std::string& path,
                             const std::string& source_dir);

}  // namespace heapbound
