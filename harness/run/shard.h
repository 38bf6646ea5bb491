#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "plan.h"

namespace heapbound {

// One share of a plan: shard `index` of `count`, 1-based (`--shard 2/3`).
struct ShardSpec {
  int index = 1;
  int count = 1;
};

// Parses "I/N" with whole numbers 1 <= I <= N. Returns none and sets
// `error` to a message naming `text` and what was expected.
std::optional<ShardSpec> ParseShard(std::string_view text, std::string* error);

// Returns "I/N".
std::string ShardText(const ShardSpec& shard);

// The expected cost of one job (e.g. the tool's cost factor times the
// fixture's size); only the ratios matter.
using JobCost = std::function<double(const Job&)>;

// Splits a plan into `count` shards and returns, per shard, the plan
// indices of its jobs in plan order. The case jobs of one case x fixture
// (all its tools) stay together, so the cross-check runs inside a shard;
// each group goes, dearest first, to the shard that is lightest after
// taking it (counting the baselines it would have to add); each shard also
// gets the baseline jobs its case jobs need. Every case job lands in
// exactly one shard; a baseline in every shard that needs it. The result
// depends only on the plan, the costs and `count`.
std::vector<std::vector<std::size_t>> AssignShards(const std::vector<Job>& jobs,
                                                   int count,
                                                   const JobCost& cost);

// Returns the jobs of `shard`, in plan order (AssignShards).
std::vector<Job> SelectShard(const std::vector<Job>& jobs,
                             const ShardSpec& shard, const JobCost& cost);

}  // namespace heapbound
