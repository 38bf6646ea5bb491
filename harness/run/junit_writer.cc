// junit.xml (results_writer.h): one testcase per case row, in the shape the
// test tabs of GitLab and of GitHub's JUnit actions show (docs/
// results-schema.md, "junit.xml").
#include <fmt/format.h>

#include "results_writer.h"
#include "terminal_report.h"
#include "text_encoding.h"

namespace heapbound {
namespace {

// Marks a negative control in its testcase name, whatever its outcome:
// JUnit has no expected failure, and test tabs show names, not properties.
constexpr char kNegativeControlSuffix[] = " [xfail]";

std::string Summary(const JobResult& r) {
  return fmt::format(
      "{} {}: net peak {} B, bound {}", StatusName(r.status), r.Id(),
      r.net_peak_bytes,
      r.bound_bytes()
          ? fmt::format("{} B ({})", *r.bound_bytes(), r.job.bound_text)
          : "none");
}

// The testcase's body: what failed and where, or what passed.
std::string Body(const JobResult& r) {
  std::string status(StatusName(r.status));
  switch (r.status) {
    case Status::kError:
      return fmt::format(
          "      <error message=\"{}\" type=\"error\">{}</error>\n",
          XmlEscape(FirstLine(r.message)), XmlEscape(r.message));
    case Status::kFail:
    case Status::kXpass:
      return fmt::format(
          "      <failure message=\"{}\" type=\"{}\">{}</failure>\n",
          XmlEscape(FirstLine(r.message)), status, XmlEscape(BrokenRowText(r)));
    case Status::kXfail:
      return fmt::format(
          "      <system-out>expected failure (xfail): a negative control "
          "exceeded its bound, as it must\n{}</system-out>\n",
          XmlEscape(ExpectedExcessText(r)));
    case Status::kPass:
      break;
  }
  return fmt::format("      <system-out>{}</system-out>\n",
                     XmlEscape(Summary(r)));
}

std::string Testcase(const JobResult& r) {
  std::string name = r.job.fixture + "." + r.job.tool;
  if (r.job.expect == Expectation::kExceed) name += kNegativeControlSuffix;
  return fmt::format(
             "    <testcase classname=\"heapbound.{}\" name=\"{}\" "
             "time=\"{:.3f}\">\n",
             XmlEscape(r.job.case_name), XmlEscape(name), r.wall_seconds) +
         Body(r) + "    </testcase>\n";
}

// Baselines are what every peak is measured from, not tests: they are the
// suite's properties. One that failed to run stays a testcase (an error),
// so no error is ever hidden.
bool IsTestcase(const JobResult& r) {
  return r.job.role == JobRole::kCase || r.status == Status::kError;
}

std::string BaselineProperties(const std::vector<JobResult>& results) {
  std::string xml;
  for (const JobResult& r : results) {
    if (r.job.role != JobRole::kBaseline || r.status == Status::kError)
      continue;
    xml += fmt::format(
        "      <property name=\"baseline.{}.{}\" value=\"{} B\"/>\n",
        XmlEscape(r.job.fixture), XmlEscape(r.job.tool), r.peak_bytes);
  }
  return xml.empty() ? xml : "    <properties>\n" + xml + "    </properties>\n";
}

}  // namespace

std::string JunitXml(const std::vector<JobResult>& results) {
  int tests = 0, failures = 0, errors = 0;
  double total = 0;
  std::string cases;
  for (const JobResult& r : results) {
    total += r.wall_seconds;  // baselines too: the run spent it
    if (!IsTestcase(r)) continue;
    ++tests;
    errors += r.status == Status::kError;
    failures += r.status == Status::kFail || r.status == Status::kXpass;
    cases += Testcase(r);
  }
  // heapbound never skips a job; JUnit readers expect the attribute.
  std::string counts = fmt::format(
      "tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"0\" "
      "time=\"{:.3f}\"",
      tests, failures, errors, total);
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  xml += fmt::format("<testsuites name=\"heapbound\" {}>\n", counts);
  xml += fmt::format("  <testsuite name=\"heapbound.memory\" {}>\n", counts);
  xml += BaselineProperties(results) + cases;
  xml += "  </testsuite>\n</testsuites>\n";
  return xml;
}

}  // namespace heapbound
