#pragma once

#include <toml++/toml.h>

#include <string>
#include <string_view>

namespace heapbound {

// Parses a TOML document; throws ConfigError "<path>:<line>:<column>:
// <what>" on a syntax error (the form every bounds-file error takes).
toml::table ParseTomlText(std::string_view text, const std::string& path);

}  // namespace heapbound
