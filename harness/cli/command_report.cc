// `heapbound report [--out DIR] [RESULTS...]`: runs the matplotlib report
// program (reports/heapbound_report.py, Debian's /usr/bin/python3) on
// <out>/results.json and the timelines beside it; it writes <out>/report/.
// RESULTS (results.json files or folders, one per commit, oldest first) add
// the history picture.
#include <fmt/core.h>
#include <sys/stat.h>
#include <unistd.h>

#include <memory>
#include <string>
#include <vector>

#include "child_process.h"
#include "commands.h"
#include "default_paths.h"
#include "exit_codes.h"

namespace heapbound {
namespace {

constexpr char kPythonPackage[] = "python3-matplotlib";
// Exit codes of the report program (reports/hbreport/errors.py).
constexpr int kReportBadInput = 2;
constexpr int kReportMissingDependency = 3;

bool IsExecutable(const std::string& path) {
  struct stat info;
  return stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode) &&
         access(path.c_str(), X_OK) == 0;
}

bool IsFile(const std::string& path) {
  struct stat info;
  return stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode);
}

// Spawns the report program directly (no shell) and maps its exit status to
// heapbound's exit codes.
int RunReport(const std::string& out_dir,
              const std::vector<std::string>& history) {
  const std::string python = DefaultPaths::Python();
  const std::string script = DefaultPaths::ReportScript();
  if (!IsExecutable(python)) {
    fmt::print(stderr,
               "heapbound report: {} not found or not executable; install the "
               "Debian package {} (apt-get install {})\n",
               python, kPythonPackage, kPythonPackage);
    return kExitInfrastructure;
  }
  if (!IsFile(script)) {
    fmt::print(stderr, "heapbound report: report program {} is missing\n",
               script);
    return kExitInfrastructure;
  }
  const std::string results = out_dir + "/results.json";
  const std::string report_dir = out_dir + "/report";
  // -B: writes no __pycache__ into the source tree.
  ChildSpec spec;
  spec.argv = {python, "-B", script, results, "--out", report_dir};
  if (!history.empty()) {
    spec.argv.push_back("--history");
    spec.argv.insert(spec.argv.end(), history.begin(), history.end());
  }
  ChildResult child = RunChild(spec);
  if (!child.spawn_error.empty()) {
    fmt::print(stderr, "heapbound report: cannot start {}: {}\n", python,
               child.spawn_error);
    return kExitInfrastructure;
  }
  if (!child.exited) {
    fmt::print(stderr, "heapbound report: {} was killed by signal {} ({})\n",
               script, child.signal, SignalName(child.signal));
    return kExitInfrastructure;
  }
  switch (child.exit_code) {
    case 0:
      return kExitPass;
    case kReportBadInput:
      return kExitUsage;
    case kReportMissingDependency:
      return kExitInfrastructure;
    default:
      fmt::print(stderr, "heapbound report: {} failed with exit code {}\n",
                 script, child.exit_code);
      return kExitInfrastructure;
  }
}

}  // namespace

CommandRunner AddReportCommand(CLI::App& app) {
  CLI::App* command = app.add_subcommand(
      "report",
      "Write pictures, index.html and summary.md from a run's results into "
      "<out>/report/");
  auto out_dir = std::make_shared<std::string>(DefaultPaths::OutDir());
  command
      ->add_option("--out", *out_dir,
                   "Output directory of `heapbound run` (holds results.json)")
      ->capture_default_str();
  auto history = std::make_shared<std::vector<std::string>>();
  command->add_option("RESULTS", *history,
                      "Earlier runs for the history picture: results.json "
                      "files or folders of them, one per commit, oldest "
                      "first");
  return [out_dir, history] { return RunReport(*out_dir, *history); };
}

}  // namespace heapbound
