#include "run_context.h"

#include <fmt/format.h>

#include <cstdlib>
#include <sstream>
#include <stdexcept>

#include "child_process.h"
#include "default_paths.h"
#include "tool_adapter.h"

namespace heapbound {

std::string ResolveDriver(const std::string& flag) {
  if (!flag.empty()) return flag;
  const char* from_env = std::getenv("HEAPBOUND_CASE_DRIVER");
  if (from_env != nullptr && *from_env != '\0') return from_env;
  return DefaultPaths::CaseDriver();
}

std::vector<CaseInfo> ListDriverCases(const std::string& driver) {
  if (FindProgram(driver, "").empty()) {
    throw std::runtime_error(
        fmt::format("case driver {} not found or not executable (build it: "
                    "cmake --build build --target "
                    "heapbound-case)",
                    driver));
  }
  int status = 0;
  std::string output = RunAndCapture({driver, "--list"}, &status);
  if (status != 0) {
    throw std::runtime_error(
        fmt::format("{} --list failed (exit status {})", driver, status));
  }
  std::vector<CaseInfo> cases;
  std::istringstream lines(output);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty()) continue;
    std::size_t tab = line.find_first_of("\t ");
    CaseInfo info;
    info.name = line.substr(0, tab);
    if (tab != std::string::npos) {
      info.summary =
          line.substr(line.find_first_not_of("\t ", tab) == std::string::npos
                          ? line.size()
                          : line.find_first_not_of("\t ", tab));
    }
    cases.push_back(std::move(info));
  }
  if (cases.empty())
    throw std::runtime_error(driver + " --list printed no cases");
  return cases;
}

BoundsVocabulary MakeVocabulary(const std::vector<CaseInfo>& cases,
                                const ProfileCatalog& catalog) {
  BoundsVocabulary vocabulary;
  for (const CaseInfo& info : cases) vocabulary.cases.push_back(info.name);
  vocabulary.tools = ToolNames();
  vocabulary.exact_tools = ExactToolNames();
  vocabulary.source_dir = DefaultPaths::SourceDir();
  vocabulary.is_profile = [&catalog](const std::string& name) {
    return catalog.Contains(name);
  };
  return vocabulary;
}

}  // namespace heapbound
