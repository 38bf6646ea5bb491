#pragma once

#include <optional>
#include <string>

#include "fixture.h"
#include "plan.h"

namespace heapbound {

// Checks a program case's proof of work: the last line of its stdout that
// is a JSON object must carry "bytes" and "files" (and may carry "digest")
// equal to the fixture's manifest. Returns an error message naming what
// was expected and what was got, or "" when they match. Sets *verified to
// the verdict; a `verify = "none"` program or a baseline command is not
// checked (*verified stays none).
std::string CheckProgramOutput(const std::string& stdout_text, const Job& job,
                               const FixtureStats& stats,
                               std::optional<bool>* verified);

}  // namespace heapbound
