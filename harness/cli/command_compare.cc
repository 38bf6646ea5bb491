// `heapbound compare BASE HEAD [--out DIR]`: net peaks of two runs side by
// side; harness/compare/ does the work and writes compare.md and
// compare.json.
#include <fmt/format.h>

#include <memory>
#include <string>

#include "commands.h"
#include "compare.h"
#include "compare_output.h"
#include "exit_codes.h"

namespace heapbound {
namespace {

struct CompareFlags {
  std::string base;
  std::string head;
  std::string out;  // empty: HEAD's out dir
};

int RunCompare(const CompareFlags& flags) {
  Comparison comparison = CompareFiles(flags.base, flags.head);
  std::string out = flags.out.empty() ? OutDirOf(flags.head) : flags.out;
  WriteCompare(out, comparison);
  for (const CompareRow& row : comparison.rows) {
    if (row.change != Change::kGrew && row.change != Change::kShrank) continue;
    std::optional<double> percent = row.DeltaPercent();
    fmt::print("{:<7} {:<40} {} B -> {} B ({:+} B{})\n", ChangeName(row.change),
               row.Id(), *row.before, *row.after, row.DeltaBytes(),
               percent ? fmt::format(", {:+.2f} %", *percent) : "");
  }
  for (const CompareRow& row : comparison.rows) {
    if (row.change == Change::kNotCompared)
      fmt::print("not compared {}: {}\n", row.Id(), row.reason);
  }
  fmt::print("heapbound compare: {}; wrote {}/compare.md and compare.json\n",
             CompareCounts(comparison), out);
  return kExitPass;
}

}  // namespace

CommandRunner AddCompareCommand(CLI::App& app) {
  auto flags = std::make_shared<CompareFlags>();
  CLI::App* command = app.add_subcommand(
      "compare",
      "Compare the net peaks of two runs (results.json files or out dirs) "
      "and write compare.md and compare.json");
  command->add_option("BASE", flags->base, "The baseline run")->required();
  command->add_option("HEAD", flags->head, "The run to compare with it")
      ->required();
  command->add_option("--out", flags->out,
                      "Where compare.md and compare.json go (default: "
                      "HEAD's out dir)");
  return [flags] { return RunCompare(*flags); };
}

}  // namespace heapbound
