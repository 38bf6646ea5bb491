#include "compare_output.h"

#include <fmt/format.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "output_file.h"
#include "text_encoding.h"

namespace heapbound {
namespace {

using OrderedJson = nlohmann::ordered_json;

std::string Bytes(const std::optional<std::uint64_t>& bytes) {
  return bytes ? fmt::format("{} B", *bytes) : "—";
}

std::string Delta(const CompareRow& row) {
  std::int64_t delta = row.DeltaBytes();
  return delta == 0 ? "0 B" : fmt::format("{:+} B", delta);
}

std::string Percent(const CompareRow& row) {
  std::optional<double> percent = row.DeltaPercent();
  if (!percent) return row.DeltaBytes() > 0 ? "new" : "—";
  return fmt::format("{:+.2f} %", *percent);
}

// Returns "`abc1234`" (+ " (dirty)") for a side's commit, or its path.
std::string SideName(const CompareSide& side) {
  if (!side.provenance || side.provenance->git_commit == "unknown")
    return fmt::format("`{}`", side.path);
  std::string name =
      fmt::format("`{}`", side.provenance->git_commit.substr(0, 10));
  if (side.provenance->git_dirty.value_or(false)) name += " (dirty)";
  return name;
}

bool AnyMaxGrowth(const Comparison& comparison) {
  for (const CompareRow& row : comparison.rows) {
    if (!row.max_growth.empty()) return true;
  }
  return false;
}

std::string ChangedTable(const Comparison& comparison) {
  bool gate = AnyMaxGrowth(comparison);
  std::string md =
      "| case | fixture | tool | base | head | delta | delta % | "
      "bound |";
  md += gate ? " max growth |\n" : "\n";
  md += "|---|---|---|---:|---:|---:|---:|---:|";
  md += gate ? "---:|\n" : "\n";
  for (const CompareRow& row : comparison.rows) {
    if (row.change != Change::kGrew && row.change != Change::kShrank) continue;
    std::string delta = Delta(row);
    if (row.over_max_growth) delta = "**" + delta + "**";
    md += fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} |",
                      row.case_name, row.fixture, row.tool, Bytes(row.before),
                      Bytes(row.after), delta, Percent(row), Bytes(row.bound));
    if (gate) {
      md +=
          fmt::format(" {}{} |", row.max_growth.empty() ? "—" : row.max_growth,
                      row.over_max_growth ? " **exceeded**" : "");
    }
    md += "\n";
  }
  return md;
}

std::string UnchangedBlock(const Comparison& comparison) {
  std::size_t count = comparison.Count(Change::kUnchanged);
  if (count == 0) return "";
  std::string md = fmt::format(
      "\n<details><summary>{} unchanged row{}</summary>\n\n"
      "| case | fixture | tool | net peak | bound |\n|---|---|---|---:|---:|\n",
      count, count == 1 ? "" : "s");
  for (const CompareRow& row : comparison.rows) {
    if (row.change != Change::kUnchanged) continue;
    md +=
        fmt::format("| {} | {} | {} | {} | {} |\n", row.case_name, row.fixture,
                    row.tool, Bytes(row.after), Bytes(row.bound));
  }
  return md + "\n</details>\n";
}

std::string OneSided(const Comparison& comparison, Change change,
                     const char* title) {
  if (comparison.Count(change) == 0) return "";
  std::string md = fmt::format(
      "\n### {}\n\n| case | fixture | tool | net peak | status |\n"
      "|---|---|---|---:|---|\n",
      title);
  for (const CompareRow& row : comparison.rows) {
    if (row.change != change) continue;
    bool added = change == Change::kAdded;
    md +=
        fmt::format("| {} | {} | {} | {} | {} |\n", row.case_name, row.fixture,
                    row.tool, Bytes(added ? row.after : row.before),
                    added ? row.head_status : row.base_status);
  }
  return md;
}

std::string NotCompared(const Comparison& comparison) {
  if (comparison.Count(Change::kNotCompared) == 0) return "";
  std::string md = "\n### Not compared\n\n";
  for (const CompareRow& row : comparison.rows) {
    if (row.change == Change::kNotCompared)
      md += fmt::format("- `{}`: {}\n", row.Id(), row.reason);
  }
  return md;
}

OrderedJson Optional(const std::optional<std::uint64_t>& value) {
  return value ? OrderedJson(*value) : OrderedJson(nullptr);
}

OrderedJson SideJson(const CompareSide& side) {
  OrderedJson json;
  json["results"] = side.path;
  const std::optional<Provenance>& p = side.provenance;
  json["git_commit"] = p ? OrderedJson(p->git_commit) : OrderedJson(nullptr);
  json["git_dirty"] =
      p && p->git_dirty ? OrderedJson(*p->git_dirty) : OrderedJson(nullptr);
  json["bounds_hash"] = p ? OrderedJson(p->bounds_hash) : OrderedJson(nullptr);
  json["finished_at"] = p ? OrderedJson(p->finished_at) : OrderedJson(nullptr);
  return json;
}

OrderedJson RowJson(const CompareRow& row) {
  bool both = row.before && row.after && row.change != Change::kNotCompared;
  std::optional<double> percent = row.DeltaPercent();
  OrderedJson json;
  json["case"] = row.case_name;
  json["fixture"] = row.fixture;
  json["tool"] = row.tool;
  json["change"] = ChangeName(row.change);
  json["base_net_peak_bytes"] = Optional(row.before);
  json["head_net_peak_bytes"] = Optional(row.after);
  json["delta_bytes"] =
      both ? OrderedJson(row.DeltaBytes()) : OrderedJson(nullptr);
  json["delta_percent"] =
      both && percent ? OrderedJson(*percent) : OrderedJson(nullptr);
  json["bound_bytes"] = Optional(row.bound);
  json["base_status"] = row.base_status.empty() ? OrderedJson(nullptr)
                                                : OrderedJson(row.base_status);
  json["head_status"] = row.head_status.empty() ? OrderedJson(nullptr)
                                                : OrderedJson(row.head_status);
  json["reason"] = row.reason;
  json["max_growth"] = row.max_growth.empty() ? OrderedJson(nullptr)
                                              : OrderedJson(row.max_growth);
  json["over_max_growth"] = row.over_max_growth;
  return json;
}

}  // namespace

std::string CompareCounts(const Comparison& comparison) {
  return fmt::format(
      "{} grew, {} shrank, {} unchanged, {} added, {} removed, {} not "
      "compared",
      comparison.Count(Change::kGrew), comparison.Count(Change::kShrank),
      comparison.Count(Change::kUnchanged), comparison.Count(Change::kAdded),
      comparison.Count(Change::kRemoved),
      comparison.Count(Change::kNotCompared));
}

std::string CompareMarkdown(const Comparison& comparison) {
  std::string md =
      fmt::format("## heapbound: net peak heap, {} → {}\n\n{}.\n",
                  SideName(comparison.base), SideName(comparison.head),
                  CompareCounts(comparison));
  if (comparison.Count(Change::kGrew) + comparison.Count(Change::kShrank) > 0)
    md += "\n" + ChangedTable(comparison);
  if (comparison.Count(Change::kShrank) > 0) {
    md +=
        "\nA shrunk peak is not a failure: `heapbound bless` lowers its "
        "bound so the gain is kept.\n";
  }
  md += UnchangedBlock(comparison);
  md += NotCompared(comparison);
  md += OneSided(comparison, Change::kAdded, "Added (only in head)");
  md += OneSided(comparison, Change::kRemoved, "Removed (only in base)");
  return ValidUtf8(md);
}

std::string CompareJson(const Comparison& comparison) {
  OrderedJson root;
  root["compare"] = 1;
  root["base"] = SideJson(comparison.base);
  root["head"] = SideJson(comparison.head);
  OrderedJson counts;
  for (Change change : {Change::kGrew, Change::kShrank, Change::kUnchanged,
                        Change::kAdded, Change::kRemoved, Change::kNotCompared})
    counts[ChangeName(change)] = comparison.Count(change);
  root["counts"] = std::move(counts);
  OrderedJson rows = OrderedJson::array();
  for (const CompareRow& row : comparison.rows) rows.push_back(RowJson(row));
  root["rows"] = std::move(rows);
  return root.dump(1, ' ', false, OrderedJson::error_handler_t::replace) + "\n";
}

void WriteCompare(const std::string& out_dir, const Comparison& comparison) {
  std::error_code error;
  std::filesystem::create_directories(out_dir, error);
  if (error)
    throw OutputError(SystemErrorText(out_dir, "cannot create", error.value()));
  WriteFileAtomically(out_dir + "/compare.md", CompareMarkdown(comparison));
  WriteFileAtomically(out_dir + "/compare.json", CompareJson(comparison));
}

}  // namespace heapbound
