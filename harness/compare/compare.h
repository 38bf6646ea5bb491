#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "provenance.h"
#include "results_reader.h"

namespace heapbound {

// What happened to one case x fixture x tool between two runs.
enum class Change {
  kGrew,
  kShrank,
  kUnchanged,
  kAdded,        // only in HEAD
  kRemoved,      // only in BASE
  kNotCompared,  // in both, but the numbers do not mean the same
};
const char* ChangeName(Change change);  // "grew", ..., "not_compared"

// One row of a comparison: net peaks before and after.
struct CompareRow {
  std::string case_name;
  std::string fixture;
  std::string tool;
  Change change = Change::kUnchanged;
  std::optional<std::uint64_t> before;  // BASE's net peak
  std::optional<std::uint64_t> after;   // HEAD's net peak
  std::optional<std::uint64_t> bound;   // HEAD's bound (BASE's when removed)
  std::string base_status;              // "" when not in BASE
  std::string head_status;              // "" when not in HEAD
  std::string reason;                   // why kNotCompared
  // Set by the growth gate (growth_gate.h) when it judged the row.
  std::string max_growth;  // as written in bounds.toml; "" when none
  bool over_max_growth = false;

  // after - before; 0 unless both are known.
  std::int64_t DeltaBytes() const;
  // The delta in percent of `before`; none when before is 0 or unknown.
  std::optional<double> DeltaPercent() const;
  std::string Id() const;  // case.fixture.tool
};

// Where one side of a comparison came from.
struct CompareSide {
  std::string path;  // the results.json read
  std::optional<Provenance> provenance;
};

// Two runs compared row by row: grown rows first (largest growth first),
// then shrunk (largest shrinkage first), unchanged, not compared, added and
// removed, each in case, fixture, tool order.
struct Comparison {
  CompareSide base;
  CompareSide head;
  std::vector<CompareRow> rows;

  std::size_t Count(Change change) const;
};

// Returns the results.json an argument names: the file itself, or
// <dir>/results.json for an out dir.
std::string ResultsPathOf(const std::string& file_or_dir);
// Returns the out dir an argument names: the dir itself, or the file's
// directory.
std::string OutDirOf(const std::string& file_or_dir);

// Compares the case rows (not the baselines) of two runs. A row in both
// whose fixture definition differs (definition_hash, else the tree digest)
// or that was not measured on one side (error) is kNotCompared with the
// reason.
Comparison CompareResults(const ResultsFile& base, const ResultsFile& head,
                          const std::string& base_path,
                          const std::string& head_path);

// Reads both results and compares them. Throws ResultsError (exit 2)
// naming the file and the field.
Comparison CompareFiles(const std::string& base, const std::string& head);

}  // namespace heapbound
