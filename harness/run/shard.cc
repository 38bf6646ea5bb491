#include "shard.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <set>
#include <tuple>
#include <utility>

namespace heapbound {
namespace {

// The baseline case (a program's own `<name>.baseline` or the driver's
// `baseline`), tool and fixture of the baseline job a case job needs.
using BaselineKey = std::tuple<std::string, std::string, std::string>;

// The case jobs of one case x fixture and the baselines they need.
struct Group {
  std::vector<std::size_t> jobs;
  std::set<BaselineKey> baselines;
  double cost = 0;
};

std::optional<int> WholeNumber(std::string_view text) {
  int value = 0;
  auto [end, error] =
      std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size())
    return std::nullopt;
  return value;
}

// Returns the groups in plan order of their first job.
std::vector<Group> GroupCaseJobs(const std::vector<Job>& jobs,
                                 const JobCost& cost) {
  std::vector<Group> groups;
  std::map<std::pair<std::string, std::string>, std::size_t> index;
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    const Job& job = jobs[i];
    if (job.role != JobRole::kCase) continue;
    auto [at, fresh] = index.emplace(std::make_pair(job.case_name, job.fixture),
                                     groups.size());
    if (fresh) groups.emplace_back();
    Group& group = groups[at->second];
    group.jobs.push_back(i);
    if (job.net_method == NetMethod::kBaseline)
      group.baselines.emplace(job.baseline_case, job.tool, job.fixture);
    group.cost += cost(job);
  }
  return groups;
}

}  // namespace

std::optional<ShardSpec> ParseShard(std::string_view text, std::string* error) {
  std::size_t slash = text.find('/');
  std::optional<int> index, count;
  if (slash != std::string_view::npos) {
    index = WholeNumber(text.substr(0, slash));
    count = WholeNumber(text.substr(slash + 1));
  }
  if (!index || !count || *count < 1 || *index < 1 || *index > *count) {
    *error = fmt::format(
        "{}: expected I/N, whole numbers with 1 <= I <= N (e.g. 2/3)", text);
    return std::nullopt;
  }
  return ShardSpec{*index, *count};
}

std::string ShardText(const ShardSpec& shard) {
  return fmt::format("{}/{}", shard.index, shard.count);
}

std::vector<std::vector<std::size_t>> AssignShards(const std::vector<Job>& jobs,
                                                   int count,
                                                   const JobCost& cost) {
  std::map<BaselineKey, std::size_t> baseline_job;
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    if (jobs[i].role == JobRole::kBaseline)
      baseline_job.emplace(
          BaselineKey(jobs[i].case_name, jobs[i].tool, jobs[i].fixture), i);
  }
  std::vector<Group> groups = GroupCaseJobs(jobs, cost);
  // Dearest first; stable, so equal costs keep plan order.
  std::stable_sort(
      groups.begin(), groups.end(),
      [](const Group& a, const Group& b) { return a.cost > b.cost; });
  std::size_t shards = static_cast<std::size_t>(std::max(count, 1));
  std::vector<double> load(shards, 0);
  std::vector<std::set<std::size_t>> members(shards);
  auto added_cost = [&](const Group& group, std::size_t shard) {
    double extra = group.cost;
    for (const BaselineKey& key : group.baselines) {
      auto found = baseline_job.find(key);
      if (found != baseline_job.end() && !members[shard].count(found->second))
        extra += cost(jobs[found->second]);
    }
    return extra;
  };
  for (const Group& group : groups) {
    std::size_t best = 0;
    double best_load = load[0] + added_cost(group, 0);
    for (std::size_t shard = 1; shard < shards; ++shard) {
      double candidate = load[shard] + added_cost(group, shard);
      if (candidate < best_load) {
        best = shard;
        best_load = candidate;
      }
    }
    load[best] = best_load;
    members[best].insert(group.jobs.begin(), group.jobs.end());
    for (const BaselineKey& key : group.baselines) {
      auto found = baseline_job.find(key);
      if (found != baseline_job.end()) members[best].insert(found->second);
    }
  }
  std::vector<std::vector<std::size_t>> result;
  for (const std::set<std::size_t>& shard : members)
    result.emplace_back(shard.begin(), shard.end());
  return result;
}

std::vector<Job> SelectShard(const std::vector<Job>& jobs,
                             const ShardSpec& shard, const JobCost& cost) {
  std::vector<Job> selected;
  std::vector<std::vector<std::size_t>> shards =
      AssignShards(jobs, shard.count, cost);
  for (std::size_t i : shards[static_cast<std::size_t>(shard.index - 1)])
    selected.push_back(jobs[i]);
  return selected;
}

}  // namespace heapbound
