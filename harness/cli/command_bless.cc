// heapbound bless: rewrites the max_peak values of bounds.toml from the last
// run's results, keeping comments and the form of each bound, and prints
// the diff.
#include <fmt/format.h>

#include <cstdio>
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

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ": cannot read");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

int Bless(const BlessFlags& flags) {
  std::string driver = ResolveDriver(flags.driver);
  std::vector<CaseInfo> cases = ListDriverCases(driver);
  ProfileCatalog catalog = ProfileCatalog::Load(flags.profiles);
  std::string text = ReadText(flags.bounds);
  BoundsFile bounds =
      ParseBoundsFile(text, flags.bounds, MakeVocabulary(cases, catalog));
  std::string results_path = flags.out + "/results.json";
  std::string results;
  try {
    results = ReadText(results_path);
  } catch (const std::runtime_error&) {
    throw ConfigError(results_path +
                      ": no results to bless; run `heapbound run` first");
  }
  BlessOptions options;
  options.margin_percent = flags.margin;
  BlessPlan plan = ComputeBlessedBounds(results, results_path, bounds, options);
  BoundsRewrite rewrite = RewriteMaxPeaks(text, bounds, plan.bounds);
  for (const std::string& note : plan.notes)
    std::fprintf(stderr, "heapbound bless: %s\n", note.c_str());
  if (rewrite.diff.empty()) {
    std::printf(
        "heapbound bless: %s already matches the results (margin %.1f %%)\n",
        flags.bounds.c_str(), flags.margin);
    return kExitPass;
  }
  std::fputs(rewrite.diff.c_str(), stdout);
  if (flags.dry_run) {
    std::printf("heapbound bless: dry run, %s not changed\n",
                flags.bounds.c_str());
    return kExitPass;
  }
  std::string temporary = flags.bounds + ".bless-tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << rewrite.text;
    if (!out.flush()) throw std::runtime_error(temporary + ": cannot write");
  }
  if (std::rename(temporary.c_str(), flags.bounds.c_str()) != 0) {
    throw std::runtime_error(flags.bounds + ": cannot replace");
  }
  std::printf("heapbound bless: wrote %s (margin %.1f %%)\n",
              flags.bounds.c_str(), flags.margin);
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
  return [flags] {
    try {
      return Bless(*flags);
    } catch (const ConfigError& error) {
      std::fprintf(stderr, "heapbound bless: error: %s\n", error.what());
      return kExitUsage;
    } catch (const std::exception& error) {
      std::fprintf(stderr, "heapbound bless: error: %s\n", error.what());
      return kExitInfrastructure;
    }
  };
}

}  // namespace heapbound
