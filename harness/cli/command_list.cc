// heapbound list: the cases the driver knows, the fixture profiles, the
// measuring tools (and whether they can run here) and the bounds.
#include <fmt/format.h>

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
  std::string text;
  for (const std::string& name : names)
    text += (text.empty() ? "" : ", ") + name;
  return text;
}

int List(const ListFlags& flags) {
  if (flags.tools_only) return ListTools();
  int code = kExitPass;
  std::string driver = ResolveDriver(flags.driver);
  std::vector<CaseInfo> cases;
  std::printf("cases (%s --list):\n", driver.c_str());
  try {
    cases = ListDriverCases(driver);
    for (const CaseInfo& info : cases)
      std::printf("  %-20s %s\n", info.name.c_str(), info.summary.c_str());
  } catch (const std::exception& error) {
    std::printf("  error: %s\n", error.what());
    code = kExitInfrastructure;
  }

  std::printf("\nfixture profiles (%s):\n", flags.profiles.c_str());
  std::unique_ptr<ProfileCatalog> catalog;
  try {
    catalog =
        std::make_unique<ProfileCatalog>(ProfileCatalog::Load(flags.profiles));
    for (const ProfileSummary& profile : catalog->Summaries()) {
      std::printf("  %-20s ~%-10s %s\n", profile.name.c_str(),
                  HumanBytes(profile.approx_bytes).c_str(),
                  profile.description.c_str());
    }
  } catch (const ConfigError& error) {
    std::printf("  error: %s\n", error.what());
    code = kExitUsage;
  }

  std::printf("\ntools:\n");
  for (const auto& tool : AllToolAdapters()) {
    std::string why = tool->Unavailable();
    fmt::print(
        "  {:<20} {}\n", tool->name(),
        why.empty() ? "available: " + tool->summary() : "unavailable: " + why);
  }

  std::printf("\nbounds (%s):\n", flags.bounds.c_str());
  if (cases.empty() || !catalog) {
    std::printf(
        "  not checked: the cases or profiles above could not be read\n");
    return code;
  }
  try {
    BoundsFile bounds =
        LoadBoundsFile(flags.bounds, MakeVocabulary(cases, *catalog));
    std::printf(
        "  defaults: tools %s; fixtures %s; baseline %s; cross-check %s\n",
        JoinNames(bounds.default_tools).c_str(),
        JoinNames(bounds.default_fixtures).c_str(),
        bounds.baseline_case.c_str(), JoinNames(bounds.cross_check).c_str());
    for (const CaseBound& bound : bounds.cases) {
      std::printf("  %-20s max_peak = \"%s\"%s  [%s] on [%s]\n",
                  bound.name.c_str(), bound.max_peak_text.c_str(),
                  bound.expect == Expectation::kExceed
                      ? " (negative control: must exceed)"
                      : "",
                  JoinNames(bound.tools).c_str(),
                  JoinNames(bound.fixtures).c_str());
    }
    for (const Sweep& sweep : bounds.sweeps) {
      std::printf(
          "  sweep %-14s %s under [%s] on [%s]\n", sweep.name.c_str(),
          sweep.cases.empty() ? "every case" : JoinNames(sweep.cases).c_str(),
          JoinNames(sweep.tools).c_str(), JoinNames(sweep.fixtures).c_str());
    }
  } catch (const ConfigError& error) {
    std::printf("  error: %s\n", error.what());
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
