#include "extra_checks.h"

#include <fmt/format.h>

#include "bound_expression.h"
#include "judge.h"

namespace heapbound {
namespace {

std::optional<std::uint64_t> NetOf(std::optional<std::uint64_t> value,
                                   std::optional<std::uint64_t> baseline) {
  if (!value || !baseline) return std::nullopt;
  return *value > *baseline ? *value - *baseline : 0;
}

// Checks `net` against `bound`; returns the failure text or "".
std::string Check(const std::optional<ExtraBound>& bound,
                  const std::optional<std::uint64_t>& limit,
                  const std::optional<std::uint64_t>& net, bool bytes,
                  CheckState& state) {
  if (!bound || !limit) {
    state = CheckState::kNone;
    return "";
  }
  if (!net) {
    state = CheckState::kNotApplicable;
    return "";
  }
  state = *net <= *limit ? CheckState::kPass : CheckState::kFail;
  if (state == CheckState::kPass) return "";
  auto show = [bytes](std::uint64_t v) {
    return bytes ? fmt::format("{} B ({})", v, HumanBytes(v))
                 : fmt::format("{}", v);
  };
  return bytes
             ? fmt::format("net leaked {} exceeds max_leaked {} = {} by {}",
                           show(*net), bound->text, show(*limit),
                           show(*net - *limit))
             : fmt::format(
                   "net allocation calls {} exceed max_allocs {} = {} by {}",
                   show(*net), bound->text, show(*limit), show(*net - *limit));
}

}  // namespace

std::string_view CheckStateName(CheckState state) {
  switch (state) {
    case CheckState::kPass:
      return "pass";
    case CheckState::kFail:
      return "fail";
    case CheckState::kNotApplicable:
      return "n/a";
    case CheckState::kNone:
      break;
  }
  return "";
}

std::optional<CheckState> ParseCheckState(std::string_view name) {
  for (CheckState state : {CheckState::kNone, CheckState::kPass,
                           CheckState::kFail, CheckState::kNotApplicable}) {
    if (CheckStateName(state) == name) return state;
  }
  return std::nullopt;
}

void RecordBaselineExtras(JobResult& row) {
  row.leaked_bytes = row.measurement.leaked_bytes;
  row.net_leaked_bytes = row.leaked_bytes;
  row.allocs = row.measurement.allocs;
  row.net_allocs = row.allocs;
}

void JudgeExtras(JobResult& row, const Measurement& baseline) {
  row.leaked_bytes = row.measurement.leaked_bytes;
  row.net_leaked_bytes = NetOf(row.leaked_bytes, baseline.leaked_bytes);
  row.allocs = row.measurement.allocs;
  row.net_allocs = NetOf(row.allocs, baseline.allocs);
  std::string leaked = Check(row.job.max_leaked, row.job.leaked_bound,
                             row.net_leaked_bytes, true, row.leaked_check);
  std::string allocs = Check(row.job.max_allocs, row.job.allocs_bound,
                             row.net_allocs, false, row.allocs_check);
  for (const std::string& broken : {leaked, allocs}) {
    if (broken.empty()) continue;
    if (row.status == Status::kFail) {
      row.message += "; " + broken;
    } else {
      // The peak held (or a negative control exceeded as it must): this
      // bound alone breaks the row.
      row.status = Status::kFail;
      row.message = broken;
    }
  }
}

std::string LeakedCell(const JobResult& row, const std::string& none) {
  if (!row.net_leaked_bytes) {
    return row.leaked_check == CheckState::kNotApplicable ? "n/a" : none;
  }
  std::string cell = HumanBytes(*row.net_leaked_bytes);
  if (row.leaked_check == CheckState::kFail && row.job.leaked_bound) {
    cell += " > " + HumanBytes(*row.job.leaked_bound);
  }
  return cell;
}

std::string AllocsCell(const JobResult& row, const std::string& none) {
  if (!row.net_allocs) {
    return row.allocs_check == CheckState::kNotApplicable ? "n/a" : none;
  }
  std::string cell = fmt::format("{}", *row.net_allocs);
  if (row.allocs_check == CheckState::kFail && row.job.allocs_bound) {
    cell += fmt::format(" > {}", *row.job.allocs_bound);
  }
  return cell;
}

}  // namespace heapbound
