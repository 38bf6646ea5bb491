#include "bounds_names.h"

#include "toml_text.h"

namespace heapbound {

std::vector<std::string> DeclaredCaseNames(std::string_view text,
                                           const std::string& path) {
  const toml::table root = ParseTomlText(text, path);
  std::vector<std::string> names = {
      root["defaults"]["baseline"].value_or(std::string("baseline"))};
  if (const toml::table* cases = root["case"].as_table()) {
    for (const auto& [key, value] : *cases) names.emplace_back(key.str());
  }
  return names;
}

}  // namespace heapbound
