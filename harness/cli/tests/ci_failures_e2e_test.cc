// End to end: broken bounds where CI shows them. Real regressions through
// std::vector and std::string (testing_cases_std.cc) under massif,
// heaptrack and track on the tiny fixture: the terminal, results.json,
// junit.xml, summary.md, GitHub annotations and codequality.json all name
// the case's own line first, and a track row gets heaptrack's sites.
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "e2e_support.h"

namespace heapbound {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kCasesFile[] = "harness/cli/tests/testing_cases_std.cc";

// Returns the line of testing_cases_std.cc marked "user frame: <name>".
int MarkedLine(const std::string& name) {
  std::istringstream text(ReadText(HEAPBOUND_TESTING_CASES_STD));
  std::string line;
  for (int number = 1; std::getline(text, line); ++number) {
    if (line.find("// user frame: " + name) != std::string::npos) return number;
  }
  ADD_FAILURE() << "no line marked 'user frame: " << name << "'";
  return 0;
}

// Returns the block heapbound printed for one broken row: from its
// "FAIL <case> on <fixture> under <tool>" line to the next unindented one.
std::string Block(const std::string& out, const std::string& head) {
  std::size_t start = out.find(head);
  if (start == std::string::npos) return "";
  std::size_t end = start;
  while ((end = out.find('\n', end + 1)) != std::string::npos &&
         end + 1 < out.size() && out[end + 1] == ' ') {
  }
  return out.substr(start, end == std::string::npos ? end : end - start + 1);
}

class CiFailuresE2E : public HeapboundTestDir {
 protected:
  CiFailuresE2E() : HeapboundTestDir("heapbound-ci-failures") {}

  void SetUp() override {
    HeapboundTestDir::SetUp();
    bounds_ = WriteTestingBounds();
  }

  Outcome Run(std::vector<std::string> more,
              std::vector<std::pair<std::string, std::string>> env = {}) {
    more.insert(more.begin(), "--quiet");
    return Heapbound(TestingRunArgs(out_, bounds_, std::move(more)),
                     std::move(env));
  }

  std::string bounds_;
};

TEST_F(CiFailuresE2E, VectorAndStringRegressionsNameTheCasesLineFirst) {
  Outcome run = Run({"--case", "grow_vector", "--case", "grow_string", "--tool",
                     "massif", "--tool", "heaptrack"},
                    {{"GITHUB_ACTIONS", "false"}});
  ASSERT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_THAT(run.out, Not(HasSubstr("::error")));
  int rows = 0;
  nlohmann::json results = Results();
  for (const auto& row : results["results"]) {
    if (row["role"] == "baseline") continue;
    ++rows;
    std::string name = row["case"], tool = row["tool"];
    SCOPED_TRACE(name + " under " + tool);
    EXPECT_EQ(row["status"], "fail");
    int line = MarkedLine(name);
    // results.json: the largest site's user frame is the marked line.
    const auto& site = row["top_sites"][0];
    ASSERT_TRUE(site["user_frame"].is_number()) << site.dump(1);
    const auto& frame = site["frames"][site["user_frame"].get<std::size_t>()];
    EXPECT_EQ(frame["line"], line);
    EXPECT_EQ(fs::path(frame["file"].get<std::string>()).filename(),
              "testing_cases_std.cc");
    EXPECT_GT(site["user_frame"].get<int>(), 0)
        << "libstdc++ frames come before it";
    // The terminal: the first thing after the size is that file:line.
    std::string block =
        Block(run.out, "FAIL " + name + " on tiny under " + tool + ":");
    std::string first_site = block.substr(block.find("    1. "));
    first_site = first_site.substr(0, first_site.find('\n'));
    EXPECT_THAT(first_site, HasSubstr(fmt::format(" B (1.5 MiB)   {}:{}  ",
                                                  kCasesFile, line)))
        << block;
    EXPECT_THAT(first_site, HasSubstr("  <- via ")) << block;
    EXPECT_THAT(block, HasSubstr("stack: ")) << block;
    EXPECT_THAT(block, HasSubstr("/usr/include/c++/")) << block;
  }
  EXPECT_EQ(rows, 4);
}

// A track-only run, as on the ladder fixtures: the broken row gets
// heaptrack's sites (a re-run of the job and its baseline), and every CI
// surface shows them.
TEST_F(CiFailuresE2E, BrokenTrackRowGetsHeaptracksSitesEverywhere) {
  std::string repo = fs::path(HEAPBOUND_TESTING_CASES_STD)
                         .parent_path()
                         .parent_path()
                         .parent_path()
                         .parent_path()
                         .string();
  Outcome run = Run({"--case", "grow_vector", "--case", "whole_file_readall",
                     "--tool", "track"},
                    {{"GITHUB_ACTIONS", "true"}, {"GITHUB_WORKSPACE", repo}});
  ASSERT_EQ(run.exit_code, 1) << run.out << run.err;
  int line = MarkedLine("grow_vector");
  std::string place = fmt::format("{}:{}", kCasesFile, line);

  nlohmann::json results = Results();
  ASSERT_EQ(results["results"].size(), 3u)
      << "the re-runs add no rows: " << results.dump(1);
  std::map<std::string, nlohmann::json> rows;
  for (const auto& row : results["results"]) rows[row["case"]] = row;
  const nlohmann::json& row = rows["grow_vector"];
  EXPECT_EQ(row["status"], "fail");
  EXPECT_EQ(row["sites_from"], "heaptrack");
  const auto& site = row["top_sites"][0];
  ASSERT_TRUE(site["user_frame"].is_number()) << row.dump(1);
  EXPECT_EQ(site["frames"][site["user_frame"].get<std::size_t>()]["line"],
            line);
  EXPECT_THAT(row["raw"], ::testing::Contains(
                              "raw/grow_vector.tiny.heaptrack.heaptrack.zst"));
  EXPECT_TRUE(
      fs::exists(out_ + "/raw/grow_vector.tiny.heaptrack.heaptrack.zst"));
  EXPECT_EQ(rows["whole_file_readall"]["status"], "xfail");
  EXPECT_FALSE(rows["whole_file_readall"].contains("sites_from"));

  std::string block = Block(run.out, "FAIL grow_vector on tiny under track:");
  EXPECT_THAT(block, HasSubstr("from heaptrack's run of the same job: track "
                               "records none"));
  EXPECT_THAT(block, HasSubstr("   " + place +
                               "  GrowVector  <- via "
                               "std::vector<...>::push_back\n"));

  // GitHub: one annotation at the case's line, exactly.
  EXPECT_THAT(
      run.out,
      HasSubstr(fmt::format(
          "\n::error file={},line={},title=heapbound%3A grow_vector on tiny "
          "under track broke its bound::net peak 1572665 B (1.5 MiB) exceeds "
          "the bound 8 KiB = 8192 B (8.0 KiB) by 1564473 B (1.5 MiB) "
          "(+19097.6 %25)%0Asites from heaptrack's run of the same job "
          "(track records none):%0A1. 1.5 MiB at {}  GrowVector  <- via "
          "std::vector<...>::push_back\n",
          kCasesFile, line, place)));
  EXPECT_EQ(run.out.find("::warning"), std::string::npos);

  // GitLab: the code quality report, exactly.
  EXPECT_EQ(ReadText(out_ + "/codequality.json"),
            fmt::format(R"([
 {{
  "description": "heapbound: grow_vector on tiny under track broke its bound: net peak 1572665 B (1.5 MiB) exceeds the bound 8 KiB = 8192 B (8.0 KiB) by 1564473 B (1.5 MiB) (+19097.6 %); top site 1.5 MiB at {}  GrowVector  <- via std::vector<...>::push_back",
  "check_name": "heapbound/bound-broken",
  "fingerprint": "6ce44875ae71afbc",
  "severity": "major",
  "location": {{
   "path": "{}",
   "lines": {{
    "begin": {}
   }}
  }}
 }}
]
)",
                        place, kCasesFile, line));

  // junit.xml: the failure holds the sites, the negative control is an
  // expected failure, the baseline is no test.
  std::string junit = ReadText(out_ + "/junit.xml");
  EXPECT_THAT(junit, HasSubstr("tests=\"2\" failures=\"1\" errors=\"0\""));
  EXPECT_THAT(junit, HasSubstr("<property name=\"baseline.tiny.track\""));
  EXPECT_THAT(junit, Not(HasSubstr("classname=\"heapbound.baseline\"")));
  EXPECT_THAT(junit, HasSubstr("   " + place +
                               "  GrowVector  &lt;- via "
                               "std::vector&lt;...&gt;::push_back\n"));
  EXPECT_THAT(junit, HasSubstr("name=\"tiny.track [xfail]\""));
  EXPECT_THAT(junit,
              HasSubstr("<system-out>expected failure (xfail): a negative "
                        "control exceeded its bound, as it must\n"));

  // summary.md: the sites under the table.
  EXPECT_THAT(ReadText(out_ + "/summary.md"),
              HasSubstr(fmt::format(
                  "- **fail** `grow_vector.tiny.track`: net peak 1572665 B "
                  "(1.5 MiB) exceeds the bound 8 KiB = 8192 B (8.0 KiB) by "
                  "1564473 B (1.5 MiB) (+19097.6 %)\n"
                  "  sites from heaptrack's run of the same job (track "
                  "records none):\n"
                  "  1. 1.5 MiB at `{}` `GrowVector` via "
                  "`std::vector<...>::push_back`\n",
                  place)));
}

}  // namespace
}  // namespace heapbound
