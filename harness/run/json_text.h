#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace heapbound {

// Returns a short rendering of a JSON value for error messages: at most 40
// characters, "[...]" or "{...}" for a non-empty container (serialising a
// deeply nested one would recurse as deep), invalid UTF-8 replaced.
std::string ShortJsonText(const nlohmann::json& value);

}  // namespace heapbound
