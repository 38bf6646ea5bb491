#include "terminal_report.h"

#include <fmt/format.h>

#include <algorithm>

#include "bound_expression.h"
#include "site_view.h"
#include "summary_cells.h"

namespace heapbound {
namespace {

// Columns before a site's headline: "    1.      2900000 B (2.8 MiB)   ".
constexpr int kSiteIndent = 34;

std::string SitesText(const JobResult& r, std::size_t count) {
  const std::vector<AllocationSite>& sites = r.top_sites;
  if (sites.empty()) {
    return "    (the tool recorded no allocation sites at the peak)\n";
  }
  std::string from =
      r.sites_from.empty()
          ? ""
          : fmt::format(", from {}'s run of the same job: {} records none",
                        r.sites_from, r.job.tool);
  std::string text = fmt::format(
      "    top allocation sites at the peak (your code first, then the "
      "stack{}):\n",
      from);
  for (std::size_t i = 0; i < sites.size() && i < count; ++i) {
    SiteView view = ViewOf(sites[i]);
    text += fmt::format("    {}. {:>12} B {:<11} {}\n", i + 1, sites[i].bytes,
                        fmt::format("({})", HumanBytes(sites[i].bytes)),
                        view.Headline());
    for (std::size_t f = 0; f < view.stack.size(); ++f) {
      text += fmt::format("{:{}}{}{}\n", "", kSiteIndent,
                          f == 0 ? "stack: " : "    <- ", view.stack[f]);
    }
  }
  return text;
}

// Returns the lines of the message after its first (the verdict): notes
// such as a failed re-run for sites; all of it for a memory cap.
std::string MessageNotes(const JobResult& r) {
  std::string text;
  std::size_t newline = r.message.find('\n');
  if (r.hit_memory_cap) text += "    " + r.message.substr(0, newline) + "\n";
  while (newline != std::string::npos) {
    std::size_t next = r.message.find('\n', newline + 1);
    text += "    " + r.message.substr(newline + 1, next - newline - 1) + "\n";
    newline = next;
  }
  return text;
}

}  // namespace

std::string BrokenRowText(const JobResult& r) {
  std::uint64_t bound = r.bound_bytes().value_or(0);
  std::uint64_t net = r.net_peak_bytes;
  std::string relation =
      net > bound
          ? fmt::format("over by {} B ({}, {:+.1f} %)", net - bound,
                        HumanBytes(net - bound),
                        bound ? 100.0 * (net - bound) / bound : 100.0)
          : fmt::format("under by {} B ({}) — a negative control must exceed",
                        bound - net, HumanBytes(bound - net));
  std::string text = fmt::format(
      "{} {} on {} under {}: net peak {} B ({}) vs bound {} B ({}) = "
      "\"{}\"; {}\n",
      r.status == Status::kFail ? "FAIL" : "XPASS", r.job.case_name,
      r.job.fixture, r.job.tool, net, HumanBytes(net), bound, HumanBytes(bound),
      r.job.bound_text, relation);
  if (r.job.net_method == NetMethod::kOpenMarker) {
    text += fmt::format("    peak after the first open {} B - heap then {} B\n",
                        r.net_peak_bytes + r.baseline_bytes, r.baseline_bytes);
  } else {
    text += fmt::format("    peak {} B - baseline {} B\n", r.peak_bytes,
                        r.baseline_bytes);
  }
  return text + MessageNotes(r) + SitesText(r, 5);
}

std::string ExpectedExcessText(const JobResult& r) {
  std::string site = "no allocation sites recorded";
  if (!r.top_sites.empty()) {
    site = fmt::format("{} at {}", HumanBytes(r.top_sites[0].bytes),
                       ViewOf(r.top_sites[0]).Headline());
  }
  std::string text = fmt::format(
      "xfail {} on {} under {}: net peak {} > bound {} = \"{}\" as "
      "expected; top site {}\n",
      r.job.case_name, r.job.fixture, r.job.tool, HumanBytes(r.net_peak_bytes),
      HumanBytes(r.bound_bytes().value_or(0)), r.job.bound_text, site);
  if (r.hit_memory_cap) text += "    " + r.message + "\n";
  return text;
}

std::string SummaryTable(const std::vector<JobResult>& results) {
  std::vector<std::vector<std::string>> rows = {
      {"case", "fixture", "tool", "net peak", "bound", "margin", "status"}};
  for (const JobResult& r : results) {
    SummaryCells cells = CellsOf(r, "-", "");
    std::string status(StatusName(r.status));
    if (!IsVerified(r.job)) status += " (unverified)";
    rows.push_back({r.job.case_name, r.job.fixture, r.job.tool, cells.net,
                    cells.bound, cells.margin, status});
  }
  std::vector<std::size_t> widths(rows[0].size(), 0);
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i)
      widths[i] = std::max(widths[i], row[i].size());
  }
  std::string text;
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      bool right = i >= 3 && i <= 5;
      text += right ? fmt::format("{:>{}}", row[i], widths[i])
                    : fmt::format("{:<{}}", row[i], widths[i]);
      text += i + 1 < row.size() ? "  " : "";
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    text += "\n";
  }
  return text;
}

void PrintProblems(std::FILE* out, const std::vector<JobResult>& results) {
  for (const JobResult& r : results) {
    if (r.status == Status::kFail || r.status == Status::kXpass) {
      fmt::print(out, "{}", BrokenRowText(r));
    } else if (r.status == Status::kXfail) {
      fmt::print(out, "{}", ExpectedExcessText(r));
    } else if (r.status == Status::kError) {
      fmt::print(out, "ERROR {} on {} under {}: {}\n", r.job.case_name,
                 r.job.fixture, r.job.tool, r.message);
    }
  }
}

}  // namespace heapbound
