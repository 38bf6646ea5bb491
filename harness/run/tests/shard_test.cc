#include "shard.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "test_support.h"

namespace heapbound {
namespace {

// The default suite's shape: five cases on small and seed under three
// tools, every case on two ladders under track.
constexpr char kBounds[] = R"(
[defaults]
tools = ["massif", "heaptrack", "track"]
fixtures = ["small", "seed"]

[case.chunk]
max_peak = "8 KiB"

[case.line_stream]
max_peak = "max_line + 64 KiB"

[case.whole_file_readall]
max_peak = "max_file"
expect = "exceed"

[[sweep]]
name = "scaling"
tools = ["track"]
fixtures = ["ladder-1", "ladder-4"]
)";

std::vector<Job> SuitePlan() {
  return PlanJobs(ParseBoundsFile(kBounds, "bounds.toml", TestVocabulary()),
                  {});
}

// Costs as the suite computes them: tool factor x fixture size in MiB.
double SuiteCost(const Job& job) {
  static const std::map<std::string, double> kFactor = {
      {"massif", 40}, {"heaptrack", 4}, {"track", 1}};
  static const std::map<std::string, double> kMib = {
      {"small", 64}, {"seed", 512}, {"ladder-1", 2}, {"ladder-4", 5}};
  return kFactor.at(job.tool) * kMib.at(job.fixture);
}

double Load(const std::vector<Job>& jobs, const std::vector<std::size_t>& ids) {
  double total = 0;
  for (std::size_t i : ids) total += SuiteCost(jobs[i]);
  return total;
}

std::string ParseError(const std::string& text) {
  std::string error;
  EXPECT_FALSE(ParseShard(text, &error).has_value()) << text;
  return error;
}

TEST(ParseShard, AcceptsOneBasedIndexOfCount) {
  std::string error;
  std::optional<ShardSpec> shard = ParseShard("2/3", &error);
  ASSERT_TRUE(shard.has_value()) << error;
  EXPECT_EQ(shard->index, 2);
  EXPECT_EQ(shard->count, 3);
  EXPECT_EQ(ShardText(*shard), "2/3");
  ASSERT_TRUE(ParseShard("1/1", &error).has_value());
}

TEST(ParseShard, NamesTheValueAndWhatWasExpected) {
  EXPECT_EQ(ParseError("0/3"),
            "0/3: expected I/N, whole numbers with 1 <= I <= N (e.g. 2/3)");
  for (const char* bad :
       {"4/3", "3", "a/b", "1/0", "-1/3", "1/3x", "", "/", "1//3", " 1/3"}) {
    EXPECT_THAT(ParseError(bad),
                ::testing::StartsWith(std::string(bad) + ": expected I/N"));
  }
}

TEST(AssignShards, PutsEveryCaseJobInExactlyOneShard) {
  std::vector<Job> jobs = SuitePlan();
  for (int count : {1, 2, 3, 5, 40}) {
    std::vector<std::vector<std::size_t>> shards =
        AssignShards(jobs, count, SuiteCost);
    ASSERT_EQ(shards.size(), static_cast<std::size_t>(count));
    std::map<std::size_t, int> seen;
    for (const auto& shard : shards) {
      EXPECT_TRUE(std::is_sorted(shard.begin(), shard.end()));
      for (std::size_t i : shard) ++seen[i];
    }
    for (std::size_t i = 0; i < jobs.size(); ++i) {
      if (jobs[i].role == JobRole::kCase)
        EXPECT_EQ(seen[i], 1) << jobs[i].Id() << " of " << count;
      else
        EXPECT_GE(seen[i], 1) << jobs[i].Id() << " of " << count;
    }
  }
}

TEST(AssignShards, IncludesExactlyTheBaselinesItsJobsNeed) {
  std::vector<Job> jobs = SuitePlan();
  for (const auto& shard : AssignShards(jobs, 3, SuiteCost)) {
    std::set<std::pair<std::string, std::string>> needed, present;
    for (std::size_t i : shard) {
      auto key = std::make_pair(jobs[i].tool, jobs[i].fixture);
      (jobs[i].role == JobRole::kCase ? needed : present).insert(key);
    }
    EXPECT_EQ(present, needed);
  }
}

TEST(AssignShards, TakesAProgramsOwnBaselineCommandAlong) {
  // go_chunk's net subtracts its own `go_chunk.baseline` job, not the
  // driver's baseline of the same tool and fixture.
  auto make = [](std::string name, JobRole role, std::string baseline) {
    Job job;
    job.case_name = std::move(name);
    job.fixture = "small";
    job.tool = "rss";
    job.role = role;
    job.baseline_case = std::move(baseline);
    return job;
  };
  std::vector<Job> jobs = {
      make("go_chunk", JobRole::kCase, "go_chunk.baseline"),
      make("baseline", JobRole::kBaseline, ""),
      make("go_chunk.baseline", JobRole::kBaseline, "")};
  auto shards = AssignShards(jobs, 2, [](const Job&) { return 1.0; });
  for (const auto& shard : shards) {
    if (std::find(shard.begin(), shard.end(), 0u) == shard.end()) continue;
    EXPECT_EQ(shard, (std::vector<std::size_t>{0, 2}));
  }
}

TEST(AssignShards, KeepsTheToolsOfACaseOnAFixtureTogether) {
  std::vector<Job> jobs = SuitePlan();
  std::vector<std::vector<std::size_t>> shards =
      AssignShards(jobs, 4, SuiteCost);
  std::map<std::pair<std::string, std::string>, std::set<std::size_t>> where;
  for (std::size_t s = 0; s < shards.size(); ++s) {
    for (std::size_t i : shards[s]) {
      if (jobs[i].role == JobRole::kCase)
        where[{jobs[i].case_name, jobs[i].fixture}].insert(s);
    }
  }
  EXPECT_EQ(where.size(), 3u * 2 + 3 * 2);  // case x fixture groups
  for (const auto& [group, in] : where)
    EXPECT_EQ(in.size(), 1u) << group.first << " on " << group.second;
}

TEST(AssignShards, IsDeterministic) {
  std::vector<Job> jobs = SuitePlan();
  auto first = AssignShards(jobs, 3, SuiteCost);
  EXPECT_EQ(AssignShards(SuitePlan(), 3, SuiteCost), first);
  // Concretely: the three seed groups (massif on 512 MiB) head the shards.
  std::vector<std::string> heads;
  for (const auto& shard : first) {
    for (std::size_t i : shard) {
      if (jobs[i].role == JobRole::kCase && jobs[i].fixture == "seed") {
        heads.push_back(jobs[i].case_name);
        break;
      }
    }
  }
  EXPECT_EQ(heads, (std::vector<std::string>{"chunk", "line_stream",
                                             "whole_file_readall"}));
}

TEST(AssignShards, BalancesByCostNotByJobCount) {
  std::vector<Job> jobs = SuitePlan();
  std::vector<std::vector<std::size_t>> shards =
      AssignShards(jobs, 3, SuiteCost);
  std::vector<double> loads;
  for (const auto& shard : shards) loads.push_back(Load(jobs, shard));
  // Each seed group costs 45 x 512; the seed baselines as much again, in
  // each shard. Everything else is small next to them.
  double seed_share = 2 * 45 * 512;
  for (double load : loads) EXPECT_GE(load, seed_share);
  // A round robin by job count would have put two seed groups together.
  double heaviest = *std::max_element(loads.begin(), loads.end());
  double lightest = *std::min_element(loads.begin(), loads.end());
  EXPECT_LT(heaviest - lightest, 45 * 64 + 1);
}

Job MakeJob(const std::string& name, const std::string& fixture,
            JobRole role = JobRole::kCase) {
  Job job;
  job.case_name = name;
  job.fixture = fixture;
  job.tool = "massif";
  job.role = role;
  return job;
}

TEST(AssignShards, CountsTheBaselinesAShardWouldHaveToAdd) {
  std::vector<Job> jobs = {MakeJob("chunk", "small"),
                           MakeJob("line_stream", "seed"),
                           MakeJob("whole_file_readall", "small"),
                           MakeJob("baseline", "small", JobRole::kBaseline),
                           MakeJob("baseline", "seed", JobRole::kBaseline)};
  std::map<std::string, double> costs = {{"chunk.small.massif", 100},
                                         {"line_stream.seed.massif", 80},
                                         {"whole_file_readall.small.massif", 5},
                                         {"baseline.small.massif", 50},
                                         {"baseline.seed.massif", 50}};
  auto cost = [&](const Job& job) { return costs.at(job.Id()); };
  // chunk: shard 1 (150); line_stream: shard 2 (130); whole_file_readall
  // costs 5 in shard 1 (155) but 55 in shard 2 (185), which lacks the
  // small baseline, though shard 2 is the lighter one.
  std::vector<std::vector<std::size_t>> shards = AssignShards(jobs, 2, cost);
  EXPECT_EQ(shards[0], (std::vector<std::size_t>{0, 2, 3}));
  EXPECT_EQ(shards[1], (std::vector<std::size_t>{1, 4}));
}

TEST(SelectShard, ReturnsTheShardsJobsInPlanOrderWithTheirPlanIndex) {
  std::vector<Job> jobs = SuitePlan();
  std::vector<std::vector<std::size_t>> shards =
      AssignShards(jobs, 3, SuiteCost);
  std::vector<Job> second = SelectShard(jobs, ShardSpec{2, 3}, SuiteCost);
  ASSERT_EQ(second.size(), shards[1].size());
  for (std::size_t k = 0; k < second.size(); ++k) {
    EXPECT_EQ(second[k].Id(), jobs[shards[1][k]].Id());
    EXPECT_EQ(second[k].plan_index, shards[1][k]);
  }
}

}  // namespace
}  // namespace heapbound
