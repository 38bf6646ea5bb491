#pragma once

#include <optional>
#include <string_view>

namespace heapbound {

// The verdict of one job (docs/results-schema.md). heapbound never skips a
// planned job: a missing tool or fixture is an error, so a gate cannot pass
// by not running.
enum class Status { kPass, kFail, kXfail, kXpass, kError };

// Returns the schema name: "pass", "fail", "xfail", "xpass", "error".
std::string_view StatusName(Status status);

// Returns the status named `name`, or none for any other text.
std::optional<Status> ParseStatus(std::string_view name);

// Returns true for the statuses that fail a run: fail, xpass (exit 1) and
// error (exit 3).
bool IsBroken(Status status);

}  // namespace heapbound
