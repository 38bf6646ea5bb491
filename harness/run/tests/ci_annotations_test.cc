#include "ci_annotations.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "test_support.h"

namespace heapbound {
namespace {

namespace fs = std::filesystem;

// A repository checked out at <dir>/repo whose heapbound project lies in
// <dir>/repo/memory, with cases/chunk.cc and cases/bounds.toml.
class CiAnnotationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(project() + "/cases");
    std::ofstream(project() + "/cases/chunk.cc") << "\n";
    std::ofstream(project() + "/cases/bounds.toml") << "\n";
    context_.tree = &tree_;
    context_.bound_positions["whole_file_readall"] =
        SourcePosition{project() + "/cases/bounds.toml", 40, 12};
  }
  std::string project() const { return dir_.path() + "/repo/memory"; }

  TempDir dir_;
  SourceTree tree_{dir_.path() + "/repo/memory"};
  AnnotationContext context_;
};

// chunk on small under massif, broken through a std::vector.
JobResult BrokenChunk() {
  JobResult r;
  r.job.case_name = "chunk";
  r.job.fixture = "small";
  r.job.tool = "massif";
  r.status = Status::kFail;
  r.message =
      "net peak 1572665 B (1.5 MiB) exceeds the bound 8 KiB = 8192 B (8.0 "
      "KiB) by 1564473 B (1.5 MiB) (+19097.6 %)";
  AllocationSite site;
  site.bytes = 1572864;
  site.frames = {
      {"operator new(unsigned long)", "/lib/x86_64-linux-gnu/libstdc++.so.6",
       0},
      {"std::vector<char, std::allocator<char> >::push_back(char const&)",
       "/usr/include/c++/12/bits/stl_vector.h", 1287},
      {"ReadInChunks(FileEntry const&, ByteSink&)", "../../../cases/chunk.cc",
       15},
      {"main", "../../../cases/driver/main.cc", 141}};
  AllocationSite small;
  small.bytes = 1373;
  small.frames = {{"in 4 places, all below massif's threshold (1.00%)", "", 0}};
  r.top_sites = {site, small};
  return r;
}

// A negative control that fit, under track, without sites.
JobResult FittingControl() {
  JobResult r;
  r.job.case_name = "whole_file_readall";
  r.job.fixture = "tiny";
  r.job.tool = "track";
  r.job.expect = Expectation::kExceed;
  r.status = Status::kXpass;
  r.message =
      "negative control stayed under its bound: net peak 100 B (100 B) <= "
      "max_file = 2048 B (2.0 KiB) (1948 B (1.9 KiB) below); it must exceed it";
  return r;
}

JobResult Crashed() {
  JobResult r;
  r.job.case_name = "segfault";
  r.job.fixture = "tiny";
  r.job.tool = "track";
  r.status = Status::kError;
  r.message = "killed by signal 11 (SIGSEGV), 100% sure\nstderr ends with: x";
  return r;
}

JobResult Passed() {
  JobResult r = BrokenChunk();
  r.status = Status::kPass;
  r.message.clear();
  return r;
}

TEST_F(CiAnnotationsTest, GithubAnnotatesTheUserFrameLine) {
  EXPECT_EQ(
      GithubAnnotations({Passed(), BrokenChunk(), FittingControl(), Crashed()},
                        context_),
      "::error file=cases/chunk.cc,line=15,title=heapbound%3A chunk on small "
      "under massif broke its bound::net peak 1572665 B (1.5 MiB) exceeds "
      "the bound 8 KiB = 8192 B (8.0 KiB) by 1564473 B (1.5 MiB) (+19097.6 "
      "%25)%0A1. 1.5 MiB at cases/chunk.cc:15  ReadInChunks  <- via "
      "std::vector<...>::push_back%0A2. 1.3 KiB in 4 places, all below "
      "massif's threshold (1.00%25)\n"
      "::error title=heapbound error%3A segfault on tiny under "
      "track::killed by signal 11 (SIGSEGV), 100%25 sure\n"
      "::warning file=cases/bounds.toml,line=40,title=heapbound%3A negative "
      "control whole_file_readall on tiny under track stayed under its "
      "bound::negative control stayed under its bound: net peak 100 B (100 "
      "B) <= max_file = 2048 B (2.0 KiB) (1948 B (1.9 KiB) below); it must "
      "exceed it%0Ano allocation sites recorded\n");
}

// Returns the lines of `text` that start with `prefix`.
std::vector<std::string> LinesStartingWith(const std::string& text,
                                           const std::string& prefix) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(prefix, 0) == 0) lines.push_back(line);
  }
  return lines;
}

TEST_F(CiAnnotationsTest, GithubGetsTenErrorsAndTenWarningsBoundsFirst) {
  // Errors listed before the bounds: the bounds still come first.
  std::vector<JobResult> rows = {Crashed(), Crashed()};
  for (int i = 0; i < 12; ++i) {
    JobResult r = BrokenChunk();
    r.job.fixture = fmt::format("f{}", i);
    rows.push_back(r);
    rows.push_back(FittingControl());
  }
  std::string text = GithubAnnotations(rows, context_);
  std::vector<std::string> errors = LinesStartingWith(text, "::error ");
  ASSERT_EQ(errors.size(), 10u) << text;
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(errors[i].find(fmt::format(
                  "title=heapbound%3A chunk on f{} under massif broke", i)),
              errors[i].find("title="))
        << errors[i];
  }
  EXPECT_EQ(LinesStartingWith(text, "::warning ").size(), 10u);
  std::vector<std::string> notices = LinesStartingWith(text, "::notice ");
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_EQ(notices[0],
            "::notice title=heapbound%3A problems not annotated::6 more "
            "problems not annotated (2 broken bounds, 2 errors, 2 negative "
            "controls that fit): GitHub shows 10 error and 10 warning "
            "annotations per step; summary.md (the job summary) and junit.xml "
            "list every problem");
  EXPECT_EQ(text.substr(text.size() - notices[0].size() - 1),
            notices[0] + "\n");
}

TEST_F(CiAnnotationsTest, NoNoticeWhenEveryProblemIsAnnotated) {
  std::vector<JobResult> rows(10, BrokenChunk());
  rows.push_back(FittingControl());
  std::string text = GithubAnnotations(rows, context_);
  EXPECT_EQ(LinesStartingWith(text, "::error ").size(), 10u);
  EXPECT_EQ(text.find("::notice"), std::string::npos) << text;
  rows.push_back(Crashed());
  EXPECT_THAT(LinesStartingWith(GithubAnnotations(rows, context_), "::notice"),
              ::testing::ElementsAre(::testing::HasSubstr(
                  "::1 more problem not annotated (1 error): ")));
}

TEST_F(CiAnnotationsTest, PathsAreRelativeToTheCheckedOutRepository) {
  context_.repo_root = dir_.path() + "/repo";
  EXPECT_EQ(PlaceOf(BrokenChunk(), context_).path, "memory/cases/chunk.cc");
  EXPECT_EQ(PlaceOf(FittingControl(), context_).path,
            "memory/cases/bounds.toml");
  std::string annotations = GithubAnnotations({BrokenChunk()}, context_);
  EXPECT_EQ(annotations.rfind("::error file=memory/cases/chunk.cc,line=15,", 0),
            0u)
      << annotations;
}

TEST_F(CiAnnotationsTest, PropertiesEscapeCommasAndColons) {
  JobResult r = BrokenChunk();
  r.job.case_name = "a,b:c";
  std::string annotations = GithubAnnotations({r}, context_);
  EXPECT_NE(annotations.find("title=heapbound%3A a%2Cb%3Ac on small"),
            std::string::npos)
      << annotations;
}

TEST_F(CiAnnotationsTest, CodeQualityReportListsBrokenBoundsOnly) {
  std::string report = CodeQualityJson(
      {Passed(), BrokenChunk(), FittingControl(), Crashed()}, context_);
  // Fingerprints: xxh64 (seed 0) of "check\ncase\nfixture\ntool\npath",
  // computed apart from heapbound (a Python XXH64 checked against the
  // reference vectors).
  EXPECT_EQ(
      report,
      "[\n"
      " {\n"
      "  \"description\": \"heapbound: chunk on small under massif broke its "
      "bound: net peak 1572665 B (1.5 MiB) exceeds the bound 8 KiB = 8192 B "
      "(8.0 KiB) by 1564473 B (1.5 MiB) (+19097.6 %); top site 1.5 MiB at "
      "cases/chunk.cc:15  ReadInChunks  <- via std::vector<...>::push_back\",\n"
      "  \"check_name\": \"heapbound/bound-broken\",\n"
      "  \"fingerprint\": \"26557082f39b51ba\",\n"
      "  \"severity\": \"major\",\n"
      "  \"location\": {\n"
      "   \"path\": \"cases/chunk.cc\",\n"
      "   \"lines\": {\n"
      "    \"begin\": 15\n"
      "   }\n"
      "  }\n"
      " },\n"
      " {\n"
      "  \"description\": \"heapbound: negative control whole_file_readall on "
      "tiny under track stayed under its bound: negative control stayed under "
      "its bound: net peak 100 B (100 B) <= max_file = 2048 B (2.0 KiB) (1948 "
      "B (1.9 KiB) below); it must exceed it\",\n"
      "  \"check_name\": \"heapbound/negative-control-fits\",\n"
      "  \"fingerprint\": \"ff4c4d28a01463a2\",\n"
      "  \"severity\": \"minor\",\n"
      "  \"location\": {\n"
      "   \"path\": \"cases/bounds.toml\",\n"
      "   \"lines\": {\n"
      "    \"begin\": 40\n"
      "   }\n"
      "  }\n"
      " }\n"
      "]\n");
  EXPECT_EQ(CodeQualityJson({Passed()}, context_), "[]\n");
}

TEST_F(CiAnnotationsTest, WritesCodeQualityIntoTheOutDir) {
  WriteCodeQuality(dir_.path(), {BrokenChunk()}, context_);
  std::ifstream in(dir_.path() + "/codequality.json");
  nlohmann::json report = nlohmann::json::parse(in);
  ASSERT_EQ(report.size(), 1u);
  EXPECT_EQ(report[0]["location"]["path"], "cases/chunk.cc");
  RemoveCodeQuality(dir_.path());
  EXPECT_FALSE(fs::exists(dir_.path() + "/codequality.json"));
}

}  // namespace
}  // namespace heapbound
