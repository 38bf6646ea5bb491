// summary.md (results_writer.h): the job summary CI shows. The table of
// every row, then the problems, each with its top allocation sites.
#include <fmt/format.h>

#include "bound_expression.h"
#include "results_writer.h"
#include "site_view.h"
#include "summary_cells.h"
#include "text_encoding.h"

namespace heapbound {
namespace {

// Returns "  1. 2.8 MiB at `cases/x.cc:31` `ReadAll` via `std::...`" lines.
std::string SiteItems(const JobResult& r) {
  std::string md;
  if (!r.sites_from.empty()) {
    md += fmt::format(
        "  sites from {}'s run of the same job ({} records none):\n",
        r.sites_from, r.job.tool);
  }
  for (std::size_t i = 0; i < r.top_sites.size(); ++i) {
    SiteView view = ViewOf(r.top_sites[i]);
    if (view.location == "??") {
      md += fmt::format("  {}. {} {}", i + 1, HumanBytes(r.top_sites[i].bytes),
                        view.function);
    } else {
      md += fmt::format("  {}. {} at `{}` `{}`", i + 1,
                        HumanBytes(r.top_sites[i].bytes), view.location,
                        view.function);
    }
    if (!view.via.empty()) md += fmt::format(" via `{}`", view.via);
    md += "\n";
  }
  return md;
}

}  // namespace

std::string SummaryMarkdown(const std::vector<JobResult>& results) {
  std::string md = "# heapbound results\n\n" + StatusCounts(results) + "\n\n";
  md += "| case | fixture | tool | net peak | bound | margin | status |\n";
  md += "|---|---|---|---:|---:|---:|---|\n";
  for (const JobResult& r : results) {
    SummaryCells cells = CellsOf(r, "—", "`");
    std::string status(StatusName(r.status));
    if (IsBroken(r.status)) status = "**" + status + "**";
    if (!IsVerified(r.job)) status += " (unverified)";
    md += fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", r.job.case_name,
                      r.job.fixture, r.job.tool, cells.net, cells.bound,
                      cells.margin, status);
  }
  bool any_problem = false;
  for (const JobResult& r : results) {
    if (!IsBroken(r.status)) continue;
    if (!any_problem) md += "\n## Problems\n\n";
    any_problem = true;
    std::string first_line = r.message.substr(0, r.message.find('\n'));
    md += fmt::format("- **{}** `{}`: {}\n", StatusName(r.status), r.Id(),
                      first_line);
    if (r.status != Status::kError) md += SiteItems(r);
  }
  return ValidUtf8(md);
}

}  // namespace heapbound
