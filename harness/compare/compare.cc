#include "compare.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <tuple>

namespace heapbound {
namespace {

using Key = std::tuple<std::string, std::string, std::string>;

std::map<Key, const ResultRow*> CaseRows(const ResultsFile& file) {
  std::map<Key, const ResultRow*> rows;
  for (const ResultRow& row : file.results) {
    if (row.role == JobRole::kCase)
      rows[{row.case_name, row.fixture, row.tool}] = &row;
  }
  return rows;
}

std::string Short(const std::string& hash) { return hash.substr(0, 12); }

// Returns why the fixture `profile` differs between the runs, or "".
std::string FixtureDifference(const ResultsFile& base, const ResultsFile& head,
                              const std::string& profile) {
  auto base_hash = base.definition_hashes.find(profile);
  auto head_hash = head.definition_hashes.find(profile);
  if (base_hash != base.definition_hashes.end() &&
      head_hash != head.definition_hashes.end()) {
    if (base_hash->second == head_hash->second) return "";
    return fmt::format(
        "fixture {} has another definition (definition_hash {} in base, {} "
        "in head)",
        profile, Short(base_hash->second), Short(head_hash->second));
  }
  // An older results.json has no definition hash: the tree digest tells.
  auto base_stats = base.fixtures.find(profile);
  auto head_stats = head.fixtures.find(profile);
  if (base_stats == base.fixtures.end() || head_stats == head.fixtures.end())
    return "";
  const std::string& a = base_stats->second.digest;
  const std::string& b = head_stats->second.digest;
  if (a.empty() || b.empty() || a == b) return "";
  return fmt::format(
      "fixture {} has other content (digest {} in base, {} in head)", profile,
      Short(a), Short(b));
}

CompareRow Both(const ResultRow& before, const ResultRow& after,
                const ResultsFile& base, const ResultsFile& head) {
  CompareRow row;
  row.before = before.net_peak_bytes;
  row.after = after.net_peak_bytes;
  row.bound = after.bound_bytes;
  row.base_status = StatusName(before.status);
  row.head_status = StatusName(after.status);
  row.reason = FixtureDifference(base, head, after.fixture);
  if (row.reason.empty() && (!row.before || before.status == Status::kError))
    row.reason = "not measured in base (error)";
  if (row.reason.empty() && (!row.after || after.status == Status::kError))
    row.reason = "not measured in head (error)";
  if (!row.reason.empty()) {
    row.change = Change::kNotCompared;
  } else if (*row.after > *row.before) {
    row.change = Change::kGrew;
  } else if (*row.after < *row.before) {
    row.change = Change::kShrank;
  } else {
    row.change = Change::kUnchanged;
  }
  return row;
}

// Orders rows for people: largest growth first, then shrinkage.
bool Before(const CompareRow& a, const CompareRow& b) {
  if (a.change != b.change) return a.change < b.change;
  if (a.change == Change::kGrew && a.DeltaBytes() != b.DeltaBytes())
    return a.DeltaBytes() > b.DeltaBytes();
  if (a.change == Change::kShrank && a.DeltaBytes() != b.DeltaBytes())
    return a.DeltaBytes() < b.DeltaBytes();
  return std::tie(a.case_name, a.fixture, a.tool) <
         std::tie(b.case_name, b.fixture, b.tool);
}

}  // namespace

const char* ChangeName(Change change) {
  switch (change) {
    case Change::kGrew:
      return "grew";
    case Change::kShrank:
      return "shrank";
    case Change::kUnchanged:
      return "unchanged";
    case Change::kAdded:
      return "added";
    case Change::kRemoved:
      return "removed";
    case Change::kNotCompared:
      return "not_compared";
  }
  return "unknown";
}

std::int64_t CompareRow::DeltaBytes() const {
  if (!before || !after) return 0;
  return *after >= *before ? static_cast<std::int64_t>(*after - *before)
                           : -static_cast<std::int64_t>(*before - *after);
}

std::optional<double> CompareRow::DeltaPercent() const {
  if (!before || !after || *before == 0) return std::nullopt;
  return 100.0 * static_cast<double>(DeltaBytes()) /
         static_cast<double>(*before);
}

std::string CompareRow::Id() const {
  return fmt::format("{}.{}.{}", case_name, fixture, tool);
}

std::size_t Comparison::Count(Change change) const {
  return std::count_if(rows.begin(), rows.end(), [change](const CompareRow& r) {
    return r.change == change;
  });
}

std::string ResultsPathOf(const std::string& file_or_dir) {
  std::error_code ignored;
  if (std::filesystem::is_directory(file_or_dir, ignored))
    return (std::filesystem::path(file_or_dir) / "results.json").string();
  return file_or_dir;
}

std::string OutDirOf(const std::string& file_or_dir) {
  std::error_code ignored;
  if (std::filesystem::is_directory(file_or_dir, ignored)) return file_or_dir;
  std::string parent =
      std::filesystem::path(file_or_dir).parent_path().string();
  return parent.empty() ? "." : parent;
}

Comparison CompareResults(const ResultsFile& base, const ResultsFile& head,
                          const std::string& base_path,
                          const std::string& head_path) {
  Comparison comparison;
  comparison.base = {base_path, base.provenance};
  comparison.head = {head_path, head.provenance};
  std::map<Key, const ResultRow*> before = CaseRows(base);
  std::map<Key, const ResultRow*> after = CaseRows(head);
  for (const auto& [key, row] : after) {
    auto old = before.find(key);
    CompareRow compared;
    if (old == before.end()) {
      compared.change = Change::kAdded;
      compared.after = row->net_peak_bytes;
      compared.bound = row->bound_bytes;
      compared.head_status = StatusName(row->status);
    } else {
      compared = Both(*old->second, *row, base, head);
    }
    std::tie(compared.case_name, compared.fixture, compared.tool) = key;
    comparison.rows.push_back(std::move(compared));
  }
  for (const auto& [key, row] : before) {
    if (after.count(key) != 0) continue;
    CompareRow removed;
    std::tie(removed.case_name, removed.fixture, removed.tool) = key;
    removed.change = Change::kRemoved;
    removed.before = row->net_peak_bytes;
    removed.bound = row->bound_bytes;
    removed.base_status = StatusName(row->status);
    comparison.rows.push_back(std::move(removed));
  }
  std::sort(comparison.rows.begin(), comparison.rows.end(), Before);
  return comparison;
}

Comparison CompareFiles(const std::string& base, const std::string& head) {
  std::string base_path = ResultsPathOf(base);
  std::string head_path = ResultsPathOf(head);
  return CompareResults(ReadResultsFile(base_path), ReadResultsFile(head_path),
                        base_path, head_path);
}

}  // namespace heapbound
