#include "results_writer.h"

#include <fmt/format.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "folded_stacks.h"
#include "output_file.h"
#include "text_encoding.h"
#include "user_frame.h"

namespace heapbound {
namespace {

namespace fs = std::filesystem;
using OrderedJson = nlohmann::ordered_json;

// Serialises `json`; invalid UTF-8 in any string becomes U+FFFD instead of
// throwing.
std::string Dump(const OrderedJson& json, int indent) {
  return json.dump(indent, ' ', false, OrderedJson::error_handler_t::replace) +
         "\n";
}

OrderedJson OptionalBool(const std::optional<bool>& value) {
  return value ? OrderedJson(*value) : OrderedJson(nullptr);
}

OrderedJson SitesJson(const std::vector<AllocationSite>& sites) {
  OrderedJson array = OrderedJson::array();
  for (const AllocationSite& site : sites) {
    OrderedJson frames = OrderedJson::array();
    for (const Frame& frame : site.frames) {
      frames.push_back({{"function", frame.function},
                        {"file", frame.file},
                        {"line", frame.line}});
    }
    std::optional<std::size_t> user = UserFrame(site, ProjectSourceTree());
    array.push_back(
        {{"bytes", site.bytes},
         {"frames", std::move(frames)},
         {"user_frame", user ? OrderedJson(*user) : OrderedJson(nullptr)}});
  }
  return array;
}

OrderedJson FixturesJson(const std::map<std::string, FixtureStats>& fixtures,
                         const RunRecord& record) {
  OrderedJson json = OrderedJson::object();
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

OrderedJson Optional(const std::optional<std::uint64_t>& value) {
  return value ? OrderedJson(*value) : OrderedJson(nullptr);
}

// Returns a check's verdict ("pass", "fail"), or null when not checked.
OrderedJson CheckJson(CheckState state) {
  return state == CheckState::kNone ? OrderedJson(nullptr)
                                    : OrderedJson(CheckStateName(state));
}

// max_leaked and max_allocs: the values, their bounds and verdicts.
void ExtraFieldsJson(const JobResult& r, OrderedJson& row) {
  row["leaked_bytes"] = Optional(r.leaked_bytes);
  row["net_leaked_bytes"] = Optional(r.net_leaked_bytes);
  row["leaked_bound_bytes"] = Optional(r.job.leaked_bound);
  row["leaked_bound_expr"] = r.job.max_leaked
                                 ? OrderedJson(r.job.max_leaked->text)
                                 : OrderedJson(nullptr);
  row["leaked_check"] = CheckJson(r.leaked_check);
  row["allocs"] = Optional(r.allocs);
  row["net_allocs"] = Optional(r.net_allocs);
  row["allocs_bound"] = Optional(r.job.allocs_bound);
  row["allocs_bound_expr"] = r.job.max_allocs
                                 ? OrderedJson(r.job.max_allocs->text)
                                 : OrderedJson(nullptr);
  row["allocs_check"] = CheckJson(r.allocs_check);
}

OrderedJson RowJson(const JobResult& r) {
  OrderedJson row;
  row["case"] = r.job.case_name;
  row["fixture"] = r.job.fixture;
  row["tool"] = r.job.tool;
  row["role"] = RoleName(r.job.role);
  row["expect"] = ExpectationName(r.job.expect);
  row["status"] = StatusName(r.status);
  row["peak_bytes"] = r.peak_bytes;
  row["baseline_bytes"] = r.baseline_bytes;
  row["net_peak_bytes"] = r.net_peak_bytes;
  row["bound_bytes"] =
      r.bound_bytes() ? OrderedJson(*r.bound_bytes()) : OrderedJson(nullptr);
  row["bound_expr"] = r.job.bound_text.empty() ? OrderedJson(nullptr)
                                               : OrderedJson(r.job.bound_text);
  row["max_rss_bytes"] = r.max_rss_bytes;
  row["wall_seconds"] = r.wall_seconds;
  row["reused"] = r.reused;
  row["digest_ok"] = OptionalBool(r.digest_ok);
  row["message"] = r.message;
  row["timeline"] =
      r.timeline.empty() ? OrderedJson(nullptr) : OrderedJson(r.timeline);
  row["stacks"] =
      r.stacks.empty() ? OrderedJson(nullptr) : OrderedJson(r.stacks);
  ExtraFieldsJson(r, row);
  row["raw"] = r.raw;
  row["top_sites"] = SitesJson(r.top_sites);
  row["program"] = r.job.is_program();
  row["verified"] = IsVerified(r.job);
  row["net_method"] = NetMethodName(r.job.net_method);
  if (!r.sites_from.empty()) row["sites_from"] = r.sites_from;
  row["plan_index"] = r.job.plan_index;
  return row;
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
  OrderedJson root;
  root["schema"] = kResultsSchema;
  root["heapbound_version"] = HEAPBOUND_VERSION;  // project() in CMakeLists.txt
  if (record.provenance)
    root["provenance"] = ProvenanceJson(*record.provenance);
  root["fixtures"] = FixturesJson(fixtures, record);
  OrderedJson rows = OrderedJson::array();
  for (const JobResult& r : results) rows.push_back(RowJson(r));
  root["results"] = std::move(rows);
  return Dump(root, 1);
}

std::string TimelineJson(const JobResult& r) {
  OrderedJson root;
  root["case"] = r.job.case_name;
  root["fixture"] = r.job.fixture;
  root["tool"] = r.job.tool;
  root["time_unit"] = r.measurement.time_unit;
  root["peak_bytes"] = r.peak_bytes;
  OrderedJson points = OrderedJson::array();
  for (const TimelinePoint& point : r.measurement.timeline) {
    points.push_back(OrderedJson::array({point.time, point.heap_bytes}));
  }
  root["points"] = std::move(points);
  return Dump(root, -1);
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
