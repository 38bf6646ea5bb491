// `heapbound merge --out DIR IN...`: joins the out dirs of
// `heapbound run --shard I/N` into one run's outputs; harness/run/merge.h
// does the work.
#include <fmt/format.h>

#include <memory>
#include <string>
#include <vector>

#include "commands.h"
#include "default_paths.h"
#include "merge.h"
#include "summary_cells.h"
#include "terminal_report.h"

namespace heapbound {
namespace {

struct MergeFlags {
  std::string out = DefaultPaths::OutDir();
  std::vector<std::string> inputs;
};

int RunMerge(const MergeFlags& flags) {
  std::vector<ShardInput> shards;
  for (const std::string& dir : flags.inputs) shards.push_back(ReadShard(dir));
  MergedResults merged = MergeShards(std::move(shards));
  WriteMerged(flags.out, merged);
  std::vector<JobResult> results;
  for (const ResultRow& row : merged.rows) results.push_back(ToJobResult(row));
  int code = ExitCodeFor(results);
  fmt::print("{}\n", SummaryTable(results));
  PrintProblems(stdout, results);
  fmt::print(
      "\nheapbound merge: {} shards; {}; exit {}; results in {}/results.json\n",
      merged.dirs.size(), StatusCounts(results), code, flags.out);
  std::fflush(stdout);
  return code;
}

}  // namespace

CommandRunner AddMergeCommand(CLI::App& app) {
  auto flags = std::make_shared<MergeFlags>();
  CLI::App* merge = app.add_subcommand(
      "merge",
      "Join the out dirs of `run --shard I/N` (every shard of one run) into "
      "one run's results.json, junit.xml, summary.md, raw/ and timelines/");
  merge->add_option("--out", flags->out, "Output directory of the merged run")
      ->capture_default_str();
  merge->add_option("inputs", flags->inputs, "The shards' out dirs")
      ->required()
      ->type_name("DIR...");
  return [flags] { return RunMerge(*flags); };
}

}  // namespace heapbound
