#include "results_writer.h"

#include <fmt/format.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "folded_stacks.h"
#include "output_file.h"
#include "summary_cells.h"
#include "text_encoding.h"

namespace heapbound {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

constexpr int kSchema = 1;

// Serialises `json`; invalid UTF-8 in any string becomes U+FFFD instead of
// throwing.
std::string Dump(const Json& json, int indent) {
  return json.dump(indent, ' ', false, Json::error_handler_t::replace) + "\n";
}

Json OptionalBool(const std::optional<bool>& value) {
  return value ? Json(*value) : Json(nullptr);
}

Json SitesJson(const std::vector<AllocationSite>& sites) {
  Json array = Json::array();
  for (const AllocationSite& site : sites) {
    Json frames = Json::array();
    for (const Frame& frame : site.frames) {
      frames.push_back({{"function", frame.function},
                        {"file", frame.file},
                        {"line", frame.line}});
    }
    array.push_back({{"bytes", site.bytes}, {"frames", std::move(frames)}});
  }
  return array;
}

Json FixturesJson(const std::map<std::string, FixtureStats>& fixtures,
                  const RunRecord& record) {
  Json json = Json::object();
  for (const auto& [name, stats] : fixtures) {
    json[name] = {{"total_bytes", stats.total_bytes},
                  {"files", stats.files},
                  {"max_file", stats.max_file},
                  {"max_line", stats.max_line},
                  {"max_dir_entries", stats.max_dir_entries},
                  {"digest", stats.digest}};
    auto hash = record.definition_hashes.find(name);
    if (hash != record.definition_hashes.end())
      json[name]["definition_hash"] = hash->second;
  }
  return json;
}

Json RowJson(const JobResult& r) {
  Json row;
  row["case"] = r.job.case_name;
  row["fixture"] = r.job.fixture;
  row["tool"] = r.job.tool;
  row["role"] = RoleName(r.job.role);
  row["expect"] = ExpectationName(r.job.expect);
  row["status"] = StatusName(r.status);
  row["peak_bytes"] = r.peak_bytes;
  row["baseline_bytes"] = r.baseline_bytes;
  row["net_peak_bytes"] = r.net_peak_bytes;
  row["bound_bytes"] = r.bound_bytes() ? Json(*r.bound_bytes()) : Json(nullptr);
  row["bound_expr"] =
      r.job.bound_text.empty() ? Json(nullptr) : Json(r.job.bound_text);
  row["max_rss_bytes"] = r.max_rss_bytes;
  row["wall_seconds"] = r.wall_seconds;
  row["digest_ok"] = OptionalBool(r.digest_ok);
  row["message"] = r.message;
  row["timeline"] = r.timeline.empty() ? Json(nullptr) : Json(r.timeline);
  row["stacks"] = r.stacks.empty() ? Json(nullptr) : Json(r.stacks);
  row["raw"] = r.raw;
  row["top_sites"] = SitesJson(r.top_sites);
  row["program"] = r.job.is_program();
  row["verified"] = IsVerified(r.job);
  row["net_method"] = NetMethodName(r.job.net_method);
  return row;
}

std::string JunitCase(const JobResult& r) {
  std::string status(StatusName(r.status));
  std::string summary = fmt::format(
      "{} {}: net peak {} B, bound {}", status, r.Id(), r.net_peak_bytes,
      r.bound_bytes()
          ? fmt::format("{} B ({})", *r.bound_bytes(), r.job.bound_text)
          : "none");
  std::string xml = fmt::format(
      "    <testcase classname=\"heapbound.{}\" name=\"{}.{}\" "
      "time=\"{:.3f}\">\n",
      XmlEscape(r.job.case_name), XmlEscape(r.job.fixture),
      XmlEscape(r.job.tool), r.wall_seconds);
  if (r.status == Status::kError) {
    xml +=
        fmt::format("      <error message=\"{}\" type=\"error\">{}</error>\n",
                    XmlEscape(r.message.substr(0, r.message.find('\n'))),
                    XmlEscape(r.message));
  } else if (IsBroken(r.status)) {
    xml +=
        fmt::format("      <failure message=\"{}\" type=\"{}\">{}</failure>\n",
                    XmlEscape(r.message), status, XmlEscape(summary));
  }
  xml += fmt::format("      <system-out>{}</system-out>\n", XmlEscape(summary));
  xml += "    </testcase>\n";
  return xml;
}

// Removes the files of a set that could not be written completely.
void RemovePartialSet(const std::string& out_dir) {
  for (const char* name : {"results.json", "junit.xml", "summary.md"}) {
    std::error_code ignored;
    fs::remove(fmt::format("{}/{}", out_dir, name), ignored);
  }
}

void WriteSet(const std::string& out_dir,
              const std::map<std::string, FixtureStats>& fixtures,
              const std::vector<JobResult>& results, const RunRecord& record) {
  std::error_code error;
  fs::create_directories(out_dir + "/timelines", error);
  if (error) {
    throw OutputError(SystemErrorText(out_dir + "/timelines", "cannot create",
                                      error.value()));
  }
  fs::create_directories(out_dir + "/stacks", error);
  if (error) {
    throw OutputError(
        SystemErrorText(out_dir + "/stacks", "cannot create", error.value()));
  }
  for (const JobResult& r : results) {
    if (!r.timeline.empty())
      WriteFileAtomically(out_dir + "/" + r.timeline, TimelineJson(r));
    if (!r.stacks.empty()) {
      WriteFileAtomically(out_dir + "/" + r.stacks,
                          FoldedStacks(r.measurement.peak_stacks));
    }
  }
  WriteFileAtomically(out_dir + "/junit.xml", JunitXml(results));
  WriteFileAtomically(out_dir + "/summary.md", SummaryMarkdown(results));
  WriteFileAtomically(out_dir + "/results.json",
                      ResultsJson(fixtures, results, record));
}

}  // namespace

std::string ResultsJson(const std::map<std::string, FixtureStats>& fixtures,
                        const std::vector<JobResult>& results,
                        const RunRecord& record) {
  Json root;
  root["schema"] = kSchema;
  root["heapbound_version"] = HEAPBOUND_VERSION;  // project() in CMakeLists.txt
  if (record.provenance)
    root["provenance"] = ProvenanceJson(*record.provenance);
  root["fixtures"] = FixturesJson(fixtures, record);
  Json rows = Json::array();
  for (const JobResult& r : results) rows.push_back(RowJson(r));
  root["results"] = std::move(rows);
  return Dump(root, 1);
}

std::string TimelineJson(const JobResult& r) {
  Json root;
  root["case"] = r.job.case_name;
  root["fixture"] = r.job.fixture;
  root["tool"] = r.job.tool;
  root["time_unit"] = r.measurement.time_unit;
  root["peak_bytes"] = r.peak_bytes;
  Json points = Json::array();
  for (const TimelinePoint& point : r.measurement.timeline) {
    points.push_back(Json::array({point.time, point.heap_bytes}));
  }
  root["points"] = std::move(points);
  return Dump(root, -1);
}

std::string JunitXml(const std::vector<JobResult>& results) {
  int failures = 0, errors = 0;
  double total = 0;
  for (const JobResult& r : results) {
    errors += r.status == Status::kError;
    failures += r.status != Status::kError && IsBroken(r.status);
    total += r.wall_seconds;
  }
  // heapbound never skips a job; JUnit readers expect the attribute.
  std::string counts = fmt::format(
      "tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"0\" "
      "time=\"{:.3f}\"",
      results.size(), failures, errors, total);
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  xml += fmt::format("<testsuites name=\"heapbound\" {}>\n", counts);
  xml += fmt::format("  <testsuite name=\"heapbound.memory\" {}>\n", counts);
  for (const JobResult& r : results) xml += JunitCase(r);
  xml += "  </testsuite>\n</testsuites>\n";
  return xml;
}

std::string SummaryMarkdown(const std::vector<JobResult>& results) {
  std::string md = "# heapbound results\n\n" + StatusCounts(results) + "\n\n";
  md += "| case | fixture | tool | net peak | bound | margin | status |\n";
  md += "|---|---|---|---:|---:|---:|---|\n";
  for (const JobResult& r : results) {
    SummaryCells cells = CellsOf(r, "—", "`");
    std::string status(StatusName(r.status));
    if (IsBroken(r.status)) status = "**" + status + "**";
    if (!IsVerified(r.job)) status += " (unverified)";
    md += fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", r.job.case_name,
                      r.job.fixture, r.job.tool, cells.net, cells.bound,
                      cells.margin, status);
  }
  bool any_problem = false;
  for (const JobResult& r : results) {
    if (!IsBroken(r.status)) continue;
    if (!any_problem) md += "\n## Problems\n\n";
    any_problem = true;
    std::string first_line = r.message.substr(0, r.message.find('\n'));
    md += fmt::format("- **{}** `{}`: {}\n", StatusName(r.status), r.Id(),
                      first_line);
  }
  return ValidUtf8(md);
}

void WriteOutputs(const std::string& out_dir,
                  const std::map<std::string, FixtureStats>& fixtures,
                  const std::vector<JobResult>& results,
                  const RunRecord& record) {
  try {
    WriteSet(out_dir, fixtures, results, record);
  } catch (const OutputError&) {
    RemovePartialSet(out_dir);
    throw;
  } catch (const std::exception& error) {
    RemovePartialSet(out_dir);
    throw OutputError(
        fmt::format("{}: cannot write the results: {}", out_dir, error.what()));
  }
}

}  // namespace heapbound
