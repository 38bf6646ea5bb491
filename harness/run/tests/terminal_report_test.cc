#include "terminal_report.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "test_support.h"

namespace heapbound {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

JobResult Row(Status status) { return SampleReadAllRow(status); }

TEST(PrintProblems, ShowsNetBoundExcessAndTopSitesWithoutAllocatorFrames) {
  TempDir dir;
  std::string path = dir.path() + "/printed";
  std::FILE* out = std::fopen(path.c_str(), "w");
  JobResult pass = Row(Status::kPass);
  PrintProblems(out, {Row(Status::kFail), pass});
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
              HasSubstr("1.      2900000 B (2.8 MiB)   "
                        "cases/whole_file_readall.cc:31  heapbound::(anonymous "
                        "namespace)::ReadAll\n"));
  EXPECT_THAT(
      text,
      HasSubstr("<- heapbound::CaseVisitor::Visit  cases/driver/main.cc:35"));
  EXPECT_THAT(text, Not(HasSubstr("realloc")));
  EXPECT_THAT(text, Not(HasSubstr("main  cases/driver/main.cc:120")));
}

std::string Printed(const std::vector<JobResult>& rows) {
  TempDir dir;
  std::string path = dir.path() + "/printed";
  std::FILE* out = std::fopen(path.c_str(), "w");
  PrintProblems(out, rows);
  std::fclose(out);
  std::ifstream in(path);
  return std::string((std::istreambuf_iterator<char>(in)),
                     std::istreambuf_iterator<char>());
}

// A regression through std::vector, as heaptrack names its frames: the
// case's own line comes first, then the stack from libstdc++ to the caller.
TEST(PrintProblems, NamesTheUsersLineBeforeTheLibrarysStack) {
  JobResult r = Row(Status::kFail);
  r.job.case_name = "chunk";
  r.job.tool = "heaptrack";
  r.job.bound_text = "8 KiB";
  r.job.bound_bytes = 8192;
  r.peak_bytes = 72704 + 1572864;
  r.net_peak_bytes = 1572864;
  AllocationSite site;
  site.bytes = 1572864;
  site.frames = {
      {"operator new(unsigned long)", "/lib/x86_64-linux-gnu/libstdc++.so.6",
       0},
      {"void std::vector<char, std::allocator<char> >::_M_realloc_insert<char "
       "const&>(__gnu_cxx::__normal_iterator<char*, std::vector<char, "
       "std::allocator<char> > >, char const&)",
       "/usr/include/c++/12/bits/vector.tcc", 453},
      {"std::vector<char, std::allocator<char> >::push_back(char const&)",
       "/usr/include/c++/12/bits/stl_vector.h", 1287},
      {"ReadInChunks", "../../../cases/chunk.cc", 15},
      {"heapbound::(anonymous namespace)::CaseVisitor::Visit(heapbound::"
       "FileEntry const&)",
       "../../../cases/support/case_registry.cc", 39},
      {"main", "../../../cases/driver/main.cc", 141}};
  r.top_sites = {site};
  std::string indent(34, ' ');
  EXPECT_EQ(
      Printed({r}),
      "FAIL chunk on small under heaptrack: net peak 1572864 B (1.5 MiB) "
      "vs bound 8192 B (8.0 KiB) = \"8 KiB\"; over by 1564672 B (1.5 "
      "MiB, +19100.0 %)\n"
      "    peak 1645568 B - baseline 72704 B\n"
      "    top allocation sites at the peak (your code first, then the "
      "stack):\n"
      "    1.      1572864 B (1.5 MiB)   cases/chunk.cc:15  ReadInChunks  "
      "<- via std::vector<...>::push_back\n" +
          indent +
          "stack: std::vector<...>::_M_realloc_insert<...>  "
          "/usr/include/c++/12/bits/vector.tcc:453\n" +
          indent +
          "    <- std::vector<...>::push_back  "
          "/usr/include/c++/12/bits/stl_vector.h:1287\n" +
          indent + "    <- ReadInChunks  cases/chunk.cc:15\n" + indent +
          "    <- heapbound::(anonymous namespace)::CaseVisitor::Visit  "
          "cases/support/case_registry.cc:39\n");
}

TEST(PrintProblems, SaysWhereSitesOfATrackRowComeFrom) {
  JobResult r = Row(Status::kFail);
  r.job.tool = "track";
  r.sites_from = "heaptrack";
  EXPECT_THAT(Printed({r}),
              HasSubstr("    top allocation sites at the peak (your code "
                        "first, then the stack, from heaptrack's run of the "
                        "same job: track records none):\n"));
  r.top_sites.clear();
  r.sites_from.clear();
  r.message =
      "net peak exceeds the bound\nno allocation sites: track records none, "
      "and the heaptrack re-run for them failed: heaptrack not found";
  EXPECT_THAT(Printed({r}),
              HasSubstr("    peak 3000000 B - baseline 72704 B\n"
                        "    no allocation sites: track records none, and the "
                        "heaptrack re-run for them failed: heaptrack not "
                        "found\n"
                        "    (the tool recorded no allocation sites at the "
                        "peak)\n"));
}

TEST(SummaryTable, AlignsTheColumnsAndNamesTheStatus) {
  JobResult baseline = Row(Status::kPass);
  baseline.job.case_name = "baseline";
  baseline.job.role = JobRole::kBaseline;
  baseline.job.bound_bytes.reset();
  std::string table = SummaryTable({Row(Status::kFail), baseline});
  EXPECT_EQ(table,
            "case                fixture  tool          net peak              "
            "   bound    margin  status\n"
            "whole_file_readall  small    massif         2.8 MiB  976.6 KiB "
            "(max_file)  -192.7 %  fail\n"
            "baseline            small    massif  2.9 MiB (peak)              "
            "       -         -  pass\n");
}

}  // namespace
}  // namespace heapbound
