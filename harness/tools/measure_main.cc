// heapbound-measure: runs one command under one measuring tool (or reads a
// finished run's raw output) and prints the measurement as one JSON line.
// For people and ci/bench-tools comparing the tools; `heapbound run` is the
// suite.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <iostream>
#include <nlohmann/json.hpp>

#include "tool_adapter.h"

extern char** environ;

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

// Runs argv with the extra environment; returns the wait status.
int Spawn(std::vector<std::string> argv,
          const std::vector<std::pair<std::string, std::string>>& extra,
          bool quiet) {
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) env.emplace_back(*e);
  for (const auto& [key, value] : extra) env.push_back(key + "=" + value);
  std::vector<char*> c_argv, c_env;
  for (std::string& a : argv) c_argv.push_back(a.data());
  for (std::string& e : env) c_env.push_back(e.data());
  c_argv.push_back(nullptr);
  c_env.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (quiet) {
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  }
  pid_t pid = 0;
  int error = posix_spawnp(&pid, c_argv[0], &actions, nullptr, c_argv.data(),
                           c_env.data());
  posix_spawn_file_actions_destroy(&actions);
  if (error != 0)
    throw std::runtime_error(argv[0] + ": " + std::strerror(error));
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

int Main(int argc, char** argv) {
  CLI::App app{
      "Measures one command's peak heap under massif, heaptrack or track."};
  std::string tool_name;
  std::string stem;
  bool parse_only = false;
  bool quiet = false;
  std::size_t max_points = 0;
  std::vector<std::string> command;
  app.add_option("--tool", tool_name, "massif, heaptrack or track")->required();
  app.add_option("--stem", stem, "raw output path without extension")
      ->required();
  app.add_flag("--parse", parse_only,
               "only read the raw output of a finished run");
  app.add_flag("--quiet", quiet,
               "send the command's stdout and stderr to /dev/null");
  app.add_option("--timeline", max_points,
                 "print the timeline if it has at most N points");
  app.add_option("command", command, "the command to measure (after --)");
  CLI11_PARSE(app, argc, argv);

  std::unique_ptr<ToolAdapter> tool = MakeToolAdapter(tool_name);
  if (!tool) {
    std::cerr << "heapbound-measure: unknown tool '" << tool_name << "'\n";
    return 2;
  }
  nlohmann::json out = {{"tool", tool_name}};
  if (!parse_only) {
    if (command.empty()) {
      std::cerr << "heapbound-measure: give the command after --\n";
      return 2;
    }
    std::string why = tool->Unavailable();
    if (!why.empty()) {
      std::cerr << "heapbound-measure: " << why << "\n";
      return 3;
    }
    auto start = std::chrono::steady_clock::now();
    int status =
        Spawn(tool->Wrap(command, stem), tool->Environment(stem), quiet);
    out["wall_seconds"] =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count();
    out["exit_status"] =
        WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  try {
    out.update(ToJson(tool->Parse(stem), max_points));
  } catch (const ToolOutputError& error) {
    out["error"] = error.what();
    std::cout << out.dump() << "\n";
    return 3;
  }
  std::cout << out.dump() << "\n";
  return 0;
}

}  // namespace
}  // namespace heapbound

int main(int argc, char** argv) { return heapbound::Main(argc, argv); }
