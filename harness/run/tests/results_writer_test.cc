#include "results_writer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "test_support.h"

namespace heapbound {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

JobResult Row(const std::string& status) {
  JobResult r;
  r.case_name = "whole_file_readall";
  r.fixture = "small";
  r.tool = "massif";
  r.role = "case";
  r.expect = status == "fail" ? "fit" : "exceed";
  r.status = status;
  r.peak_bytes = 3000000;
  r.baseline_bytes = 72704;
  r.net_peak_bytes = 3000000 - 72704;
  r.bound_bytes = 1000000;
  r.bound_expr = "max_file";
  r.max_rss_bytes = 12 << 20;
  r.wall_seconds = 1.5;
  r.digest_ok = true;
  r.measured = true;
  r.timeline = "timelines/whole_file_readall.small.massif.json";
  r.raw = {"raw/whole_file_readall.small.massif.massif.out"};
  r.measurement.peak_bytes = r.peak_bytes;
  r.measurement.time_unit = "bytes allocated";
  r.measurement.timeline = {{0, 0}, {5000, 3000000}, {6000, 100}};
  AllocationSite site;
  site.bytes = 2900000;
  site.frames = {{"realloc", "", 0},
                 {"operator new(unsigned long)", "new_op.cc", 50},
                 {"heapbound::(anonymous namespace)::ReadAll",
                  "cases/whole_file_readall.cc", 31},
                 {"heapbound::CaseVisitor::Visit", "cases/driver/main.cc", 35},
                 {"heapbound::WalkTree", "fixtures/tree_walker.cc", 90},
                 {"main", "cases/driver/main.cc", 120}};
  r.top_sites = {site};
  return r;
}

TEST(ResultsJson, HasEveryFieldOfTheSchema) {
  FixtureStats stats;
  stats.total_bytes = 64;
  stats.files = 3;
  stats.max_file = 1000000;
  stats.max_line = 80;
  stats.max_dir_entries = 9;
  stats.digest = "0123456789abcdef";
  JobResult baseline = Row("pass");
  baseline.role = "baseline";
  baseline.bound_bytes.reset();
  baseline.bound_expr.clear();
  baseline.digest_ok.reset();
  baseline.timeline.clear();
  auto json = nlohmann::json::parse(
      ResultsJson({{"small", stats}}, {Row("xfail"), baseline}));
  EXPECT_EQ(json["schema"], 1);
  EXPECT_EQ(json["heapbound_version"], "0.1.0");
  EXPECT_EQ(json["fixtures"]["small"],
            nlohmann::json::parse(
                R"({"total_bytes": 64, "files": 3, "max_file": 1000000,
              "max_line": 80, "max_dir_entries": 9, "digest": "0123456789abcdef"})"));
  const auto& row = json["results"][0];
  for (const char* key :
       {"case", "fixture", "tool", "role", "expect", "status", "peak_bytes",
        "baseline_bytes", "net_peak_bytes", "bound_bytes", "bound_expr",
        "max_rss_bytes", "wall_seconds", "digest_ok", "message", "timeline",
        "raw", "top_sites"}) {
    EXPECT_TRUE(row.contains(key)) << key;
  }
  EXPECT_EQ(row.size(), 18u);
  EXPECT_EQ(row["net_peak_bytes"], 3000000 - 72704);
  EXPECT_EQ(row["bound_bytes"], 1000000);
  EXPECT_EQ(row["top_sites"][0]["frames"][2]["line"], 31);
  EXPECT_TRUE(json["results"][1]["bound_bytes"].is_null());
  EXPECT_TRUE(json["results"][1]["bound_expr"].is_null());
  EXPECT_TRUE(json["results"][1]["digest_ok"].is_null());
  EXPECT_TRUE(json["results"][1]["timeline"].is_null());
}

TEST(TimelineJson, ListsPointsInTimeOrder) {
  auto json = nlohmann::json::parse(TimelineJson(Row("xfail")));
  EXPECT_EQ(json["time_unit"], "bytes allocated");
  EXPECT_EQ(json["peak_bytes"], 3000000);
  EXPECT_EQ(json["points"],
            nlohmann::json::parse("[[0,0],[5000,3000000],[6000,100]]"));
}

TEST(JunitXml, OneTestcasePerJobWithFailures) {
  JobResult error = Row("error");
  error.message = "killed by signal 11 (SIGSEGV)\n<stderr>";
  std::string xml = JunitXml({Row("fail"), Row("xfail"), error});
  EXPECT_THAT(xml, HasSubstr("tests=\"3\" failures=\"1\" errors=\"1\""));
  EXPECT_THAT(xml,
              HasSubstr("<testcase classname=\"heapbound.whole_file_readall\" "
                        "name=\"small.massif\""));
  EXPECT_THAT(
      xml,
      HasSubstr(
          "<error message=\"killed by signal 11 (SIGSEGV)\" type=\"error\">"));
  EXPECT_THAT(xml, HasSubstr("&lt;stderr&gt;"));
}

TEST(SummaryMarkdown, ShowsNetPeakBoundMarginAndStatus) {
  JobResult pass = Row("pass");
  pass.case_name = "chunk";
  pass.net_peak_bytes = 4096;
  pass.bound_bytes = 8192;
  pass.bound_expr = "8 KiB";
  std::string md = SummaryMarkdown({pass, Row("fail")});
  EXPECT_THAT(
      md,
      HasSubstr(
          "| case | fixture | tool | net peak | bound | margin | status |"));
  EXPECT_THAT(md, HasSubstr("| chunk | small | massif | 4.0 KiB | 8.0 KiB (`8 "
                            "KiB`) | 50.0 % | pass |"));
  EXPECT_THAT(md, HasSubstr("| whole_file_readall | small | massif | 2.8 MiB | "
                            "976.6 KiB (`max_file`) | "
                            "-192.7 % | **fail** |"));
}

TEST(PrintProblems, ShowsNetBoundExcessAndTopSitesWithoutAllocatorFrames) {
  TempDir dir;
  std::string path = dir.path() + "/printed";
  std::FILE* out = std::fopen(path.c_str(), "w");
  JobResult pass = Row("pass");
  PrintProblems(out, {Row("fail"), pass});
  std::fclose(out);
  std::ifstream in(path);
  std::string text((std::istreambuf_iterator<char>(in)),
                   std::istreambuf_iterator<char>());
  EXPECT_THAT(
      text,
      HasSubstr(
          "FAIL whole_file_readall on small under massif: net peak 2927296 B "
          "(2.8 MiB) vs bound 1000000 B (976.6 KiB) = \"max_file\"; over by "
          "1927296 B (1.8 MiB, +192.7 %)"));
  EXPECT_THAT(text,
              HasSubstr("1.      2900000 B (2.8 MiB)   heapbound::(anonymous "
                        "namespace)::ReadAll  cases/whole_file_readall.cc:31"));
  EXPECT_THAT(
      text,
      HasSubstr("<- heapbound::CaseVisitor::Visit  cases/driver/main.cc:35"));
  EXPECT_THAT(text, Not(HasSubstr("realloc")));
  EXPECT_THAT(text, Not(HasSubstr("main  cases/driver/main.cc:120")));
}

TEST(WriteOutputs, WritesAllFiles) {
  TempDir dir;
  WriteOutputs(dir.path(), {}, {Row("xfail")});
  for (const char* file : {"results.json", "junit.xml", "summary.md",
                           "timelines/whole_file_readall.small.massif.json"}) {
    EXPECT_TRUE(std::ifstream(dir.path() + "/" + file).good()) << file;
  }
}

}  // namespace
}  // namespace heapbound
