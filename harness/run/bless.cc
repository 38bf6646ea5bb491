#include "bless.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace heapbound {
namespace {

using Json = nlohmann::json;

FixtureStats StatsFromJson(const Json& json) {
  FixtureStats stats;
  stats.total_bytes = json.at("total_bytes").get<std::uint64_t>();
  stats.files = json.at("files").get<std::uint64_t>();
  stats.max_file = json.at("max_file").get<std::uint64_t>();
  stats.max_line = json.at("max_line").get<std::uint64_t>();
  return stats;
}

std::uint64_t RoundUp(std::uint64_t value, std::uint64_t granularity) {
  if (granularity <= 1) return value;
  return (value + granularity - 1) / granularity * granularity;
}

}  // namespace

BlessPlan ComputeBlessedBounds(const std::string& results_json,
                               const std::string& results_path,
                               const BoundsFile& bounds,
                               const BlessOptions& options) {
  Json root = Json::parse(results_json, nullptr, false);
  if (root.is_discarded() || !root.is_object()) {
    throw std::runtime_error(results_path +
                             ": not JSON; run `heapbound run` first");
  }
  if (root.value("schema", 0) != 1 || !root.contains("results") ||
      !root.contains("fixtures")) {
    throw std::runtime_error(
        results_path + ": expected a heapbound results.json with schema 1");
  }
  std::map<std::string, FixtureStats> fixtures;
  try {
    for (const auto& [name, stats] : root["fixtures"].items())
      fixtures[name] = StatsFromJson(stats);
  } catch (const Json::exception& error) {
    throw std::runtime_error(
        fmt::format("{}: bad fixtures entry: {}", results_path, error.what()));
  }

  struct Need {
    bool any = false;
    bool blocked = false;
    std::int64_t constant = 0;  // the largest residual: net peak - terms
    std::int64_t loose = 0;     // how far the terms alone overshoot a net peak
    std::string why;
  };
  std::map<std::string, Need> needs;
  BlessPlan plan;
  for (const Json& row : root["results"]) {
    if (row.value("role", "") != "case") continue;
    std::string name = row.value("case", "");
    const CaseBound* bound = bounds.Find(name);
    if (bound == nullptr || bound->expect == Expectation::kExceed) continue;
    Need& need = needs[name];
    std::string status = row.value("status", "");
    if (status != "pass" && status != "fail") {
      need.blocked = true;
      need.why =
          fmt::format("{} on {} under {} is {}", name, row.value("fixture", ""),
                      row.value("tool", ""), status);
      continue;
    }
    auto stats = fixtures.find(row.value("fixture", ""));
    if (stats == fixtures.end()) {
      throw std::runtime_error(
          fmt::format("{}: fixture '{}' of a result is not in \"fixtures\"",
                      results_path, row.value("fixture", "")));
    }
    // The margin applies to what the statistic terms do not explain, so an
    // expression like `max_file + 4 KiB` stays tight on a 256 MiB file.
    std::int64_t net = static_cast<std::int64_t>(
        row.at("net_peak_bytes").get<std::uint64_t>());
    std::int64_t terms = static_cast<std::int64_t>(
        bound->max_peak.WithConstant(0).Evaluate(stats->second));
    std::int64_t residual = net - terms;
    if (!need.any || residual > need.constant) need.constant = residual;
    if (terms > net + net / 4 && terms - net > 4096) {
      need.loose = std::max(need.loose, terms - net);
    }
    need.any = true;
  }
  for (const auto& [name, need] : needs) {
    const CaseBound* bound = bounds.Find(name);
    if (need.blocked) {
      plan.notes.push_back(fmt::format("left {} alone: {}", name, need.why));
      continue;
    }
    if (!need.any) continue;
    std::uint64_t constant = 0;
    if (need.constant > 0) {
      double wanted = std::ceil(static_cast<double>(need.constant) *
                                (1 + options.margin_percent / 100));
      constant =
          RoundUp(static_cast<std::uint64_t>(wanted), options.granularity);
    }
    if (need.loose > 0) {
      plan.notes.push_back(
          fmt::format("{}: the statistic terms of \"{}\" alone exceed a net "
                      "peak by {} B; the bound "
                      "stays loose until the coefficient is lowered by hand",
                      name, bound->max_peak_text, need.loose));
    }
    plan.bounds[name] = bound->max_peak.WithConstant(constant);
  }
  for (const CaseBound& bound : bounds.cases) {
    if (bound.expect == Expectation::kExceed) {
      plan.notes.push_back(
          fmt::format("left {} alone: it is a negative control", bound.name));
    } else if (needs.find(bound.name) == needs.end()) {
      plan.notes.push_back(
          fmt::format("left {} alone: not in the results", bound.name));
    }
  }
  return plan;
}

}  // namespace heapbound
