#include "merge_run.h"

#include <fmt/format.h>
#include <xxhash.h>

#include "bounds_names.h"
#include "ci_annotations.h"
#include "config_error.h"
#include "default_paths.h"
#include "finish.h"
#include "growth_gate.h"
#include "merge.h"
#include "out_dir.h"
#include "read_file.h"
#include "tool_adapter.h"

namespace heapbound {
namespace {

using OrderedJson = nlohmann::ordered_json;

std::string StringField(const OrderedJson& object, const char* key) {
  auto found = object.find(key);
  return found != object.end() && found->is_string() ? found->get<std::string>()
                                                     : "";
}

// Parses `text` with the names it declares as the cases; tools and
// profiles are whatever the shards accepted.
BoundsFile ParseTrusted(const std::string& text, const std::string& path) {
  BoundsVocabulary vocabulary;
  vocabulary.cases = DeclaredCaseNames(text, path);
  vocabulary.tools = ToolNames();
  vocabulary.exact_tools = ExactToolNames();
  vocabulary.is_profile = [](const std::string&) { return true; };
  vocabulary.source_dir = DefaultPaths::SourceDir();
  return ParseBoundsFile(text, path, vocabulary);
}

std::vector<JobResult> JobResults(const MergedResults& merged) {
  std::vector<JobResult> results;
  for (const ResultRow& row : merged.rows) results.push_back(ToJobResult(row));
  return results;
}

}  // namespace

ShardBounds LoadShardBounds(const OrderedJson& provenance) {
  ShardBounds loaded;
  std::string path = provenance.is_object()
                         ? StringField(provenance, "bounds_file")
                         : std::string();
  std::string hash = provenance.is_object()
                         ? StringField(provenance, "bounds_hash")
                         : std::string();
  if (path.empty() || hash.empty()) {
    loaded.problem =
        "the shards' results.json name no bounds file "
        "(provenance.bounds_file and bounds_hash)";
    return loaded;
  }
  std::string text, reason;
  if (!ReadWholeFile(path, &text, &reason)) {
    loaded.problem = fmt::format(
        "cannot read {}, the shards' bounds file (provenance.bounds_file): {}",
        path, reason);
    return loaded;
  }
  std::string now = fmt::format("{:016x}", XXH64(text.data(), text.size(), 0));
  if (now != hash) {
    loaded.problem = fmt::format(
        "{} has changed since the shards ran: its xxh64 is {}, the shards' "
        "provenance.bounds_hash {}",
        path, now, hash);
    return loaded;
  }
  try {
    loaded.bounds = ParseTrusted(text, path);
  } catch (const ConfigError& error) {
    loaded.problem = error.what();
  }
  return loaded;
}

int RunMerge(const MergeOptions& options) {
  std::vector<ShardInput> shards;
  for (const std::string& dir : options.inputs)
    shards.push_back(ReadShard(dir));
  MergedResults merged = MergeShards(std::move(shards));
  // Read before the out dir is cleared: BASE may be that out dir.
  std::optional<BaselineRun> baseline;
  if (!options.baseline.empty()) baseline = ReadBaselineRun(options.baseline);
  ShardBounds shard_bounds = LoadShardBounds(merged.doc["provenance"]);
  if (!shard_bounds.bounds && baseline) {
    throw ConfigError(fmt::format(
        "--baseline {}: the growth gate needs the shards' bounds file for "
        "max_growth, but {}",
        options.baseline, shard_bounds.problem));
  }
  if (!shard_bounds.bounds) {
    fmt::print(stderr,
               "heapbound merge: note: {}; annotations name the allocation "
               "sites' user frames only, not bound lines\n",
               shard_bounds.problem);
  }
  JudgedRun run;
  run.command = "merge";
  run.out_dir = options.out;
  run.results = JobResults(merged);
  if (baseline) {
    std::string path = options.out + "/results.json";
    ResultsFile head = ReadResults(
        merged.doc.dump(-1, ' ', false, OrderedJson::error_handler_t::replace),
        path);
    run.comparison = ApplyGrowthGate(*baseline, *shard_bounds.bounds, head,
                                     path, run.results);
    UpdateVerdicts(merged, run.results);
  }
  run.annotations = MakeAnnotationContext(
      shard_bounds.bounds ? *shard_bounds.bounds : BoundsFile());
  run.counts_prefix = fmt::format("{} shards; ", merged.dirs.size());
  run.write_set = [&](const std::vector<JobResult>& results) {
    WriteMergedSet(options.out, merged, results);
  };
  CheckMergeOut(options.out, merged);
  OutDirLock lock(options.out);
  PrepareMergedOut(options.out, merged);
  return FinishJudgedRun(run);
}

}  // namespace heapbound
