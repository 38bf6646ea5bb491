// heapbound-measure: runs one command under one measuring tool (or reads a
// finished run's raw output) and prints the measurement as one JSON line.
// For people and ci/bench-tools comparing the tools; `heapbound run` is the
// suite.
#include <CLI/CLI.hpp>
#include <iostream>
#include <nlohmann/json.hpp>

#include "child_process.h"
#include "default_paths.h"
#include "tool_adapter.h"

namespace heapbound {
namespace {

nlohmann::json ToJson(const Measurement& m, std::size_t max_points) {
  nlohmann::json sites = nlohmann::json::array();
  for (const AllocationSite& site : m.top_sites) {
    nlohmann::json frames = nlohmann::json::array();
    for (const Frame& f : site.frames) {
      frames.push_back(
          {{"function", f.function}, {"file", f.file}, {"line", f.line}});
    }
    sites.push_back({{"bytes", site.bytes}, {"frames", frames}});
  }
  nlohmann::json points = nlohmann::json::array();
  if (m.timeline.size() <= max_points) {
    for (const TimelinePoint& p : m.timeline)
      points.push_back({p.time, p.heap_bytes});
  }
  return {{"peak_bytes", m.peak_bytes},
          {"time_unit", m.time_unit},
          {"timeline_points", m.timeline.size()},
          {"timeline", points},
          {"top_sites", sites}};
}

// Exit codes: 0 measured and the command succeeded; 1 measured but the
// command failed (non-zero exit or a signal; the JSON line is printed);
// 2 bad usage, an unknown tool or a program that is not there; 3 the tool is
// missing or its output cannot be read.
constexpr int kExitOk = 0;
constexpr int kExitCommandFailed = 1;
constexpr int kExitUsage = 2;
constexpr int kExitTool = 3;

// Prints the JSON line; texts from files may hold any bytes, so invalid
// UTF-8 is replaced rather than thrown about.
void PrintLine(const nlohmann::json& out) {
  std::cout << out.dump(-1, ' ', false,
                        nlohmann::json::error_handler_t::replace)
            << "\n";
}

int Main(int argc, char** argv) {
  CLI::App app{"Measures one command's peak heap under " + ToolNamesText() +
               "."};
  std::string tool_name;
  std::string stem;
  bool parse_only = false;
  bool quiet = false;
  std::size_t max_points = 0;
  std::vector<std::string> command;
  app.add_option("--tool", tool_name, ToolNamesText())->required();
  app.add_option("--stem", stem, "raw output path without extension")
      ->required();
  app.add_flag("--parse", parse_only,
               "only read the raw output of a finished run");
  app.add_flag("--quiet", quiet,
               "send the command's stdout and stderr to /dev/null");
  app.add_option("--timeline", max_points,
                 "print the timeline if it has at most N points");
  app.add_option("command", command, "the command to measure (after --)");
  app.footer(
      "Exit codes: 0 measured, the command succeeded; 1 measured, the command "
      "failed (exit_status says how); 2 bad usage or no such program; 3 the "
      "tool is missing or its output unreadable.");
  CLI11_PARSE(app, argc, argv);

  std::unique_ptr<ToolAdapter> tool = MakeToolAdapter(tool_name);
  if (!tool) {
    std::cerr << "heapbound-measure: unknown tool '" << tool_name
              << "' (expected " << ToolNamesText() << ")\n";
    return kExitUsage;
  }
  nlohmann::json out = {{"tool", tool_name}};
  bool command_failed = false;
  if (!parse_only) {
    if (command.empty()) {
      std::cerr << "heapbound-measure: give the command after --\n";
      return kExitUsage;
    }
    if (FindOnPath(command[0]).empty()) {
      std::cerr << "heapbound-measure: " << command[0]
                << ": no such program (not a path to an executable, not on "
                   "PATH)\n";
      return kExitUsage;
    }
    std::string why = tool->Unavailable();
    if (!why.empty()) {
      std::cerr << "heapbound-measure: " << why << "\n";
      return kExitTool;
    }
    ChildSpec spec;
    spec.argv = tool->Wrap(command, stem);
    spec.environment = tool->Environment(stem);
    if (quiet) spec.stdout_path = spec.stderr_path = "/dev/null";
    spec.spawner = DefaultPaths::Spawner();  // max_rss of the command alone
    ChildResult child = RunChild(spec);
    if (!child.spawn_error.empty()) {
      std::cerr << "heapbound-measure: " << child.spawn_error << "\n";
      return kExitTool;
    }
    out["wall_seconds"] = child.wall_seconds;
    out["exit_status"] = child.ShellStatus();
    command_failed = child.ShellStatus() != 0;
  }
  try {
    out.update(ToJson(tool->Parse(stem), max_points));
  } catch (const ToolOutputError& error) {
    out["error"] = error.what();
    PrintLine(out);
    return kExitTool;
  }
  PrintLine(out);
  if (command_failed) {
    std::cerr << "heapbound-measure: the command failed (exit_status "
              << out["exit_status"] << ")\n";
    return kExitCommandFailed;
  }
  return kExitOk;
}

}  // namespace
}  // namespace heapbound

int main(int argc, char** argv) { return heapbound::Main(argc, argv); }
