// The one table of measuring tools. Adding a tool: its adapter file (which
// carries its name, package, summary, cost and exactness) and one line in
// kFactories; `heapbound list`, help texts, the runner's scheduling, the
// default cross-check, ci/bench-* and the report take it from here.
#include "child_process.h"
#include "heaptrack.h"
#include "massif.h"
#include "tool_adapter.h"
#include "track.h"

namespace heapbound {
namespace {

template <typename Adapter>
std::unique_ptr<ToolAdapter> Make() {
  return std::make_unique<Adapter>();
}

using Factory = std::unique_ptr<ToolAdapter> (*)();

constexpr Factory kFactories[] = {
    &Make<MassifAdapter>,
    &Make<HeaptrackAdapter>,
    &Make<TrackAdapter>,
};

}  // namespace

std::vector<std::unique_ptr<ToolAdapter>> AllToolAdapters() {
  std::vector<std::unique_ptr<ToolAdapter>> tools;
  for (Factory make : kFactories) tools.push_back(make());
  return tools;
}

std::unique_ptr<ToolAdapter> MakeToolAdapter(const std::string& name) {
  for (Factory make : kFactories) {
    std::unique_ptr<ToolAdapter> tool = make();
    if (tool->name() == name) return tool;
  }
  return nullptr;
}

std::string VersionLine(const std::vector<std::string>& argv) {
  ChildSpec spec;
  spec.argv = argv;
  spec.capture_stdout = true;
  spec.capture_stderr = true;
  spec.timeout_seconds = 30;
  ChildResult result = RunChild(spec);
  std::string line =
      result.stdout_text.substr(0, result.stdout_text.find('\n'));
  while (!line.empty() && (line.back() == '\r' || line.back() == ' '))
    line.pop_back();
  if (!result.spawn_error.empty() || !result.exited || result.exit_code != 0 ||
      line.empty()) {
    return "unknown";
  }
  return line;
}

std::vector<std::string> ToolNames() {
  std::vector<std::string> names;
  for (const auto& tool : AllToolAdapters()) names.push_back(tool->name());
  return names;
}

std::vector<std::string> ExactToolNames() {
  std::vector<std::string> names;
  for (const auto& tool : AllToolAdapters()) {
    if (tool->exact()) names.push_back(tool->name());
  }
  return names;
}

std::string ToolNamesText(const std::string& last_separator) {
  std::vector<std::string> names = ToolNames();
  std::string text;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) text += i + 1 == names.size() ? last_separator : ", ";
    text += names[i];
  }
  return text;
}

double ToolCostFactor(const std::string& name) {
  std::unique_ptr<ToolAdapter> tool = MakeToolAdapter(name);
  return tool ? tool->cost_factor() : 1.0;
}

}  // namespace heapbound
