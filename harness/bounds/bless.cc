#include "bless.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <utility>

namespace heapbound {
namespace {

std::uint64_t RoundUp(std::uint64_t value, std::uint64_t granularity) {
  if (granularity <= 1) return value;
  return (value + granularity - 1) / granularity * granularity;
}

// What the samples of one case ask of its bound.
struct Need {
  bool any = false;
  bool blocked = false;
  std::int64_t constant = 0;  // the largest residual: net peak - terms
  std::int64_t loose = 0;     // how far the terms alone overshoot a net peak
  std::string why;
};

void AddSample(Need& need, const BlessSample& sample, const CaseBound& bound) {
  if (!sample.judged) {
    need.blocked = true;
    need.why = fmt::format("{} on {} under {} is {}", sample.case_name,
                           sample.fixture, sample.tool, sample.status);
    return;
  }
  // The margin applies to what the statistic terms do not explain, so an
  // expression like `max_file + 4 KiB` stays tight on a 256 MiB file.
  std::int64_t net = static_cast<std::int64_t>(sample.net_peak_bytes);
  std::int64_t terms = static_cast<std::int64_t>(
      bound.max_peak.WithConstant(0).Evaluate(sample.stats));
  std::int64_t residual = net - terms;
  if (!need.any || residual > need.constant) need.constant = residual;
  if (terms > net + net / 4 && terms - net > 4096) {
    need.loose = std::max(need.loose, terms - net);
  }
  need.any = true;
}

// Returns the constant for a case whose largest residual is `residual`: the
// margin on top, rounded up, and always at least one granularity step above
// the residual so the bound never sits exactly on a measured peak (a peak of
// 0 or one the terms explain exactly would otherwise get no headroom).
std::uint64_t ConstantFor(std::int64_t residual, const BlessOptions& options) {
  if (residual < 0) return 0;  // the terms alone already leave headroom
  std::uint64_t step = std::max<std::uint64_t>(options.granularity, 1);
  double wanted = std::ceil(static_cast<double>(residual) *
                            (1 + options.margin_percent / 100));
  std::uint64_t with_margin =
      RoundUp(static_cast<std::uint64_t>(wanted), options.granularity);
  std::uint64_t one_step =
      RoundUp(static_cast<std::uint64_t>(residual) + step, options.granularity);
  return std::max(with_margin, one_step);
}

// Returns the fixtures the default suite runs: [defaults] and the sweeps'.
std::set<std::string> SuiteFixtures(const BoundsFile& bounds) {
  std::set<std::string> fixtures(bounds.default_fixtures.begin(),
                                 bounds.default_fixtures.end());
  for (const Sweep& sweep : bounds.sweeps)
    fixtures.insert(sweep.fixtures.begin(), sweep.fixtures.end());
  return fixtures;
}

}  // namespace

BlessPlan ComputeBlessedBounds(const std::vector<BlessSample>& samples,
                               const BoundsFile& bounds,
                               const BlessOptions& options) {
  std::map<std::string, Need> needs;
  BlessPlan plan;
  std::set<std::string> suite = SuiteFixtures(bounds);
  std::set<std::pair<std::string, std::string>> warned;
  for (const BlessSample& sample : samples) {
    const CaseBound* bound = bounds.Find(sample.case_name);
    if (bound == nullptr || bound->expect == Expectation::kExceed) continue;
    AddSample(needs[sample.case_name], sample, *bound);
    if (sample.judged && suite.count(sample.fixture) == 0 &&
        warned.emplace(sample.case_name, sample.fixture).second) {
      plan.notes.push_back(fmt::format(
          "warning: blessing {} from fixture {}, which the default suite "
          "({}) does not use",
          sample.case_name, sample.fixture, bounds.path));
    }
  }
  for (const auto& [name, need] : needs) {
    const CaseBound* bound = bounds.Find(name);
    if (need.blocked) {
      plan.notes.push_back(fmt::format("left {} alone: {}", name, need.why));
      continue;
    }
    if (!need.any) continue;
    std::uint64_t constant = ConstantFor(need.constant, options);
    if (need.loose > 0) {
      plan.notes.push_back(
          fmt::format("{}: the statistic terms of \"{}\" alone exceed a net "
                      "peak by {} B; the bound stays loose until the "
                      "coefficient is lowered by hand",
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
