// heapbound bless: rewrites the max_peak values of bounds.toml from the last
// run's results, keeping comments and the form of each bound, and prints
// the diff.
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "bless.h"
#include "bounds_file.h"
#include "bounds_rewrite.h"
#include "commands.h"
#include "config_error.h"
#include "default_paths.h"
#include "exit_codes.h"
#include "fixture_cache.h"
#include "output_file.h"
#include "results_reader.h"
#include "run_context.h"

namespace heapbound {
namespace {

struct BlessFlags {
  double margin = 10;
  std::string out = DefaultPaths::OutDir();
  std::string bounds = DefaultPaths::BoundsFile();
  std::string profiles = DefaultPaths::ProfilesFile();
  std::string driver;
  bool dry_run = false;
};

// Reads the bounds file; a missing or unreadable one is a usage error.
std::string ReadBoundsText(const std::string& path) {
  std::error_code ignored;
  if (std::filesystem::is_directory(path, ignored))
    throw ConfigError(path + ": is a directory, expected a bounds file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError(path + ": cannot read");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Returns the case rows of a run as bless reads them.
std::vector<BlessSample> SamplesOf(const ResultsFile& results) {
  std::vector<BlessSample> samples;
  for (const ResultRow& row : results.results) {
    if (row.role != JobRole::kCase) continue;
    BlessSample sample;
    sample.case_name = row.case_name;
    sample.fixture = row.fixture;
    sample.tool = row.tool;
    sample.status = std::string(StatusName(row.status));
    sample.judged = row.status == Status::kPass || row.status == Status::kFail;
    if (sample.judged) {
      // The reader checked that judged rows have both.
      sample.stats = results.fixtures.at(row.fixture);
      sample.net_peak_bytes = row.net_peak_bytes.value_or(0);
    }
    samples.push_back(std::move(sample));
  }
  return samples;
}

int Bless(const BlessFlags& flags) {
  std::string driver = ResolveDriver(flags.driver);
  std::vector<CaseInfo> cases = ListDriverCases(driver);
  ProfileCatalog catalog = ProfileCatalog::Load(flags.profiles);
  std::string text = ReadBoundsText(flags.bounds);
  BoundsFile bounds =
      ParseBoundsFile(text, flags.bounds, MakeVocabulary(cases, catalog));
  ResultsFile results = ReadResultsFile(flags.out + "/results.json");
  BlessOptions options;
  options.margin_percent = flags.margin;
  BlessPlan plan = ComputeBlessedBounds(SamplesOf(results), bounds, options);
  BoundsRewrite rewrite = RewriteMaxPeaks(text, bounds, plan.bounds);
  for (const std::string& note : plan.notes)
    fmt::print(stderr, "heapbound bless: {}\n", note);
  if (rewrite.diff.empty()) {
    fmt::print(
        "heapbound bless: {} already matches the results (margin "
        "{:.1f} %)\n",
        flags.bounds, flags.margin);
    return kExitPass;
  }
  fmt::print("{}", rewrite.diff);
  if (flags.dry_run) {
    fmt::print("heapbound bless: dry run, {} not changed\n", flags.bounds);
    return kExitPass;
  }
  WriteFileAtomically(flags.bounds, rewrite.text);
  fmt::print("heapbound bless: wrote {} (margin {:.1f} %)\n", flags.bounds,
             flags.margin);
  return kExitPass;
}

}  // namespace

CommandRunner AddBlessCommand(CLI::App& app) {
  auto flags = std::make_shared<BlessFlags>();
  CLI::App* bless = app.add_subcommand(
      "bless",
      "Rewrite max_peak bounds from the last results and print the diff");
  bless
      ->add_option("--margin", flags->margin,
                   "Percent of head-room above the largest net peak")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1000.0));
  bless->add_option("--out", flags->out, "Output directory of the run to bless")
      ->capture_default_str();
  bless->add_option("--bounds", flags->bounds, "Bounds file to rewrite")
      ->capture_default_str();
  bless->add_option("--profiles", flags->profiles, "Fixture profiles file")
      ->capture_default_str();
  bless->add_flag("--dry-run", flags->dry_run,
                  "Print the diff without writing");
  bless->add_option("--driver", flags->driver)->group("");
  return [flags] { return Bless(*flags); };
}

}  // namespace heapbound
