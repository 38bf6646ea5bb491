#include "program_bounds.h"

#include <fmt/format.h>

#include <filesystem>

#include "config_error.h"

namespace heapbound {
namespace {

namespace fs = std::filesystem;

// Variables a program may not set: the tools and the runner own them.
bool Reserved(const std::string& variable) {
  return variable == "LD_PRELOAD" || variable.rfind("HEAPBOUND_", 0) == 0;
}

class ProgramParser {
 public:
  ProgramParser(std::string path, std::string source_dir)
      : path_(std::move(path)), source_dir_(std::move(source_dir)) {}

  [[noreturn]] void Fail(const toml::source_region& region,
                         const std::string& message) const {
    throw ConfigError(fmt::format("{}:{}:{}: {}", path_, region.begin.line,
                                  region.begin.column, message));
  }

  // A relative path (it has a '/', is no option and no placeholder) names
  // a file of the project: cases/programs/python/chunk.py.
  std::string Resolve(const std::string& element) const {
    if (source_dir_.empty() || element.empty() || element[0] == '/' ||
        element[0] == '-' || element.find('/') == std::string::npos ||
        element.find('{') != std::string::npos ||
        element.find('=') != std::string::npos) {
      return element;
    }
    return (fs::path(source_dir_) / element).lexically_normal().string();
  }

  std::vector<std::string> Command(const toml::node& node,
                                   const std::string& key) const {
    const toml::array* array = node.as_array();
    if (array == nullptr || array->empty()) {
      Fail(node.source(),
           fmt::format("{} must be a non-empty array of strings, e.g. "
                       "[\"/usr/bin/python3\", \"cases/programs/python/"
                       "chunk.py\", \"{{root}}\"]",
                       key));
    }
    std::vector<std::string> argv;
    for (const toml::node& element : *array) {
      const auto* text = element.as_string();
      if (text == nullptr || text->get().empty()) {
        Fail(element.source(),
             fmt::format("{} entries must be non-empty strings", key));
      }
      argv.push_back(Resolve(text->get()));
    }
    // A program given by path must exist; a bare name is looked up on PATH
    // when the job runs.
    const std::string& program = argv.front();
    if (program.find('/') != std::string::npos &&
        program.find('{') == std::string::npos && !fs::exists(program)) {
      Fail(array->front().source(),
           fmt::format("{}[0] '{}' does not exist", key, program));
    }
    return argv;
  }

  std::vector<std::pair<std::string, std::string>> Env(
      const toml::node& node) const {
    const toml::table* table = node.as_table();
    if (table == nullptr) {
      Fail(node.source(),
           "env must be a table of strings, e.g. env = { PYTHONMALLOC = "
           "\"malloc\" }");
    }
    std::vector<std::pair<std::string, std::string>> env;
    for (const auto& [key, value] : *table) {
      std::string variable(key.str());
      if (Reserved(variable)) {
        Fail(key.source(),
             fmt::format("env may not set {}: the measuring tools own it",
                         variable));
      }
      const auto* text = value.as_string();
      if (text == nullptr)
        Fail(value.source(), fmt::format("env.{} must be a string", variable));
      env.emplace_back(variable, text->get());
    }
    return env;
  }

  Verify VerifyMode(const toml::node& node) const {
    const auto* text = node.as_string();
    if (text != nullptr && text->get() == "none") return Verify::kNone;
    if (text != nullptr && text->get() == "full") return Verify::kFull;
    Fail(node.source(),
         fmt::format("verify must be \"full\" (the default: the program "
                     "prints {{\"bytes\",\"files\"}}) or \"none\" (a "
                     "third-party tool, reported as unverified), not {}",
                     text != nullptr ? "\"" + text->get() + "\""
                                     : std::string("a non-string")));
  }

 private:
  std::string path_;
  std::string source_dir_;
};

}  // namespace

std::vector<std::string> ExpandCommand(const std::vector<std::string>& command,
                                       const std::string& root) {
  std::vector<std::string> argv;
  const std::string placeholder = kRootPlaceholder;
  for (std::string element : command) {
    for (std::size_t at = element.find(placeholder); at != std::string::npos;
         at = element.find(placeholder, at + root.size())) {
      element.replace(at, placeholder.size(), root);
    }
    argv.push_back(std::move(element));
  }
  return argv;
}

ProgramSpec ParseProgramSpec(const toml::table& table, const std::string& name,
                             const std::string& path,
                             const std::string& source_dir) {
  const ProgramParser parser(path, source_dir);
  ProgramSpec spec;
  const toml::node* command = table.get("command");
  if (command == nullptr) {
    parser.Fail(table.source(),
                fmt::format("[program.{}] needs command = [...]", name));
  }
  spec.command = parser.Command(*command, "command");
  if (const toml::node* baseline = table.get("baseline"))
    spec.baseline = parser.Command(*baseline, "baseline");
  if (const toml::node* env = table.get("env")) spec.env = parser.Env(*env);
  if (const toml::node* verify = table.get("verify"))
    spec.verify = parser.VerifyMode(*verify);
  return spec;
}

}  // namespace heapbound
