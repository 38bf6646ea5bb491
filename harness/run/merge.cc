#include "merge.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <tuple>

#include "out_dir.h"
#include "output_file.h"
#include "results_writer.h"

namespace heapbound {
namespace {

namespace fs = std::filesystem;
using OrderedJson = nlohmann::ordered_json;
using RowKey = std::tuple<std::string, std::string, std::string>;

// Where a merged row came from, for messages.
struct RowSource {
  const ShardInput* shard;
  std::size_t index;  // in its results[]
};

// Compares by value: the order of object keys does not matter (a shard's
// results.json may have been rewritten by another JSON tool).
bool SameValue(const OrderedJson& a, const OrderedJson& b) {
  return nlohmann::json::parse(a.dump()) == nlohmann::json::parse(b.dump());
}

std::string Shown(const OrderedJson* value) {
  if (value == nullptr) return "(missing)";
  return value->dump(-1, ' ', false, OrderedJson::error_handler_t::replace);
}

const OrderedJson* ProvenanceField(const ShardInput& shard, const char* key) {
  auto provenance = shard.doc.find("provenance");
  if (provenance == shard.doc.end() || !provenance->is_object()) return nullptr;
  auto found = provenance->find(key);
  return found == provenance->end() ? nullptr : &*found;
}

// Refuses shards of another heapbound, commit or bounds file than the
// first.
void CheckSameOrigin(const std::vector<ShardInput>& shards) {
  const char* kWhat[][2] = {{"heapbound_version", "heapbound versions"},
                            {"git_commit", "commits"},
                            {"bounds_hash", "bounds files"}};
  for (const ShardInput& shard : shards) {
    for (const auto& [key, what] : kWhat) {
      const OrderedJson* first = ProvenanceField(shards.front(), key);
      const OrderedJson* other = ProvenanceField(shard, key);
      if ((first == nullptr) != (other == nullptr) ||
          (first != nullptr && !SameValue(*first, *other))) {
        throw ResultsError(fmt::format(
            "{} and {} come from different {}: provenance.{} is {} in the "
            "first and {} in the second; merge the shards of one run",
            shards.front().path, shard.path, what, key, Shown(first),
            Shown(other)));
      }
    }
  }
}

// Refuses different shard counts, a shard given twice and missing ones;
// returns the shards in index order.
std::vector<ShardInput> CheckShardSet(std::vector<ShardInput> shards) {
  const ShardInput& first = shards.front();
  for (const ShardInput& shard : shards) {
    if (shard.count != first.count) {
      throw ResultsError(fmt::format(
          "{} is shard {}/{} but {} is shard {}/{}: shards of different "
          "splits",
          first.path, first.index, first.count, shard.path, shard.index,
          shard.count));
    }
  }
  std::stable_sort(shards.begin(), shards.end(),
                   [](const ShardInput& a, const ShardInput& b) {
                     return a.index < b.index;
                   });
  for (std::size_t i = 1; i < shards.size(); ++i) {
    if (shards[i].index == shards[i - 1].index) {
      throw ResultsError(fmt::format("{} and {} are both shard {}/{}",
                                     shards[i - 1].path, shards[i].path,
                                     shards[i].index, shards[i].count));
    }
  }
  std::vector<std::string> missing, got;
  for (int index = 1; index <= first.count; ++index) {
    bool present = std::any_of(
        shards.begin(), shards.end(),
        [&](const ShardInput& shard) { return shard.index == index; });
    (present ? got : missing)
        .push_back(fmt::format("{}/{}", index, first.count));
  }
  if (!missing.empty()) {
    throw ResultsError(fmt::format("missing shard {} (got {})",
                                   fmt::join(missing, ", "),
                                   fmt::join(got, ", ")));
  }
  return shards;
}

// Returns every shard's fixtures in one object, by name; a fixture two
// shards describe differently is refused.
OrderedJson MergeFixtures(const std::vector<ShardInput>& shards) {
  std::map<std::string, std::pair<OrderedJson, const ShardInput*>> fixtures;
  for (const ShardInput& shard : shards) {
    for (const auto& [name, stats] : shard.doc["fixtures"].items()) {
      auto [at, fresh] = fixtures.emplace(name, std::make_pair(stats, &shard));
      if (!fresh && !SameValue(at->second.first, stats)) {
        throw ResultsError(
            fmt::format("{} and {} describe fixture {} differently: {} vs {}",
                        at->second.second->path, shard.path, name,
                        Shown(&at->second.first), Shown(&stats)));
      }
    }
  }
  OrderedJson json = OrderedJson::object();
  for (auto& [name, entry] : fixtures) json[name] = std::move(entry.first);
  return json;
}

// The fields a baseline row must repeat to the byte in every shard: all
// but the machine's timings and whether it was measured or reused.
bool SameMeasurement(const OrderedJson& a, const OrderedJson& b,
                     std::string* field) {
  for (const auto& [key, value] : a.items()) {
    if (key == "wall_seconds" || key == "max_rss_bytes" || key == "reused")
      continue;
    auto other = b.find(key);
    if (other == b.end() || !SameValue(*other, value)) {
      *field = key;
      return false;
    }
  }
  return true;
}

std::string RowName(const RowSource& source) {
  const ResultRow& row = source.shard->file.results[source.index];
  return fmt::format("{}: results[{}] ({} on {} under {})", source.shard->path,
                     source.index, row.case_name, row.fixture, row.tool);
}

// Adds a shard's rows to `rows` (by plan_index), refusing overlapping case
// rows and baselines that differ.
void AddRows(const ShardInput& shard, std::map<std::uint64_t, RowSource>& rows,
             std::map<RowKey, RowSource>& by_key) {
  for (std::size_t i = 0; i < shard.file.results.size(); ++i) {
    const ResultRow& row = shard.file.results[i];
    RowSource source{&shard, i};
    if (!row.plan_index) {
      throw ResultsError(fmt::format(
          "{}: results[{}].plan_index: missing; rerun the shards with a "
          "heapbound that records it",
          shard.path, i));
    }
    auto [at, fresh] =
        by_key.emplace(RowKey(row.case_name, row.fixture, row.tool), source);
    if (!fresh) {
      const ResultRow& seen = at->second.shard->file.results[at->second.index];
      if (row.role != JobRole::kBaseline || seen.role != JobRole::kBaseline) {
        throw ResultsError(fmt::format("{} overlaps {}: the shards overlap",
                                       RowName(source), RowName(at->second)));
      }
      std::string field;
      const OrderedJson& kept =
          at->second.shard->doc["results"][at->second.index];
      if (!SameMeasurement(kept, shard.doc["results"][i], &field)) {
        throw MergeConflict(fmt::format(
            "baseline {} differs from {}: {} is {} vs {}; the shards did not "
            "measure the same build",
            RowName(source), RowName(at->second), field,
            Shown(kept.contains(field) ? &kept[field] : nullptr),
            Shown(&shard.doc["results"][i][field])));
      }
      continue;
    }
    auto [slot, free] = rows.emplace(*row.plan_index, source);
    if (!free) {
      throw ResultsError(fmt::format("{} and {} have the same plan_index {}",
                                     RowName(source), RowName(slot->second),
                                     *row.plan_index));
    }
  }
}

// Returns the earliest (or latest) of the shards' provenance `key`.
OrderedJson Extreme(const std::vector<ShardInput>& shards, const char* key,
                    bool latest) {
  OrderedJson best;
  for (const ShardInput& shard : shards) {
    const OrderedJson* value = ProvenanceField(shard, key);
    if (value == nullptr || !value->is_string()) continue;
    if (best.is_null() || (latest ? *value > best : *value < best))
      best = *value;
  }
  return best;
}

OrderedJson MergeProvenance(const std::vector<ShardInput>& shards) {
  OrderedJson provenance = shards.front().doc["provenance"];
  bool dirty = false;
  for (const ShardInput& shard : shards) {
    const OrderedJson* value = ProvenanceField(shard, "git_dirty");
    dirty = dirty ||
            (value != nullptr && value->is_boolean() && value->get<bool>());
  }
  if (provenance.contains("git_dirty") && provenance["git_dirty"].is_boolean())
    provenance["git_dirty"] = dirty;
  provenance["started_at"] = Extreme(shards, "started_at", false);
  provenance["finished_at"] = Extreme(shards, "finished_at", true);
  provenance["shard"] = nullptr;
  return provenance;
}

void CopyTree(const std::string& from, const std::string& to) {
  std::error_code error;
  if (!fs::is_directory(from, error)) return;
  for (fs::recursive_directory_iterator it(from, error), end; it != end;
       it.increment(error)) {
    if (error) break;
    if (!it->is_regular_file(error)) continue;
    fs::path target = fs::path(to) / fs::relative(it->path(), from);
    if (fs::exists(target, error)) continue;  // an earlier shard's copy
    fs::create_directories(target.parent_path(), error);
    if (!error) fs::copy_file(it->path(), target, error);
    if (error) {
      throw OutputError(
          SystemErrorText(target.string(), "cannot copy", error.value()));
    }
  }
  if (error)
    throw OutputError(SystemErrorText(from, "cannot read", error.value()));
}

}  // namespace

ShardInput ReadShard(const std::string& dir) {
  ShardInput shard;
  shard.dir = dir;
  shard.path = dir + "/results.json";
  shard.file = ReadResultsFile(shard.path);
  // ReadResultsFile has read and checked it; parse it again keeping order.
  shard.doc = OrderedJson::parse(std::ifstream(shard.path), nullptr, false);
  const OrderedJson* spec = ProvenanceField(shard, "shard");
  auto number = [&](const char* key) {
    return spec != nullptr && spec->is_object() && spec->contains(key) &&
           spec->at(key).is_number_unsigned() && spec->at(key) >= 1 &&
           spec->at(key) <= 1000000;
  };
  if (!number("index") || !number("count") ||
      spec->at("index") > spec->at("count")) {
    throw ResultsError(fmt::format(
        "{}: provenance.shard: expected {{\"index\": I, \"count\": N}}, got "
        "{}; merge takes the out dirs of `heapbound run --shard I/N`",
        shard.path, Shown(spec)));
  }
  shard.index = spec->at("index").get<int>();
  shard.count = spec->at("count").get<int>();
  return shard;
}

MergedResults MergeShards(std::vector<ShardInput> shards) {
  if (shards.empty()) throw ResultsError("no shards to merge");
  CheckSameOrigin(shards);
  shards = CheckShardSet(std::move(shards));
  MergedResults merged;
  merged.doc = shards.front().doc;
  merged.doc["provenance"] = MergeProvenance(shards);
  merged.doc["fixtures"] = MergeFixtures(shards);
  std::map<std::uint64_t, RowSource> rows;
  std::map<RowKey, RowSource> by_key;
  for (const ShardInput& shard : shards) {
    AddRows(shard, rows, by_key);
    merged.dirs.push_back(shard.dir);
  }
  OrderedJson results = OrderedJson::array();
  std::uint64_t expected = 0;
  for (const auto& [plan_index, source] : rows) {
    if (plan_index != expected) {
      throw ResultsError(fmt::format(
          "no shard has the job at plan_index {} (next: {}); the shards are "
          "incomplete",
          expected, RowName(source)));
    }
    ++expected;
    results.push_back(source.shard->doc["results"][source.index]);
    merged.rows.push_back(source.shard->file.results[source.index]);
  }
  merged.doc["results"] = std::move(results);
  return merged;
}

JobResult ToJobResult(const ResultRow& row) {
  JobResult r;
  r.job.case_name = row.case_name;
  r.job.fixture = row.fixture;
  r.job.tool = row.tool;
  r.job.role = row.role;
  r.job.expect = row.expect;
  r.job.bound_text = row.bound_expr;
  r.job.bound_bytes = row.bound_bytes;
  r.job.plan_index = row.plan_index.value_or(0);
  r.status = row.status;
  r.measured = row.peak_bytes.has_value();
  r.peak_bytes = row.peak_bytes.value_or(0);
  r.baseline_bytes = row.baseline_bytes.value_or(0);
  r.net_peak_bytes = row.net_peak_bytes.value_or(0);
  r.max_rss_bytes = row.max_rss_bytes.value_or(0);
  r.wall_seconds = row.wall_seconds.value_or(0);
  r.reused = row.reused;
  r.digest_ok = row.digest_ok;
  r.message = row.message;
  r.timeline = row.timeline;
  r.raw = row.raw;
  r.top_sites = row.top_sites;
  r.sites_from = row.sites_from;
  r.leaked_bytes = row.leaked_bytes;
  r.net_leaked_bytes = row.net_leaked_bytes;
  r.allocs = row.allocs;
  r.net_allocs = row.net_allocs;
  r.job.leaked_bound = row.leaked_bound_bytes;
  r.job.allocs_bound = row.allocs_bound;
  r.leaked_check = row.leaked_check;
  r.allocs_check = row.allocs_check;
  return r;
}

int ExitCodeOfRows(const std::vector<ResultRow>& rows) {
  std::vector<JobResult> results;
  for (const ResultRow& row : rows) results.push_back(ToJobResult(row));
  return ExitCodeFor(results);
}

void UpdateVerdicts(MergedResults& merged,
                    const std::vector<JobResult>& results) {
  for (std::size_t i = 0; i < results.size() && i < merged.rows.size(); ++i) {
    ResultRow& row = merged.rows[i];
    if (row.status == results[i].status && row.message == results[i].message)
      continue;
    row.status = results[i].status;
    row.message = results[i].message;
    merged.doc["results"][i]["status"] = StatusName(row.status);
    merged.doc["results"][i]["message"] = row.message;
  }
}

void CheckMergeOut(const std::string& out_dir, const MergedResults& merged) {
  std::error_code error;
  for (const std::string& dir : merged.dirs) {
    if (fs::exists(out_dir, error) && fs::equivalent(out_dir, dir, error)) {
      throw ResultsError(fmt::format(
          "--out {} is one of the shards; merge into another directory",
          out_dir));
    }
  }
}

void PrepareMergedOut(const std::string& out_dir, const MergedResults& merged) {
  ClearOldOutputs(out_dir);
  for (const std::string& dir : merged.dirs) {
    for (const char* sub : {"raw", "timelines", "stacks"})
      CopyTree(dir + "/" + sub, out_dir + "/" + sub);
  }
}

void WriteMergedSet(const std::string& out_dir, const MergedResults& merged,
                    const std::vector<JobResult>& results) {
  WriteFileAtomically(out_dir + "/junit.xml", JunitXml(results));
  WriteFileAtomically(out_dir + "/summary.md", SummaryMarkdown(results));
  // Last, as a run does: its presence marks a complete set.
  WriteFileAtomically(
      out_dir + "/results.json",
      merged.doc.dump(1, ' ', false, OrderedJson::error_handler_t::replace) +
          "\n");
}

}  // namespace heapbound
