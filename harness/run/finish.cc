#include "finish.h"

#include <fmt/format.h>

#include <cstdio>

#include "compare_output.h"
#include "exit_codes.h"
#include "growth_gate.h"
#include "output_file.h"
#include "summary_cells.h"
#include "terminal_report.h"

namespace heapbound {

int FinishJudgedRun(const JudgedRun& run) {
  int code = ExitCodeFor(run.results);
  std::string written = fmt::format("results in {}/results.json", run.out_dir);
  try {
    WriteCodeQuality(run.out_dir, run.results, run.annotations);
    // Before results.json, which stays the last file of a complete set.
    if (run.comparison) WriteCompare(run.out_dir, *run.comparison);
    run.write_set(run.results);
  } catch (const OutputError& error) {
    RemoveCodeQuality(run.out_dir);
    fmt::print(stderr, "heapbound {}: error: {}\n", run.command, error.what());
    code = kExitInfrastructure;
    written = "no results written";
  }
  fmt::print("{}\n", SummaryTable(run.results));
  PrintProblems(stdout, run.results);
  if (run.comparison) PrintGrowth(stdout, *run.comparison);
  if (InGithubActions())
    fmt::print("{}", GithubAnnotations(run.results, run.annotations));
  fmt::print("\nheapbound {}: {}{}{}; exit {}; {}\n", run.command,
             run.counts_prefix, StatusCounts(run.results), run.counts_suffix,
             code, written);
  std::fflush(stdout);
  return code;
}

}  // namespace heapbound
