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
              HasSubstr("1.      2900000 B (2.8 MiB)   heapbound::(anonymous "
                        "namespace)::ReadAll  cases/whole_file_readall.cc:31"));
  EXPECT_THAT(
      text,
      HasSubstr("<- heapbound::CaseVisitor::Visit  cases/driver/main.cc:35"));
  EXPECT_THAT(text, Not(HasSubstr("realloc")));
  EXPECT_THAT(text, Not(HasSubstr("main  cases/driver/main.cc:120")));
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
