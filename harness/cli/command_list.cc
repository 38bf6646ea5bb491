// heapbound list: the cases the driver knows, the fixture profiles, the
// measuring tools (and whether they can run here) and the bounds.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cstdio>
#include <memory>
#include <string>

#include "bound_expression.h"
#include "bounds_file.h"
#include "commands.h"
#include "config_error.h"
#include "default_paths.h"
#include "exit_codes.h"
#include "fixture_cache.h"
#include "run_context.h"
#include "tool_adapter.h"

namespace heapbound {
namespace {

struct ListFlags {
  std::string bounds = DefaultPaths::BoundsFile();
  std::string profiles = DefaultPaths::ProfilesFile();
  std::string driver;
  bool tools_only = false;
};

// Prints one registered tool per line: name, tab, summary (for scripts).
int ListTools() {
  for (const auto& tool : AllToolAdapters()) {
    fmt::print("{}\t{}\n", tool->name(), tool->summary());
  }
  return kExitPass;
}

std::string JoinNames(const std::vector<std::string>& names) {
  return fmt::format("{}", fmt::join(names, ", "));
}

int List(const ListFlags& flags) {
  if (flags.tools_only) return ListTools();
  int code = kExitPass;
  std::string driver = ResolveDriver(flags.driver);
  std::vector<CaseInfo> cases;
  fmt::print("cases ({} --list):\n", driver);
  try {
    cases = ListDriverCases(driver);
    for (const CaseInfo& info : cases)
      fmt::print("  {:<20} {}\n", info.name, info.summary);
  } catch (const std::exception& error) {
    fmt::print("  error: {}\n", error.what());
    code = kExitInfrastructure;
  }

  fmt::print("\nfixture profiles ({}):\n", flags.profiles);
  std::unique_ptr<ProfileCatalog> catalog;
  try {
    catalog =
        std::make_unique<ProfileCatalog>(ProfileCatalog::Load(flags.profiles));
    for (const ProfileSummary& profile : catalog->Summaries()) {
      fmt::print("  {:<20} ~{:<10} {}\n", profile.name,
                 HumanBytes(profile.approx_bytes), profile.description);
    }
  } catch (const ConfigError& error) {
    fmt::print("  error: {}\n", error.what());
    code = kExitUsage;
  }

  fmt::print("\ntools:\n");
  for (const auto& tool : AllToolAdapters()) {
    std::string why = tool->Unavailable();
    fmt::print(
        "  {:<20} {}\n", tool->name(),
        why.empty() ? "available: " + tool->summary() : "unavailable: " + why);
  }

  fmt::print("\nbounds ({}):\n", flags.bounds);
  if (cases.empty() || !catalog) {
    fmt::print(
        "  not checked: the cases or profiles above could not be read\n");
    return code;
  }
  try {
    BoundsFile bounds =
        LoadBoundsFile(flags.bounds, MakeVocabulary(cases, *catalog));
    fmt::print(
        "  defaults: tools {}; fixtures {}; baseline {}; cross-check {}\n",
        JoinNames(bounds.default_tools), JoinNames(bounds.default_fixtures),
        bounds.baseline_case, JoinNames(bounds.cross_check));
    for (const CaseBound& bound : bounds.cases) {
      fmt::print("  {:<20} max_peak = \"{}\"{}  [{}] on [{}]\n", bound.name,
                 bound.max_peak_text,
                 bound.expect == Expectation::kExceed
                     ? " (negative control: must exceed)"
                     : "",
                 JoinNames(bound.tools), JoinNames(bound.fixtures));
      if (bound.program) {
        fmt::print(
            "  {:<20} program: {}{}\n", "",
            fmt::join(bound.program->command, " "),
            bound.program->verify == Verify::kNone ? " (unverified)" : "");
      }
    }
    for (const Sweep& sweep : bounds.sweeps) {
      fmt::print("  sweep {:<14} {} under [{}] on [{}]\n", sweep.name,
                 sweep.cases.empty() ? "every case" : JoinNames(sweep.cases),
                 JoinNames(sweep.tools), JoinNames(sweep.fixtures));
    }
  } catch (const ConfigError& error) {
    fmt::print("  error: {}\n", error.what());
    code = kExitUsage;
  }
  return code;
}

}  // namespace

CommandRunner AddListCommand(CLI::App& app) {
  auto flags = std::make_shared<ListFlags>();
  CLI::App* list = app.add_subcommand(
      "list", "List cases, fixture profiles, tools and bounds");
  list->add_option("--bounds", flags->bounds, "Bounds file")
      ->capture_default_str();
  list->add_option("--profiles", flags->profiles, "Fixture profiles file")
      ->capture_default_str();
  list->add_option("--driver", flags->driver)->group("");
  list->add_flag("--tools", flags->tools_only,
                 "Print only the measuring tools, one per line: name, tab, "
                 "summary");
  return [flags] { return List(*flags); };
}

}  // namespace heapbound
