#include "results_writer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "output_file.h"
#include "results_reader.h"
#include "test_support.h"
#include "text_encoding.h"

namespace heapbound {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// Returns the sample row with every field results.json carries filled in.
JobResult Row(Status status) {
  JobResult r = SampleReadAllRow(status);
  r.job.expect =
      status == Status::kFail ? Expectation::kFit : Expectation::kExceed;
  r.max_rss_bytes = 12 << 20;
  r.wall_seconds = 1.5;
  r.digest_ok = true;
  r.timeline = "timelines/whole_file_readall.small.massif.json";
  r.raw = {"raw/whole_file_readall.small.massif.massif.out"};
  r.stacks = "stacks/whole_file_readall.small.massif.folded";
  r.measurement.peak_bytes = r.peak_bytes;
  r.measurement.peak_stacks = {
      {72704, {{"pool", "eh_alloc.cc", 123}, {"init", "", 0}}},
      {2927296, {{"ReadAll", "cases/readall.cc", 31}, {"main", "", 0}}}};
  r.measurement.time_unit = "bytes allocated";
  r.measurement.timeline = {{0, 0}, {5000, 3000000}, {6000, 100}};
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
  JobResult baseline = Row(Status::kPass);
  baseline.job.role = JobRole::kBaseline;
  baseline.job.bound_bytes.reset();
  baseline.job.bound_text.clear();
  baseline.digest_ok.reset();
  baseline.timeline.clear();
  baseline.stacks.clear();
  auto json = nlohmann::json::parse(
      ResultsJson({{"small", stats}}, {Row(Status::kXfail), baseline}));
  EXPECT_EQ(json["schema"], 1);
  EXPECT_EQ(json["heapbound_version"], HEAPBOUND_VERSION);
  EXPECT_EQ(json["fixtures"]["small"],
            nlohmann::json::parse(
                R"({"total_bytes": 64, "files": 3, "max_file": 1000000,
              "max_line": 80, "max_dir_entries": 9, "digest": "0123456789abcdef"})"));
  const auto& row = json["results"][0];
  for (const char* key : {"case",
                          "fixture",
                          "tool",
                          "role",
                          "expect",
                          "status",
                          "peak_bytes",
                          "baseline_bytes",
                          "net_peak_bytes",
                          "bound_bytes",
                          "bound_expr",
                          "max_rss_bytes",
                          "wall_seconds",
                          "reused",
                          "digest_ok",
                          "message",
                          "timeline",
                          "stacks",
                          "raw",
                          "top_sites",
                          "program",
                          "verified",
                          "net_method",
                          "plan_index",
                          "leaked_bytes",
                          "net_leaked_bytes",
                          "leaked_bound_bytes",
                          "leaked_bound_expr",
                          "leaked_check",
                          "allocs",
                          "net_allocs",
                          "allocs_bound",
                          "allocs_bound_expr",
                          "allocs_check"}) {
    EXPECT_TRUE(row.contains(key)) << key;
  }
  EXPECT_EQ(row.size(), 34u);
  EXPECT_EQ(row["reused"], false);
  EXPECT_EQ(row["stacks"], "stacks/whole_file_readall.small.massif.folded");
  EXPECT_EQ(row["program"], false);
  EXPECT_EQ(row["verified"], true);
  EXPECT_EQ(row["net_method"], "baseline");
  EXPECT_EQ(row["net_peak_bytes"], 3000000 - 72704);
  EXPECT_EQ(row["bound_bytes"], 1000000);
  EXPECT_EQ(row["top_sites"][0]["frames"][2]["line"], 31);
  EXPECT_TRUE(json["results"][1]["bound_bytes"].is_null());
  EXPECT_TRUE(json["results"][1]["bound_expr"].is_null());
  EXPECT_TRUE(json["results"][1]["digest_ok"].is_null());
  EXPECT_TRUE(json["results"][1]["timeline"].is_null());
  EXPECT_TRUE(json["results"][1]["stacks"].is_null());
}

TEST(ResultsJson, WritesLeaksAndAllocationCallsWithTheirChecks) {
  JobResult r = Row(Status::kFail);
  r.job.tool = "massif";
  r.job.max_leaked = ExtraBound{BoundExpression::Parse("1 KiB"), "1 KiB", {}};
  r.job.leaked_bound = 1024;
  r.job.max_allocs =
      ExtraBound{BoundExpression::Parse("2 * files + 8"), "2 * files + 8", {}};
  r.job.allocs_bound = 14;
  r.leaked_bytes = 2048;
  r.net_leaked_bytes = 2048;
  r.leaked_check = CheckState::kFail;
  r.allocs_check = CheckState::kNotApplicable;
  auto row = nlohmann::json::parse(ResultsJson({}, {r}))["results"][0];
  EXPECT_EQ(row["leaked_bytes"], 2048);
  EXPECT_EQ(row["leaked_bound_bytes"], 1024);
  EXPECT_EQ(row["leaked_bound_expr"], "1 KiB");
  EXPECT_EQ(row["leaked_check"], "fail");
  EXPECT_TRUE(row["allocs"].is_null());
  EXPECT_TRUE(row["net_allocs"].is_null());
  EXPECT_EQ(row["allocs_bound"], 14);
  EXPECT_EQ(row["allocs_check"], "n/a");
  EXPECT_THAT(SummaryMarkdown({r}),
              HasSubstr("| **fail** | 2.0 KiB > 1.0 KiB | n/a |"));
}

TEST(TimelineJson, ListsPointsInTimeOrder) {
  auto json = nlohmann::json::parse(TimelineJson(Row(Status::kXfail)));
  EXPECT_EQ(json["time_unit"], "bytes allocated");
  EXPECT_EQ(json["peak_bytes"], 3000000);
  EXPECT_EQ(json["points"],
            nlohmann::json::parse("[[0,0],[5000,3000000],[6000,100]]"));
}

TEST(JunitXml, OneTestcasePerJobWithFailures) {
  JobResult error = Row(Status::kError);
  error.message = "killed by signal 11 (SIGSEGV)\n<stderr>";
  std::string xml = JunitXml({Row(Status::kFail), Row(Status::kXfail), error});
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
  JobResult pass = Row(Status::kPass);
  pass.job.case_name = "chunk";
  pass.net_peak_bytes = 4096;
  pass.job.bound_bytes = 8192;
  pass.job.bound_text = "8 KiB";
  std::string md = SummaryMarkdown({pass, Row(Status::kFail)});
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

TEST(WriteOutputs, WritesAllFiles) {
  TempDir dir;
  WriteOutputs(dir.path(), {}, {Row(Status::kXfail)});
  for (const char* file : {"results.json", "junit.xml", "summary.md",
                           "timelines/whole_file_readall.small.massif.json"}) {
    EXPECT_TRUE(std::ifstream(dir.path() + "/" + file).good()) << file;
  }
}

TEST(WriteOutputs, WritesTheFoldedStacksAtThePeak) {
  TempDir dir;
  WriteOutputs(dir.path(), {}, {Row(Status::kXfail)});
  std::ifstream in(dir.path() +
                   "/stacks/whole_file_readall.small.massif.folded");
  std::string text((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(text,
            "init;pool (eh_alloc.cc:123) 72704\n"
            "main;ReadAll (cases/readall.cc:31) 2927296\n");
}

// A row whose texts hold a byte that is not UTF-8 (a stderr tail, a file
// name) and control characters.
JobResult RowWithBadBytes() {
  JobResult r = Row(Status::kError);
  r.message = "exited with status 1; stderr ends with:\ncaf\351 \x01\x1b[0m";
  r.top_sites[0].frames[2].file = "cases/caf\351.cc";
  r.raw = {"raw/caf\351.out"};
  return r;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)),
                     std::istreambuf_iterator<char>());
}

TEST(ResultsJson, ReplacesBytesThatAreNotUtf8InsteadOfThrowing) {
  std::string text = ResultsJson({}, {RowWithBadBytes()});
  EXPECT_EQ(ValidUtf8(text), text);
  ResultsFile read = ReadResults(text, "results.json");
  ASSERT_EQ(read.results.size(), 1u);
  EXPECT_EQ(read.results[0].message,
            "exited with status 1; stderr ends with:\ncaf\xEF\xBF\xBD "
            "\x01\x1b[0m");
  EXPECT_EQ(read.results[0].top_sites[0].frames[2].file,
            "cases/caf\xEF\xBF\xBD.cc");
  EXPECT_EQ(read.results[0].raw[0], "raw/caf\xEF\xBF\xBD.out");
}

TEST(JunitXml, ReplacesBadBytesAndDropsControlCharacters) {
  JobResult row = RowWithBadBytes();
  row.job.case_name = "caf\351";
  std::string xml = JunitXml({row});
  EXPECT_EQ(ValidUtf8(xml), xml);
  EXPECT_THAT(xml, HasSubstr("classname=\"heapbound.caf\xEF\xBF\xBD\""));
  EXPECT_THAT(xml, HasSubstr("caf\xEF\xBF\xBD [0m</error>"));
  EXPECT_THAT(xml, Not(HasSubstr("\x01")));
  EXPECT_THAT(xml, Not(HasSubstr("\x1b")));
}

TEST(SummaryMarkdown, IsValidUtf8) {
  std::string md = SummaryMarkdown({RowWithBadBytes()});
  EXPECT_EQ(ValidUtf8(md), md);
  EXPECT_THAT(md, HasSubstr("exited with status 1; stderr ends with:"));
}

TEST(WriteOutputs, WritesEveryTextValidWhateverTheBytes) {
  TempDir dir;
  WriteOutputs(dir.path(), {}, {RowWithBadBytes()});
  for (const char* file : {"results.json", "junit.xml", "summary.md"}) {
    std::string text = ReadFile(dir.path() + "/" + file);
    EXPECT_FALSE(text.empty()) << file;
    EXPECT_EQ(ValidUtf8(text), text) << file;
  }
}

// A full disk: results.json's temporary is a link to /dev/full, so its
// write fails with ENOSPC. Nothing of the set may stay, no *.tmp either.
TEST(WriteOutputs, FullDiskNamesTheFileAndErrnoAndLeavesNoPartialSet) {
  TempDir dir;
  std::filesystem::create_symlink("/dev/full",
                                  dir.path() + "/results.json.tmp");
  try {
    WriteOutputs(dir.path(), {}, {Row(Status::kXfail)});
    FAIL() << "no error";
  } catch (const OutputError& error) {
    EXPECT_EQ(std::string(error.what()),
              dir.path() +
                  "/results.json: cannot write: No space left on "
                  "device");
  }
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    std::string name = entry.path().filename().string();
    EXPECT_THAT(name, Not(HasSubstr(".tmp")));
    EXPECT_NE(name, "results.json");
    EXPECT_NE(name, "junit.xml");
    EXPECT_NE(name, "summary.md");
  }
}

}  // namespace
}  // namespace heapbound
