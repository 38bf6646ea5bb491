// heapbound fixtures: generates the fixture profiles or reuses them from the
// cache, one line per fixture; --verify re-reads cached fixtures against
// their manifests.
#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "byte_size.h"
#include "commands.h"
#include "default_paths.h"
#include "exit_codes.h"
#include "fixture_cache.h"

namespace heapbound {

namespace {

// The most differences printed per fixture by --verify.
constexpr std::size_t kMaxProblemsShown = 20;

struct FixturesOptions {
  std::vector<std::string> profiles;
  std::string cache = DefaultPaths::FixtureCache();
  std::string profiles_file = DefaultPaths::ProfilesFile();
  bool verify = false;
  bool regenerate = false;
};

// Returns the command that regenerates `profile` in the cache in use.
std::string Regenerate(const FixturesOptions& options,
                       const std::string& profile) {
  return RegenerateCommand(
      profile, options.cache == DefaultPaths::FixtureCache() ? std::string()
                                                             : options.cache);
}

void PrintLine(const std::string& profile, const char* status,
               const FixtureStats& stats, double seconds,
               const std::string& where) {
  fmt::print("{:<12} {:<9} {:>10} {:>7} files {:>8.2f} s  {}\n", profile,
             status, HumanBytes(stats.total_bytes), stats.files, seconds,
             where);
  std::fflush(stdout);
}

// Returns the profiles named on the command line (checked against the
// catalog), or every profile of the file.
std::vector<std::string> SelectProfiles(const ProfileCatalog& catalog,
                                        const FixturesOptions& options) {
  std::vector<std::string> names = options.profiles;
  if (names.empty()) {
    // Takes every profile of the file, in its order: tiny, small, seed,
    // edge and the ladder in the shipped profiles.toml.
    for (const ProfileSummary& summary : catalog.Summaries())
      names.push_back(summary.name);
  }
  for (const std::string& name : names) {
    // Verify names the file and the known profiles in its message.
    if (!catalog.Contains(name)) catalog.Verify(name, options.cache);
  }
  return names;
}

int EnsureFixtures(const ProfileCatalog& catalog,
                   const FixturesOptions& options) {
  const bool progress = ::isatty(STDERR_FILENO) == 1;
  for (const std::string& name : SelectProfiles(catalog, options)) {
    const Fixture fixture =
        catalog.Ensure(name, options.cache, progress, options.regenerate);
    if (!fixture.replaced_corrupt.empty()) {
      fmt::print(stderr,
                 "heapbound fixtures: the cached fixture '{}' was corrupt "
                 "({}); generated it again\n",
                 name, fixture.replaced_corrupt);
    }
    const char* status = !fixture.generated                 ? "reused"
                         : fixture.replaced_corrupt.empty() ? "generated"
                                                            : "repaired";
    PrintLine(fixture.profile, status, fixture.stats, fixture.seconds,
              fixture.root);
  }
  return kExitPass;
}

// Verifies the named profiles, or every profile the cache holds. Returns 1
// when one is corrupt, outdated or (named but) missing.
int VerifyFixtures(const ProfileCatalog& catalog,
                   const FixturesOptions& options) {
  int bad = 0;
  int checked = 0;
  for (const std::string& name : SelectProfiles(catalog, options)) {
    const FixtureVerification result = catalog.Verify(name, options.cache);
    if (result.state == FixtureState::kMissing && options.profiles.empty())
      continue;
    ++checked;
    PrintLine(name, FixtureStateName(result.state), result.stats,
              result.seconds, result.dir);
    for (std::size_t i = 0; i < result.problems.size() && i < kMaxProblemsShown;
         ++i) {
      fmt::print("  {}\n", result.problems[i]);
    }
    if (result.problems.size() > kMaxProblemsShown) {
      fmt::print("  ... and {} more\n",
                 result.problems.size() - kMaxProblemsShown);
    }
    if (result.state == FixtureState::kValid) continue;
    ++bad;
    fmt::print(
        stderr, "heapbound fixtures: fixture '{}' is {}; {} it with `{}`\n",
        name, FixtureStateName(result.state),
        result.state == FixtureState::kMissing ? "generate" : "regenerate",
        Regenerate(options, name));
  }
  if (checked == 0) {
    fmt::print("no fixture of {} is in {}\n", options.profiles_file,
               options.cache);
  }
  return bad == 0 ? kExitPass : kExitBoundBroken;
}

// Errors reach main.cc, which maps them to exit codes (ConfigError 2,
// FixtureError 3).
int RunFixtures(const FixturesOptions& options) {
  const ProfileCatalog catalog = ProfileCatalog::Load(options.profiles_file);
  return options.verify ? VerifyFixtures(catalog, options)
                        : EnsureFixtures(catalog, options);
}

}  // namespace

CommandRunner AddFixturesCommand(CLI::App& app) {
  auto options = std::make_shared<FixturesOptions>();
  CLI::App* command = app.add_subcommand(
      "fixtures", "Generate fixture profiles, or reuse them from the cache");
  command->add_option(
      "--profile", options->profiles,
      "Profile to generate (repeatable; default: every profile)");
  command->add_option("--cache", options->cache, "Fixture cache directory")
      ->capture_default_str();
  command->add_option("--profiles", options->profiles_file, "Profiles file")
      ->capture_default_str();
  CLI::Option* verify = command->add_flag(
      "--verify", options->verify,
      "Re-read cached fixtures (the named ones, else every cached one) "
      "against their manifests and list the files that differ; exits 1 when "
      "one is corrupt, outdated or missing. Never generates");
  command
      ->add_flag("--regenerate", options->regenerate,
                 "Generate the profiles even when a valid copy is cached")
      ->excludes(verify);
  return [options] { return RunFixtures(*options); };
}

}  // namespace heapbound
