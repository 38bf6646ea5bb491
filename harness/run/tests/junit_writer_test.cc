#include <gtest/gtest.h>

#include "results_writer.h"
#include "test_support.h"

namespace heapbound {
namespace {

// The sample row (whole_file_readall on small under massif) as the judge
// leaves it for `status`.
JobResult Judged(Status status) {
  JobResult r = SampleReadAllRow(status);
  r.wall_seconds = 1.5;
  if (status == Status::kFail) {
    r.message =
        "net peak 2927296 B (2.8 MiB) exceeds the bound max_file = 1000000 B "
        "(976.6 KiB) by 1927296 B (1.8 MiB) (+192.7 %)";
  } else {
    r.job.expect = Expectation::kExceed;
    r.wall_seconds = 2;
  }
  return r;
}

JobResult Baseline(const std::string& tool, Status status) {
  JobResult r;
  r.job.case_name = "baseline";
  r.job.fixture = "small";
  r.job.tool = tool;
  r.job.role = JobRole::kBaseline;
  r.status = status;
  r.peak_bytes = r.net_peak_bytes = status == Status::kPass ? 72704 : 0;
  r.wall_seconds = status == Status::kPass ? 0.25 : 0;
  if (status == Status::kError)
    r.message = "heaptrack not found on PATH (Debian package: heaptrack)";
  return r;
}

TEST(JunitXml, ShowsSitesInFailuresMarksNegativeControlsAndKeepsBaselinesOut) {
  JobResult pass = SampleReadAllRow(Status::kPass);
  pass.job.case_name = "chunk";
  pass.job.bound_text = "8 KiB";
  pass.job.bound_bytes = 8192;
  pass.net_peak_bytes = 4096;
  pass.top_sites.clear();
  pass.wall_seconds = 0.5;
  std::string xml = JunitXml({Judged(Status::kFail), Judged(Status::kXfail),
                              pass, Baseline("massif", Status::kPass),
                              Baseline("heaptrack", Status::kError)});
  std::string stack_indent(34, ' ');
  EXPECT_EQ(
      xml,
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<testsuites name=\"heapbound\" tests=\"4\" failures=\"1\" "
      "errors=\"1\" skipped=\"0\" time=\"4.250\">\n"
      "  <testsuite name=\"heapbound.memory\" tests=\"4\" failures=\"1\" "
      "errors=\"1\" skipped=\"0\" time=\"4.250\">\n"
      "    <properties>\n"
      "      <property name=\"baseline.small.massif\" value=\"72704 B\"/>\n"
      "    </properties>\n"
      "    <testcase classname=\"heapbound.whole_file_readall\" "
      "name=\"small.massif\" time=\"1.500\">\n"
      "      <failure message=\"net peak 2927296 B (2.8 MiB) exceeds the "
      "bound max_file = 1000000 B (976.6 KiB) by 1927296 B (1.8 MiB) "
      "(+192.7 %)\" type=\"fail\">"
      "FAIL whole_file_readall on small under massif: net peak 2927296 B "
      "(2.8 MiB) vs bound 1000000 B (976.6 KiB) = &quot;max_file&quot;; "
      "over by 1927296 B (1.8 MiB, +192.7 %)\n"
      "    peak 3000000 B - baseline 72704 B\n"
      "    top allocation sites at the peak (your code first, then the "
      "stack):\n"
      "    1.      2900000 B (2.8 MiB)   cases/whole_file_readall.cc:31  "
      "heapbound::(anonymous namespace)::ReadAll\n" +
          stack_indent +
          "stack: heapbound::(anonymous namespace)::ReadAll  "
          "cases/whole_file_readall.cc:31\n" +
          stack_indent +
          "    &lt;- heapbound::CaseVisitor::Visit  cases/driver/main.cc:35\n"
          "</failure>\n"
          "    </testcase>\n"
          "    <testcase classname=\"heapbound.whole_file_readall\" "
          "name=\"small.massif [xfail]\" time=\"2.000\">\n"
          "      <system-out>expected failure (xfail): a negative control "
          "exceeded its bound, as it must\n"
          "xfail whole_file_readall on small under massif: net peak 2.8 MiB "
          "&gt; bound 976.6 KiB = &quot;max_file&quot; as expected; top site "
          "2.8 MiB at cases/whole_file_readall.cc:31  heapbound::(anonymous "
          "namespace)::ReadAll\n"
          "</system-out>\n"
          "    </testcase>\n"
          "    <testcase classname=\"heapbound.chunk\" name=\"small.massif\" "
          "time=\"0.500\">\n"
          "      <system-out>pass chunk.small.massif: net peak 4096 B, bound "
          "8192 B (8 KiB)</system-out>\n"
          "    </testcase>\n"
          "    <testcase classname=\"heapbound.baseline\" "
          "name=\"small.heaptrack\" time=\"0.000\">\n"
          "      <error message=\"heaptrack not found on PATH (Debian "
          "package: heaptrack)\" type=\"error\">heaptrack not found on PATH "
          "(Debian package: heaptrack)</error>\n"
          "    </testcase>\n"
          "  </testsuite>\n"
          "</testsuites>\n");
}

TEST(JunitXml, NegativeControlThatFitIsAFailureOfTheXfailTest) {
  JobResult xpass = Judged(Status::kXpass);
  xpass.message = "negative control stayed under its bound";
  std::string xml = JunitXml({xpass});
  EXPECT_NE(xml.find("tests=\"1\" failures=\"1\" errors=\"0\""),
            std::string::npos);
  EXPECT_NE(xml.find("name=\"small.massif [xfail]\""), std::string::npos);
  EXPECT_NE(xml.find("<failure message=\"negative control stayed under its "
                     "bound\" type=\"xpass\">XPASS whole_file_readall"),
            std::string::npos);
}

}  // namespace
}  // namespace heapbound
