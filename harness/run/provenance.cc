#include "provenance.h"

#include <fmt/format.h>
#include <xxhash.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "child_process.h"
#include "json_text.h"

namespace heapbound {
namespace {

// Runs git in `dir`; returns its stdout, or nothing when it failed.
std::optional<std::string> Git(const std::string& dir,
                               std::initializer_list<const char*> args) {
  ChildSpec spec;
  spec.argv = {"git", "-C", dir};
  spec.argv.insert(spec.argv.end(), args.begin(), args.end());
  spec.capture_stdout = true;
  spec.capture_stderr = true;  // "not a git repository" is no news here
  spec.timeout_seconds = 30;
  ChildResult result = RunChild(spec);
  if (!result.spawn_error.empty() || !result.exited || result.exit_code != 0)
    return std::nullopt;
  return result.stdout_text;
}

// Reads the optional string `key` of `object` into `target`.
void ReadString(const nlohmann::json& object, const char* key,
                const std::string& field, const FieldError& fail,
                std::string& target) {
  auto found = object.find(key);
  if (found == object.end() || found->is_null()) return;
  if (!found->is_string())
    fail(field + "." + key, "expected a string, got " + ShortJsonText(*found));
  target = found->get<std::string>();
}

std::optional<Shard> ReadShard(const nlohmann::json& json,
                               const FieldError& fail) {
  if (json.is_null()) return std::nullopt;
  if (!json.is_object())
    fail("provenance.shard",
         "expected an object or null, got " + ShortJsonText(json));
  Shard shard;
  for (auto [key, target] :
       {std::pair{"index", &shard.index}, std::pair{"count", &shard.count}}) {
    auto found = json.find(key);
    if (found == json.end() || !found->is_number_unsigned() ||
        found->get<std::uint64_t>() < 1 ||
        found->get<std::uint64_t>() > 1000000) {
      fail(fmt::format("provenance.shard.{}", key),
           "expected a whole number >= 1, got " +
               (found == json.end() ? std::string("nothing")
                                    : ShortJsonText(*found)));
    }
    *target = static_cast<int>(found->get<std::uint64_t>());
  }
  if (shard.index > shard.count) {
    fail("provenance.shard.index",
         fmt::format("{} is more than count {}", shard.index, shard.count));
  }
  return shard;
}

}  // namespace

Provenance ReadProvenance(const nlohmann::json& json, const FieldError& fail) {
  const std::string field = "provenance";
  if (!json.is_object())
    fail(field, "expected an object or null, got " + ShortJsonText(json));
  Provenance p;
  ReadString(json, "heapbound_version", field, fail, p.heapbound_version);
  ReadString(json, "git_commit", field, fail, p.git_commit);
  if (auto dirty = json.find("git_dirty");
      dirty != json.end() && !dirty->is_null()) {
    if (!dirty->is_boolean())
      fail(field + ".git_dirty",
           "expected a boolean or null, got " + ShortJsonText(*dirty));
    p.git_dirty = dirty->get<bool>();
  }
  ReadString(json, "bounds_file", field, fail, p.bounds_file);
  ReadString(json, "bounds_hash", field, fail, p.bounds_hash);
  if (auto tools = json.find("tools"); tools != json.end()) {
    if (!tools->is_object())
      fail(field + ".tools",
           "expected an object, got " + ShortJsonText(*tools));
    for (const auto& [name, version] : tools->items()) {
      if (!version.is_string())
        fail(field + ".tools." + name,
             "expected a string, got " + ShortJsonText(version));
      p.tools[name] = version.get<std::string>();
    }
  }
  ReadString(json, "compiler", field, fail, p.compiler);
  ReadString(json, "started_at", field, fail, p.started_at);
  ReadString(json, "finished_at", field, fail, p.finished_at);
  if (auto shard = json.find("shard"); shard != json.end())
    p.shard = ReadShard(*shard, fail);
  return p;
}

GitState ReadGitState(const std::string& dir) {
  GitState state;
  std::optional<std::string> head = Git(dir, {"rev-parse", "HEAD"});
  if (!head) return state;
  std::string commit = head->substr(0, head->find('\n'));
  if (commit.empty()) return state;
  state.commit = commit;
  if (std::optional<std::string> status =
          Git(dir, {"status", "--porcelain", "--untracked-files=normal"})) {
    state.dirty = !status->empty();
  }
  return state;
}

std::string FileXxh64(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ": cannot read");
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (in.bad()) throw std::runtime_error(path + ": cannot read");
  std::string text = bytes.str();
  return fmt::format("{:016x}", XXH64(text.data(), text.size(), 0));
}

std::string IsoUtc(std::time_t time) {
  std::tm utc{};
  gmtime_r(&time, &utc);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", utc.tm_year + 1900,
                     utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min,
                     utc.tm_sec);
}

std::string CompilerId() { return HEAPBOUND_COMPILER; }

Provenance StartProvenance(const std::string& source_dir,
                           const std::string& bounds_file,
                           std::time_t started) {
  Provenance provenance;
  provenance.heapbound_version = HEAPBOUND_VERSION;
  GitState git = ReadGitState(source_dir);
  provenance.git_commit = git.commit;
  provenance.git_dirty = git.dirty;
  provenance.bounds_file = bounds_file;
  provenance.bounds_hash = FileXxh64(bounds_file);
  provenance.compiler = CompilerId();
  provenance.started_at = IsoUtc(started);
  return provenance;
}

nlohmann::ordered_json ProvenanceJson(const Provenance& p) {
  using Json = nlohmann::ordered_json;
  Json json;
  json["heapbound_version"] = p.heapbound_version;
  json["git_commit"] = p.git_commit;
  json["git_dirty"] = p.git_dirty ? Json(*p.git_dirty) : Json(nullptr);
  json["bounds_file"] = p.bounds_file;
  json["bounds_hash"] = p.bounds_hash;
  Json tools = Json::object();
  for (const auto& [name, version] : p.tools) tools[name] = version;
  json["tools"] = std::move(tools);
  json["compiler"] = p.compiler;
  json["started_at"] = p.started_at;
  json["finished_at"] = p.finished_at;
  json["shard"] =
      p.shard ? Json{{"index", p.shard->index}, {"count", p.shard->count}}
              : Json(nullptr);
  return json;
}

}  // namespace heapbound
