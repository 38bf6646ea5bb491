#include "judge.h"

#include <fmt/format.h>

#include <algorithm>

#include "bound_expression.h"
#include "exit_codes.h"

namespace heapbound {
namespace {

constexpr std::size_t kTopSites = 5;

std::string BaselineKey(const std::string& tool, const std::string& fixture) {
  return tool + "\n" + fixture;
}

bool SameFrame(const Frame& a, const Frame& b) {
  return a.function == b.function && a.file == b.file && a.line == b.line;
}

// Returns the sites at the case's peak that the bare driver does not also
// have (the libstdc++ pool, the digest state): what the reader added.
std::vector<AllocationSite> SitesBeyondBaseline(
    const std::vector<AllocationSite>& sites,
    const std::vector<AllocationSite>& baseline) {
  std::vector<AllocationSite> kept;
  for (const AllocationSite& site : sites) {
    bool in_baseline = std::any_of(
        baseline.begin(), baseline.end(), [&](const AllocationSite& b) {
          return b.bytes == site.bytes &&
                 b.frames.size() == site.frames.size() &&
                 std::equal(b.frames.begin(), b.frames.end(),
                            site.frames.begin(), SameFrame);
        });
    if (!in_baseline) kept.push_back(site);
  }
  return kept;
}

std::string Bytes(std::uint64_t bytes) {
  return fmt::format("{} B ({})", bytes, HumanBytes(bytes));
}

void JudgeAgainstBound(JobResult& row) {
  std::uint64_t bound = *row.bound_bytes;
  std::uint64_t net = row.net_peak_bytes;
  if (row.expect == "fit") {
    if (net <= bound) {
      row.status = "pass";
    } else {
      row.status = "fail";
      row.message = fmt::format(
          "net peak {} exceeds the bound {} = {} by {} ({:+.1f} %)", Bytes(net),
          row.bound_expr, Bytes(bound), Bytes(net - bound),
          bound ? 100.0 * (net - bound) / bound : 100.0);
    }
  } else if (net > bound) {
    row.status = "xfail";
  } else {
    row.status = "xpass";
    row.message = fmt::format(
        "negative control stayed under its bound: net peak {} <= {} = {} ({} "
        "below); it must "
        "exceed it",
        Bytes(net), row.bound_expr, Bytes(bound), Bytes(bound - net));
  }
}

}  // namespace

std::vector<JobResult> Judge(
    const std::vector<JobOutcome>& outcomes,
    const std::map<std::string, FixtureStats>& fixtures,
    const std::vector<std::string>& cross_check) {
  std::map<std::string, const JobOutcome*> baselines;
  for (const JobOutcome& outcome : outcomes) {
    if (outcome.job.role == JobRole::kBaseline) {
      baselines[BaselineKey(outcome.job.tool, outcome.job.fixture)] = &outcome;
    }
  }
  std::vector<JobResult> results;
  results.reserve(outcomes.size());
  for (const JobOutcome& outcome : outcomes) {
    const Job& job = outcome.job;
    JobResult row;
    row.case_name = job.case_name;
    row.fixture = job.fixture;
    row.tool = job.tool;
    row.role = std::string(RoleName(job.role));
    row.expect = std::string(ExpectationName(job.expect));
    row.max_rss_bytes = outcome.max_rss_bytes;
    row.wall_seconds = outcome.wall_seconds;
    row.digest_ok = outcome.digest_ok;
    row.raw = outcome.raw;
    row.measured = outcome.measured;
    if (outcome.measured) {
      row.peak_bytes = outcome.measurement.peak_bytes;
      row.measurement = outcome.measurement;
      row.top_sites = outcome.measurement.top_sites;
      if (row.top_sites.size() > kTopSites) row.top_sites.resize(kTopSites);
    }
    auto stats = fixtures.find(job.fixture);
    if (job.bound && stats != fixtures.end()) {
      row.bound_bytes = job.bound->Evaluate(stats->second);
      row.bound_expr = job.bound_text;
    }
    if (!outcome.error.empty() && !outcome.hit_memory_cap) {
      row.status = "error";
      row.message = outcome.error;
    } else if (job.role == JobRole::kBaseline) {
      row.status = "pass";
      row.net_peak_bytes = row.peak_bytes;
    } else {
      auto found = baselines.find(BaselineKey(job.tool, job.fixture));
      if (found == baselines.end() || !found->second->measured) {
        row.status = "error";
        row.message = fmt::format(
            "no baseline for {} on {}: {}", job.tool, job.fixture,
            found == baselines.end() ? "not run" : found->second->error);
      } else {
        row.baseline_bytes = found->second->measurement.peak_bytes;
        row.top_sites =
            SitesBeyondBaseline(outcome.measurement.top_sites,
                                found->second->measurement.top_sites);
        if (row.top_sites.size() > kTopSites) row.top_sites.resize(kTopSites);
        // A case that allocates less than the bare driver has a net of 0.
        row.net_peak_bytes = row.peak_bytes > row.baseline_bytes
                                 ? row.peak_bytes - row.baseline_bytes
                                 : 0;
        if (!row.bound_bytes) {
          row.status = "error";
          row.message = fmt::format(
              "fixture '{}' has no statistics to evaluate the bound",
              job.fixture);
        } else {
          JudgeAgainstBound(row);
        }
      }
    }
    // The memory cap is a multiple of the bound: hitting it breaks it.
    if (outcome.hit_memory_cap && job.role == JobRole::kCase) {
      row.status = job.expect == Expectation::kExceed ? "xfail" : "fail";
      row.message = outcome.error;
    } else if (outcome.hit_memory_cap) {
      row.status = "error";
      row.message = outcome.error;
    }
    if (!row.measurement.timeline.empty()) {
      row.timeline = "timelines/" + row.Id() + ".json";
    }
    results.push_back(std::move(row));
  }

  // Cross-check: exact tools must give the same net peak.
  std::map<std::string, std::vector<JobResult*>> by_case;
  for (std::size_t i = 0; i < results.size(); ++i) {
    JobResult& row = results[i];
    bool checked = std::find(cross_check.begin(), cross_check.end(),
                             row.tool) != cross_check.end();
    // A peak cut short by the memory cap depends on each tool's overhead.
    if (row.role == "case" && checked && row.measured &&
        row.status != "error" && !outcomes[i].hit_memory_cap) {
      by_case[row.case_name + "\n" + row.fixture].push_back(&row);
    }
  }
  for (auto& [key, rows] : by_case) {
    bool agree =
        std::all_of(rows.begin(), rows.end(), [&](const JobResult* row) {
          return row->net_peak_bytes == rows.front()->net_peak_bytes;
        });
    if (agree) continue;
    std::string numbers;
    for (const JobResult* row : rows) {
      numbers += fmt::format(
          "{}{} {} B (peak {} - baseline {})", numbers.empty() ? "" : ", ",
          row->tool, row->net_peak_bytes, row->peak_bytes, row->baseline_bytes);
    }
    for (JobResult* row : rows) {
      row->status = "error";
      row->message =
          fmt::format("tools disagree on the net peak of {} on {}: {}",
                      row->case_name, row->fixture, numbers);
    }
  }
  return results;
}

int ExitCodeFor(const std::vector<JobResult>& results) {
  bool broken = false;
  for (const JobResult& row : results) {
    if (row.status == "error") return kExitInfrastructure;
    if (row.status == "fail" || row.status == "xpass") broken = true;
  }
  return broken ? kExitBoundBroken : kExitPass;
}

}  // namespace heapbound
