#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "bounds_file.h"

namespace heapbound {

// What `heapbound merge` was asked to do (its flags).
struct MergeOptions {
  std::string out;
  std::vector<std::string> inputs;  // the shards' out dirs
  // Non-empty: a results.json or out dir whose net peaks the merged rows
  // are gated against (bounds.toml's max_growth), as `run --baseline`.
  std::string baseline;
};

// The bounds file the shards ran with, or why it cannot be used.
struct ShardBounds {
  std::optional<BoundsFile> bounds;
  std::string problem;  // set when `bounds` is none
};

// Loads the merged provenance's bounds_file (relative to the working
// directory, as the shards were given it) when its xxh64 still equals
// bounds_hash. Its own [case.*] names are its vocabulary: the shards
// validated it against their driver, and the hash says it is the same
// bytes. A missing, unreadable, changed or invalid file is a `problem`,
// never an exception.
ShardBounds LoadShardBounds(const nlohmann::ordered_json& provenance);

// Merges the shards, re-applies --baseline's growth gate, writes the
// merged outputs with the CI outputs of a run and prints what a run
// prints. Returns the exit code; throws ResultsError or ConfigError
// (exit 2), MergeConflict or OutputError (exit 3).
int RunMerge(const MergeOptions& options);

}  // namespace heapbound
