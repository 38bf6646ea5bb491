#include "plan.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config_error.h"
#include "test_support.h"

namespace heapbound {
namespace {

constexpr char kBounds[] = R"(
[defaults]
tools = ["massif", "heaptrack"]
fixtures = ["small", "seed"]

[case.chunk]
max_peak = "8 KiB"

[case.line_stream]
max_peak = "2 * max_line + 16 KiB"
tools = ["massif"]

[case.whole_file_readall]
max_peak = "max_file"
expect = "exceed"

[[sweep]]
name = "scaling"
tools = ["track"]
fixtures = ["ladder-1", "ladder-4"]
cases = ["chunk"]
)";

std::vector<std::string> Ids(const std::vector<Job>& jobs) {
  std::vector<std::string> ids;
  for (const Job& job : jobs) ids.push_back(job.Id());
  return ids;
}

TEST(PlanJobs, PlansCasesSweepsAndOneBaselinePerToolAndFixture) {
  BoundsFile bounds = ParseBoundsFile(kBounds, "bounds.toml", TestVocabulary());
  std::vector<Job> jobs = PlanJobs(bounds, {});
  EXPECT_EQ(
      Ids(jobs),
      (std::vector<std::string>{
          "chunk.small.massif", "chunk.small.heaptrack", "chunk.seed.massif",
          "chunk.seed.heaptrack", "line_stream.small.massif",
          "line_stream.seed.massif", "whole_file_readall.small.massif",
          "whole_file_readall.small.heaptrack",
          "whole_file_readall.seed.massif", "whole_file_readall.seed.heaptrack",
          "chunk.ladder-1.track", "chunk.ladder-4.track",
          "baseline.small.massif", "baseline.small.heaptrack",
          "baseline.seed.massif", "baseline.seed.heaptrack",
          "baseline.ladder-1.track", "baseline.ladder-4.track"}));
  EXPECT_EQ(jobs[8].expect, Expectation::kExceed);
  EXPECT_EQ(jobs[8].bound_text, "max_file");
  EXPECT_EQ(jobs.back().role, JobRole::kBaseline);
  EXPECT_FALSE(jobs.back().bound.has_value());
  EXPECT_EQ(
      PlannedFixtures(jobs),
      (std::vector<std::string>{"small", "seed", "ladder-1", "ladder-4"}));
  EXPECT_EQ(PlannedTools(jobs),
            (std::vector<std::string>{"massif", "heaptrack", "track"}));
}

TEST(PlanJobs, FixtureAndToolFiltersReplaceTheListsAndMergeDuplicates) {
  BoundsFile bounds = ParseBoundsFile(kBounds, "bounds.toml", TestVocabulary());
  PlanFilters filters;
  filters.cases = {"chunk"};
  filters.fixtures = {"tiny"};
  filters.tools = {"track"};
  EXPECT_EQ(
      Ids(PlanJobs(bounds, filters)),
      (std::vector<std::string>{"chunk.tiny.track", "baseline.tiny.track"}));
}

TEST(PlanJobs, UnknownCaseFilterIsAConfigError) {
  BoundsFile bounds = ParseBoundsFile(kBounds, "bounds.toml", TestVocabulary());
  PlanFilters filters;
  filters.cases = {"chunky"};
  try {
    PlanJobs(bounds, filters);
    FAIL() << "no error";
  } catch (const ConfigError& error) {
    EXPECT_THAT(
        error.what(),
        ::testing::HasSubstr("--case chunky: no such case in bounds.toml"));
  }
}

}  // namespace
}  // namespace heapbound
