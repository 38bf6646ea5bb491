#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace heapbound {

// Returns the case names a bounds file declares itself: its [case.*]
// tables and its [defaults] baseline ("baseline" when unset). Checks only
// the TOML syntax (ConfigError with file:line:column): it is for reading
// back a file that a run already validated against its case driver
// (`heapbound merge`, which may have no driver).
std::vector<std::string> DeclaredCaseNames(std::string_view text,
                                           const std::string& path);

}  // namespace heapbound
