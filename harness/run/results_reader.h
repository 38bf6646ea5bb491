#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "bounds_file.h"
#include "extra_checks.h"
#include "measurement.h"
#include "plan.h"
#include "provenance.h"
#include "status.h"

namespace heapbound {

// A results.json that is missing, not JSON, of another schema or with a
// missing or mistyped field: bad input, exit 2. The message names the file
// and the field: "<file>: results[3].net_peak_bytes: expected an unsigned
// integer, got \"12\"".
class ResultsError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// One row of results.json, typed (docs/results-schema.md).
struct ResultRow {
  std::string case_name;
  std::string fixture;
  std::string tool;
  JobRole role = JobRole::kCase;
  Expectation expect = Expectation::kFit;
  Status status = Status::kError;
  // Null in an error row reads as none.
  std::optional<std::uint64_t> peak_bytes;
  std::optional<std::uint64_t> baseline_bytes;
  std::optional<std::uint64_t> net_peak_bytes;
  std::optional<std::uint64_t> bound_bytes;
  std::string bound_expr;  // empty: null
  std::optional<std::uint64_t> max_rss_bytes;
  std::optional<double> wall_seconds;
  bool reused = false;  // a stored measurement; absent from older files
  std::optional<bool> digest_ok;
  std::string message;
  std::string timeline;  // relative to the out dir; empty: null
  std::vector<std::string> raw;
  std::vector<AllocationSite> top_sites;
  bool program = false;    // a [program.*] case (or its baseline command)
  bool verified = true;    // false: verify = "none", not checked
  std::string net_method;  // "baseline", "open_marker", "gross"; "": absent
  std::string sites_from;  // the tool whose re-run gave top_sites; "": own
  // The job's position in the whole plan; none in results of older runs.
  std::optional<std::uint64_t> plan_index;
  // Optional (null or missing: none): leaks and allocation calls.
  std::optional<std::uint64_t> leaked_bytes;
  std::optional<std::uint64_t> net_leaked_bytes;
  std::optional<std::uint64_t> allocs;
  std::optional<std::uint64_t> net_allocs;
  std::optional<std::uint64_t> leaked_bound_bytes;
  std::optional<std::uint64_t> allocs_bound;
  CheckState leaked_check = CheckState::kNone;
  CheckState allocs_check = CheckState::kNone;
};

// A whole results.json (schema 1).
struct ResultsFile {
  std::string heapbound_version;
  std::optional<Provenance> provenance;  // missing or null: none
  std::map<std::string, FixtureStats> fixtures;
  // profile -> fixtures.<profile>.definition_hash, for those that have one.
  std::map<std::string, std::string> definition_hashes;
  std::vector<ResultRow> results;
};

// Parses the text of a results.json. Checks the schema, every field's
// type, that no (case, fixture, tool) repeats and that every measured row's
// fixture is listed. Throws ResultsError (and nothing else) naming `path`
// and the field.
ResultsFile ReadResults(std::string_view text, const std::string& path);

// Reads and parses the file at `path`. Throws ResultsError; a missing file
// says to run `heapbound run` first.
ResultsFile ReadResultsFile(const std::string& path);

}  // namespace heapbound
