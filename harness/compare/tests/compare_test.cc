#include "compare.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "compare_output.h"

namespace heapbound {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// Returns a results.json with tiny (definition `tiny_hash`) and the rows
// given as "case tool status net_peak" (net_peak -1: null, an error row).
std::string Results(
    const std::string& tiny_hash,
    const std::vector<std::tuple<std::string, std::string, std::string, long>>&
        rows,
    const std::string& commit = "1111111111aaaa") {
  nlohmann::json root;
  root["schema"] = 1;
  root["provenance"] = {{"git_commit", commit}, {"git_dirty", false}};
  root["fixtures"]["tiny"] = {
      {"total_bytes", 100}, {"files", 2},     {"max_file", 60},
      {"max_line", 10},     {"digest", "d1"}, {"definition_hash", tiny_hash}};
  root["results"] = nlohmann::json::array();
  for (const auto& [name, tool, status, net] : rows) {
    bool baseline = name == "baseline";
    nlohmann::json peak =
        net < 0 ? nlohmann::json(nullptr) : nlohmann::json(net + 72704);
    root["results"].push_back(
        {{"case", name},
         {"fixture", "tiny"},
         {"tool", tool},
         {"role", baseline ? "baseline" : "case"},
         {"status", status},
         {"peak_bytes", peak},
         {"baseline_bytes", net < 0 ? nlohmann::json(nullptr)
                                    : nlohmann::json(baseline ? 0 : 72704)},
         {"net_peak_bytes",
          net < 0 ? nlohmann::json(nullptr) : nlohmann::json(net)},
         {"bound_bytes",
          baseline ? nlohmann::json(nullptr) : nlohmann::json(8192)},
         {"bound_expr",
          baseline ? nlohmann::json(nullptr) : nlohmann::json("8 KiB")},
         {"max_rss_bytes", 1},
         {"wall_seconds", 0.1},
         {"digest_ok", nullptr}});
  }
  return root.dump();
}

Comparison Compare(const std::string& base, const std::string& head) {
  return CompareResults(ReadResults(base, "base/results.json"),
                        ReadResults(head, "head/results.json"),
                        "base/results.json", "head/results.json");
}

const CompareRow& Find(const Comparison& comparison, const std::string& id) {
  for (const CompareRow& row : comparison.rows) {
    if (row.Id() == id) return row;
  }
  throw std::runtime_error("no row " + id);
}

TEST(Compare, ReportsDeltaInBytesAndPercent) {
  Comparison c = Compare(Results("h1", {{"chunk", "track", "pass", 4096},
                                        {"baseline", "track", "pass", 72704}}),
                         Results("h1", {{"chunk", "track", "pass", 4608},
                                        {"baseline", "track", "pass", 80000}}));
  ASSERT_EQ(c.rows.size(), 1u);  // baselines are not compared
  const CompareRow& row = c.rows[0];
  EXPECT_EQ(row.Id(), "chunk.tiny.track");
  EXPECT_EQ(row.change, Change::kGrew);
  EXPECT_EQ(*row.before, 4096u);
  EXPECT_EQ(*row.after, 4608u);
  EXPECT_EQ(row.DeltaBytes(), 512);
  EXPECT_DOUBLE_EQ(*row.DeltaPercent(), 12.5);
}

TEST(Compare, OrdersBiggestGrowthFirstThenShrinkageThenTheRest) {
  Comparison c = Compare(Results("h1", {{"a", "track", "pass", 100},
                                        {"b", "track", "pass", 100},
                                        {"c", "track", "pass", 100},
                                        {"d", "track", "pass", 100},
                                        {"e", "track", "pass", 100},
                                        {"gone", "track", "pass", 5}}),
                         Results("h1", {{"a", "track", "pass", 101},
                                        {"b", "track", "pass", 900},
                                        {"c", "track", "pass", 100},
                                        {"d", "track", "pass", 40},
                                        {"e", "track", "pass", 90},
                                        {"new", "track", "pass", 7}}));
  std::vector<std::string> order;
  for (const CompareRow& row : c.rows)
    order.push_back(row.case_name + ":" + ChangeName(row.change));
  EXPECT_EQ(order, (std::vector<std::string>{"b:grew", "a:grew", "d:shrank",
                                             "e:shrank", "c:unchanged",
                                             "new:added", "gone:removed"}));
  EXPECT_EQ(CompareCounts(c),
            "2 grew, 2 shrank, 1 unchanged, 1 added, 1 removed, 0 not "
            "compared");
}

TEST(Compare, DoesNotCompareRowsWhoseFixtureDefinitionDiffers) {
  Comparison c =
      Compare(Results("aaaaaaaaaaaaaaaa", {{"chunk", "track", "pass", 4096}}),
              Results("bbbbbbbbbbbbbbbb", {{"chunk", "track", "pass", 9000}}));
  const CompareRow& row = Find(c, "chunk.tiny.track");
  EXPECT_EQ(row.change, Change::kNotCompared);
  EXPECT_EQ(row.reason,
            "fixture tiny has another definition (definition_hash "
            "aaaaaaaaaaaa in base, bbbbbbbbbbbb in head)");
}

TEST(Compare, FallsBackToTheTreeDigestWithoutDefinitionHashes) {
  nlohmann::json base =
      nlohmann::json::parse(Results("x", {{"chunk", "track", "pass", 4096}}));
  nlohmann::json head = base;
  base["fixtures"]["tiny"].erase("definition_hash");
  head["fixtures"]["tiny"].erase("definition_hash");
  EXPECT_EQ(Compare(base.dump(), head.dump()).rows[0].change,
            Change::kUnchanged);
  head["fixtures"]["tiny"]["digest"] = "d2";
  EXPECT_EQ(Compare(base.dump(), head.dump()).rows[0].reason,
            "fixture tiny has other content (digest d1 in base, d2 in head)");
}

TEST(Compare, DoesNotCompareUnmeasuredRows) {
  Comparison c = Compare(Results("h", {{"chunk", "track", "error", -1},
                                       {"line", "track", "pass", 5}}),
                         Results("h", {{"chunk", "track", "pass", 4096},
                                       {"line", "track", "error", -1}}));
  EXPECT_EQ(Find(c, "chunk.tiny.track").reason, "not measured in base (error)");
  EXPECT_EQ(Find(c, "line.tiny.track").reason, "not measured in head (error)");
  EXPECT_EQ(c.Count(Change::kNotCompared), 2u);
}

TEST(CompareMarkdown, PutsGrowthFirstAndFoldsUnchangedRows) {
  Comparison c = Compare(Results("h",
                                 {{"chunk", "track", "pass", 4096},
                                  {"line", "track", "pass", 100},
                                  {"mmap", "track", "pass", 0},
                                  {"zero", "track", "pass", 0}},
                                 "1111111111aaaa"),
                         Results("h",
                                 {{"chunk", "track", "pass", 4608},
                                  {"line", "track", "pass", 50},
                                  {"mmap", "track", "pass", 0},
                                  {"zero", "track", "pass", 16}},
                                 "2222222222bbbb"));
  std::string md = CompareMarkdown(c);
  EXPECT_THAT(md, HasSubstr("## heapbound: net peak heap, `1111111111` → "
                            "`2222222222`\n\n2 grew, 1 shrank, 1 unchanged"));
  EXPECT_THAT(
      md, HasSubstr("| chunk | tiny | track | 4096 B | 4608 B | +512 B | "
                    "+12.50 % | 8192 B |\n"
                    "| zero | tiny | track | 0 B | 16 B | +16 B | new | "
                    "8192 B |\n"
                    "| line | tiny | track | 100 B | 50 B | -50 B | -50.00 % "
                    "| 8192 B |\n"));
  EXPECT_THAT(md, HasSubstr("`heapbound bless`"));
  EXPECT_THAT(md, HasSubstr("<details><summary>1 unchanged row</summary>\n\n"
                            "| case | fixture | tool | net peak | bound |\n"
                            "|---|---|---|---:|---:|\n"
                            "| mmap | tiny | track | 0 B | 8192 B |\n\n"
                            "</details>"));
  EXPECT_THAT(md, Not(HasSubstr("max growth")));
}

TEST(CompareMarkdown, ListsAddedRemovedAndNotComparedRows) {
  Comparison c = Compare(Results("h", {{"old", "track", "pass", 5},
                                       {"chunk", "track", "error", -1}}),
                         Results("h", {{"new", "massif", "fail", 9000},
                                       {"chunk", "track", "pass", 1}}));
  std::string md = CompareMarkdown(c);
  EXPECT_THAT(md, HasSubstr("### Not compared\n\n- `chunk.tiny.track`: not "
                            "measured in base (error)\n"));
  EXPECT_THAT(md, HasSubstr("### Added (only in head)\n\n| case | fixture | "
                            "tool | net peak | status |\n|---|---|---|---:|---|"
                            "\n| new | tiny | massif | 9000 B | fail |\n"));
  EXPECT_THAT(md, HasSubstr("### Removed (only in base)\n\n"));
  EXPECT_THAT(md, HasSubstr("| old | tiny | track | 5 B | pass |\n"));
  EXPECT_THAT(md, Not(HasSubstr("<details>")));
}

TEST(CompareJson, HasEveryDocumentedField) {
  Comparison c = Compare(
      Results("h",
              {{"chunk", "track", "pass", 4096}, {"gone", "track", "pass", 3}}),
      Results("h", {{"chunk", "track", "pass", 4608}}, "2222222222bbbb"));
  c.rows[0].max_growth = "0 B";
  c.rows[0].over_max_growth = true;
  auto json = nlohmann::json::parse(CompareJson(c));
  EXPECT_EQ(json["compare"], 1);
  EXPECT_EQ(json["base"], nlohmann::json::parse(R"({"results":
    "base/results.json", "git_commit": "1111111111aaaa", "git_dirty": false,
    "bounds_hash": "", "finished_at": ""})"));
  EXPECT_EQ(json["head"]["git_commit"], "2222222222bbbb");
  EXPECT_EQ(json["counts"], nlohmann::json::parse(R"({"grew": 1, "shrank": 0,
    "unchanged": 0, "added": 0, "removed": 1, "not_compared": 0})"));
  EXPECT_EQ(json["rows"][0], nlohmann::json::parse(R"({"case": "chunk",
    "fixture": "tiny", "tool": "track", "change": "grew",
    "base_net_peak_bytes": 4096, "head_net_peak_bytes": 4608,
    "delta_bytes": 512, "delta_percent": 12.5, "bound_bytes": 8192,
    "base_status": "pass", "head_status": "pass", "reason": "",
    "max_growth": "0 B", "over_max_growth": true})"));
  EXPECT_EQ(json["rows"][1]["change"], "removed");
  EXPECT_TRUE(json["rows"][1]["delta_bytes"].is_null());
  EXPECT_TRUE(json["rows"][1]["head_status"].is_null());
}

// A scratch dir under the test temp dir, removed at the end.
class CompareFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string base = ::testing::TempDir() + "heapbound-compare-XXXXXX";
    ASSERT_NE(mkdtemp(base.data()), nullptr);
    dir_ = base;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string dir_;
};

TEST_F(CompareFilesTest, TakesOutDirsOrFilesAndNamesBadFields) {
  std::filesystem::create_directories(dir_ + "/base");
  std::ofstream(dir_ + "/base/results.json")
      << Results("h", {{"chunk", "track", "pass", 1}});
  std::ofstream(dir_ + "/head.json")
      << Results("h", {{"chunk", "track", "pass", 2}});
  Comparison c = CompareFiles(dir_ + "/base", dir_ + "/head.json");
  EXPECT_EQ(c.base.path, dir_ + "/base/results.json");
  EXPECT_EQ(c.rows[0].DeltaBytes(), 1);
  EXPECT_EQ(OutDirOf(dir_ + "/base"), dir_ + "/base");
  EXPECT_EQ(OutDirOf(dir_ + "/head.json"), dir_);
  EXPECT_EQ(OutDirOf("results.json"), ".");
  nlohmann::json bad =
      nlohmann::json::parse(Results("h", {{"chunk", "track", "pass", 1}}));
  bad["results"][0]["net_peak_bytes"] = "12";
  std::ofstream(dir_ + "/bad.json") << bad.dump();
  try {
    CompareFiles(dir_ + "/base", dir_ + "/bad.json");
    FAIL() << "no error";
  } catch (const ResultsError& error) {
    EXPECT_EQ(std::string(error.what()),
              dir_ +
                  "/bad.json: results[0].net_peak_bytes: expected an "
                  "unsigned integer, got \"12\"");
  }
}

}  // namespace
}  // namespace heapbound
