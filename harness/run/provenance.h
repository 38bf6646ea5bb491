#pragma once

#include <ctime>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace heapbound {

// Which share of a sharded run produced a results.json.
struct Shard {
  int index = 0;  // 1-based
  int count = 1;

  bool operator==(const Shard& other) const {
    return index == other.index && count == other.count;
  }
};

// Where a results.json came from (docs/results-schema.md, `provenance`):
// what compare, merge and the history plot need to tell runs apart.
struct Provenance {
  std::string heapbound_version;
  std::string git_commit = "unknown";  // of the source checkout
  std::optional<bool> git_dirty;       // null when not a git checkout
  std::string bounds_file;
  std::string bounds_hash;                   // xxh64 hex of its bytes
  std::map<std::string, std::string> tools;  // tool -> version
  std::string compiler;
  std::string started_at;  // ISO 8601 UTC
  std::string finished_at;
  std::optional<Shard> shard;
};

// What results.json records about a run beyond its rows.
struct RunRecord {
  std::optional<Provenance> provenance;
  // profile -> the fixture stamp's definition hash, written as
  // fixtures.<profile>.definition_hash.
  std::map<std::string, std::string> definition_hashes;
};

// The commit of a source checkout and whether its tree has changes.
struct GitState {
  std::string commit = "unknown";
  std::optional<bool> dirty;
};

// Asks git about `dir`; "unknown" and null when it is not a git checkout
// or git is missing. Never throws and prints nothing.
GitState ReadGitState(const std::string& dir);

// Returns the xxh64 of the file's bytes as 16 hex digits. Throws
// std::runtime_error naming the file when it cannot be read.
std::string FileXxh64(const std::string& path);

// Returns `time` as "2026-11-30T21:00:12Z".
std::string IsoUtc(std::time_t time);

// The compiler that built heapbound ("GNU 12.2.0"), from CMake.
std::string CompilerId();

// Returns the provenance of a run of `bounds_file` from the source checkout
// `source_dir`, started at `started`; tools and finished_at stay empty.
Provenance StartProvenance(const std::string& source_dir,
                           const std::string& bounds_file, std::time_t started);

nlohmann::ordered_json ProvenanceJson(const Provenance& provenance);

// Reports a bad field of results.json ("provenance.tools.massif", "expected
// a string, got 3"); must throw.
using FieldError =
    std::function<void(const std::string& field, const std::string& message)>;

// Reads `provenance` as ProvenanceJson writes it. Every member is optional
// (older files lack some); a mistyped one goes to `fail`.
Provenance ReadProvenance(const nlohmann::json& json, const FieldError& fail);

}  // namespace heapbound
