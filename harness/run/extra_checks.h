#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace heapbound {

struct JobResult;
struct Measurement;

// The verdict of one bound beside the peak (max_leaked, max_allocs).
enum class CheckState {
  kNone,           // no such bound (baselines, or not set in bounds.toml)
  kPass,           // the net value is within the bound
  kFail,           // the net value exceeds the bound
  kNotApplicable,  // bounded, but the tool cannot measure it (allocs under
                   // massif): never a silent pass
};

// "pass", "fail", "n/a"; "" for kNone.
std::string_view CheckStateName(CheckState state);
// The state named `name` ("" is kNone), or none for any other text.
std::optional<CheckState> ParseCheckState(std::string_view name);

// Copies the leaked bytes and allocation calls of `row`'s measurement and
// of its baseline's into the row, with the net values (minus the
// baseline's; a case below its baseline counts 0), and checks max_leaked
// and max_allocs. A broken one fails the row (also a negative control's,
// whose expectation is about the peak only) and adds to its message.
void JudgeExtras(JobResult& row, const Measurement& baseline);

// Copies a baseline row's own leaked bytes and allocation calls (net =
// gross).
void RecordBaselineExtras(JobResult& row);

// Compact summary cells: "1.2 KiB", "1.2 KiB > 1.0 KiB" when broken, "—"
// (`none`) when unmeasured and unbounded; allocs as a count, "n/a" when
// bounded but not measurable.
std::string LeakedCell(const JobResult& row, const std::string& none);
std::string AllocsCell(const JobResult& row, const std::string& none);

}  // namespace heapbound
