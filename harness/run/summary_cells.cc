#include "summary_cells.h"

#include <fmt/format.h>

#include "bound_expression.h"

namespace heapbound {

SummaryCells CellsOf(const JobResult& r, const std::string& none,
                     const std::string& quote) {
  SummaryCells cells{r.measured ? HumanBytes(r.net_peak_bytes) : none, none,
                     none};
  if (r.job.role == JobRole::kBaseline) {
    cells.net = r.measured ? HumanBytes(r.peak_bytes) + " (peak)" : none;
  } else if (r.bound_bytes()) {
    std::uint64_t bound_bytes = *r.bound_bytes();
    cells.bound = fmt::format("{} ({}{}{})", HumanBytes(bound_bytes), quote,
                              r.job.bound_text, quote);
    if (r.measured && bound_bytes > 0) {
      double bound = static_cast<double>(bound_bytes);
      cells.margin = fmt::format(
          "{:.1f} %",
          100.0 * (bound - static_cast<double>(r.net_peak_bytes)) / bound);
    }
  }
  return cells;
}

std::string StatusCounts(const std::vector<JobResult>& results) {
  std::map<Status, int> counts;
  for (const JobResult& r : results) ++counts[r.status];
  std::vector<std::string> parts;
  for (const auto& [status, count] : counts)
    parts.push_back(fmt::format("{} {}", count, StatusName(status)));
  return fmt::format("{}", fmt::join(parts, ", "));
}

}  // namespace heapbound
