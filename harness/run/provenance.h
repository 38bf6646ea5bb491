#pragma once

#include <optional>
#include <string>

#include "shard.h"

namespace heapbound {

// Where a run's results came from: results.json's `provenance`
// (docs/results-schema.md). `heapbound merge` refuses shards whose
// heapbound_version, git_commit or bounds_hash differ.
struct Provenance {
  std::string heapbound_version;
  std::optional<std::string> git_commit;  // none outside a git checkout
  std::optional<bool> git_dirty;
  std::string bounds_file;
  std::string bounds_hash;  // xxh64 hex of the bounds file's bytes
  std::string started_at;   // ISO 8601 UTC
  std::string finished_at;
  std::optional<ShardSpec> shard;  // none: the whole plan
};

// Returns the provenance of a run on `bounds_file` started now: the
// heapbound version, the commit of the checkout that holds the bounds file
// (git, when there is one) and the bounds file's hash. Throws
// std::runtime_error when the bounds file cannot be read.
Provenance CollectProvenance(const std::string& bounds_file,
                             std::optional<ShardSpec> shard);

// Returns the current time as "2026-11-30T21:04:05Z".
std::string UtcNow();

// Returns the xxh64 of `bytes` as 16 lowercase hex digits.
std::string Xxh64Hex(const std::string& bytes);

}  // namespace heapbound
