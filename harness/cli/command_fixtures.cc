// heapbound fixtures: generates the fixture profiles or reuses them from the
// cache, one line per fixture.
#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "commands.h"
#include "config_error.h"
#include "default_paths.h"
#include "exit_codes.h"
#include "fixture_cache.h"

namespace heapbound {

namespace {

struct FixturesOptions {
  std::vector<std::string> profiles;
  std::string cache = DefaultPaths::FixtureCache();
  std::string profiles_file = DefaultPaths::ProfilesFile();
};

std::string HumanBytes(std::uint64_t bytes) {
  if (bytes >= (1ull << 30))
    return fmt::format("{:.1f} GiB", bytes / 1073741824.0);
  if (bytes >= (1ull << 20))
    return fmt::format("{:.1f} MiB", bytes / 1048576.0);
  if (bytes >= (1ull << 10)) return fmt::format("{:.1f} KiB", bytes / 1024.0);
  return fmt::format("{} B", bytes);
}

int RunFixtures(const FixturesOptions& options) {
  try {
    const ProfileCatalog catalog = ProfileCatalog::Load(options.profiles_file);
    std::vector<std::string> names = options.profiles;
    if (names.empty()) {
      // Takes every profile of the file, in its order: tiny, small, seed,
      // edge and the ladder in the shipped profiles.toml.
      for (const ProfileSummary& summary : catalog.Summaries())
        names.push_back(summary.name);
    }
    for (const std::string& name : names) {
      if (!catalog.Contains(name)) {
        // Ensure names the file and the known profiles in its message.
        catalog.Ensure(name, options.cache, false);
      }
    }
    const bool progress = ::isatty(STDERR_FILENO) == 1;
    for (const std::string& name : names) {
      const Fixture fixture = catalog.Ensure(name, options.cache, progress);
      std::printf("%-12s %-9s %10s %7llu files %8.2f s  %s\n",
                  fixture.profile.c_str(),
                  fixture.generated ? "generated" : "reused",
                  HumanBytes(fixture.stats.total_bytes).c_str(),
                  static_cast<unsigned long long>(fixture.stats.files),
                  fixture.seconds, fixture.root.c_str());
      std::fflush(stdout);
    }
    return kExitPass;
  } catch (const ConfigError& error) {
    std::fprintf(stderr, "heapbound fixtures: %s\n", error.what());
    return kExitUsage;
  } catch (const FixtureError& error) {
    std::fprintf(stderr, "heapbound fixtures: %s\n", error.what());
    return kExitInfrastructure;
  }
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
  return [options] { return RunFixtures(*options); };
}

}  // namespace heapbound
