// `heapbound merge --out DIR IN...`: joins the out dirs of
// `heapbound run --shard I/N` into one run's outputs, gated like `run`
// with --baseline; harness/run/merge_run.h does the work.
#include <memory>
#include <string>
#include <vector>

#include "commands.h"
#include "default_paths.h"
#include "merge_run.h"

namespace heapbound {

CommandRunner AddMergeCommand(CLI::App& app) {
  auto flags = std::make_shared<MergeOptions>();
  flags->out = DefaultPaths::OutDir();
  CLI::App* merge = app.add_subcommand(
      "merge",
      "Join the out dirs of `run --shard I/N` (every shard of one run) into "
      "one run's results.json, junit.xml, summary.md, codequality.json, raw/ "
      "and timelines/");
  merge->add_option("--out", flags->out, "Output directory of the merged run")
      ->capture_default_str();
  merge->add_option("inputs", flags->inputs, "The shards' out dirs")
      ->required()
      ->type_name("DIR...");
  merge->add_option("--baseline", flags->baseline,
                    "A results.json or out dir to compare with; growth "
                    "beyond bounds.toml's max_growth fails (exit 1)");
  return [flags] { return RunMerge(*flags); };
}

}  // namespace heapbound
