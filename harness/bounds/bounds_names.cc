#include "bounds_names.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include "config_error.h"

namespace heapbound {

std::vector<std::string> DeclaredCaseNames(std::string_view text,
                                           const std::string& path) {
  toml::table root;
  try {
    root = toml::parse(text, path);
  } catch (const toml::parse_error& error) {
    const auto& begin = error.source().begin;
    throw ConfigError(fmt::format("{}:{}:{}: {}", path, begin.line,
                                  begin.column, error.description()));
  }
  std::vector<std::string> names = {
      root["defaults"]["baseline"].value_or(std::string("baseline"))};
  if (const toml::table* cases = root["case"].as_table()) {
    for (const auto& [key, value] : *cases) names.emplace_back(key.str());
  }
  return names;
}

}  // namespace heapbound
