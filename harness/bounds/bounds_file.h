#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bound_expression.h"
#include "program_spec.h"

namespace heapbound {

// A place in a bounds file, printed as file:line:column.
struct SourcePosition {
  std::string file;
  int line = 0;
  int column = 0;
  std::string ToString() const;
};

enum class Expectation { kFit, kExceed };
std::string_view ExpectationName(Expectation expect);

// One [case.NAME] table: the bound on the case's net peak heap and where
// it is judged.
struct CaseBound {
  std::string name;
  BoundExpression max_peak;
  std::string max_peak_text;         // as written in the file
  SourcePosition position;           // of the [case.NAME] header
  SourcePosition max_peak_position;  // of the max_peak value
  Expectation expect = Expectation::kFit;
  std::vector<std::string> tools;     // the case's own list, else [defaults]
  std::vector<std::string> fixtures;  // the case's own list, else [defaults]
  // Set for a [program.NAME] table: any command, run instead of the driver.
  std::optional<ProgramSpec> program;
};

// One [[sweep]] table: extra fixtures and tools that every listed case also
// runs on, judged by the same bounds (the default file sweeps the ladder
// profiles under `track` for the scaling picture).
struct Sweep {
  std::string name;
  std::vector<std::string> cases;  // empty: every bounded case
  std::vector<std::string> tools;
  std::vector<std::string> fixtures;
  SourcePosition position;
};

// A parsed and validated cases/bounds.toml.
struct BoundsFile {
  std::string path;
  std::string baseline_case = "baseline";  // subtracted, needs no bound
  std::string source_dir;                  // BoundsVocabulary::source_dir
  std::vector<std::string> default_tools;
  std::vector<std::string> default_fixtures;
  // Tools whose net peaks must agree wherever they measured the same case on
  // the same fixture.
  std::vector<std::string> cross_check;
  std::vector<CaseBound> cases;  // the [case.*], then the [program.*]
  std::vector<Sweep> sweeps;     // in file order

  const CaseBound* Find(std::string_view name) const;
};

// What a bounds file may name: the registered cases (heapbound-case
// --list), the tools and the fixture profiles.
struct BoundsVocabulary {
  std::vector<std::string> cases;
  std::vector<std::string> tools;
  // The default cross_check: the exact tools (ExactToolNames()).
  std::vector<std::string> exact_tools;
  std::function<bool(const std::string&)> is_profile;
  // Relative paths in [program.*] commands resolve against it.
  std::string source_dir;
};

// Parses and validates bounds.toml text. Throws ConfigError whose message
// starts with file:line:column for anything malformed, unknown, duplicated
// or missing (a registered case without a bound, so every case is judged).
BoundsFile ParseBoundsFile(std::string_view text, const std::string& path,
                           const BoundsVocabulary& vocabulary);
// Reads and parses a bounds file. Throws ConfigError.
BoundsFile LoadBoundsFile(const std::string& path,
                          const BoundsVocabulary& vocabulary);

}  // namespace heapbound
