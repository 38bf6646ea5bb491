#include "measurement_cache.h"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "output_file.h"
#include "read_file.h"

namespace heapbound {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

constexpr char kMeasurementFile[] = "measurement.json";
constexpr char kKeyFile[] = "key.txt";
constexpr char kTemporaryPrefix[] = "tmp.";

Json StoredSitesJson(const std::vector<AllocationSite>& sites) {
  Json list = Json::array();
  for (const AllocationSite& site : sites) {
    Json frames = Json::array();
    for (const Frame& frame : site.frames)
      frames.push_back(Json::array({frame.function, frame.file, frame.line}));
    list.push_back({{"bytes", site.bytes}, {"frames", std::move(frames)}});
  }
  return list;
}

std::vector<AllocationSite> StoredSitesFrom(const Json& list) {
  std::vector<AllocationSite> sites;
  for (const Json& item : list) {
    AllocationSite site;
    site.bytes = item.at("bytes").get<std::uint64_t>();
    for (const Json& frame : item.at("frames")) {
      site.frames.push_back(Frame{frame.at(0).get<std::string>(),
                                  frame.at(1).get<std::string>(),
                                  frame.at(2).get<int>()});
    }
    sites.push_back(std::move(site));
  }
  return sites;
}

template <typename T>
Json Optional(const std::optional<T>& value) {
  return value ? Json(*value) : Json(nullptr);
}

template <typename T>
std::optional<T> OptionalFrom(const Json& value) {
  if (value.is_null()) return std::nullopt;
  return value.get<T>();
}

std::string EntryDir(const std::string& dir, const MeasurementKey& key) {
  return dir + "/" + key.digest;
}

// A raw file's name inside an entry: the suffix without its leading dot.
std::string StoredRawName(const std::string& suffix) {
  return "raw/" + (suffix.rfind('.', 0) == 0 ? suffix.substr(1) : suffix);
}

}  // namespace

std::string StoredMeasurementJson(const StoredMeasurement& stored) {
  const Measurement& m = stored.measurement;
  Json timeline = Json::array();
  for (const TimelinePoint& point : m.timeline)
    timeline.push_back(Json::array({point.time, point.heap_bytes}));
  Json doc = {{"peak_bytes", m.peak_bytes},
              {"time_unit", m.time_unit},
              {"timeline", std::move(timeline)},
              {"top_sites", StoredSitesJson(m.top_sites)},
              {"peak_stacks", StoredSitesJson(m.peak_stacks)},
              {"leaked_bytes", Optional(m.leaked_bytes)},
              {"allocs", Optional(m.allocs)},
              {"mark_bytes", Optional(m.mark_bytes)},
              {"peak_after_mark_bytes", m.peak_after_mark_bytes},
              {"max_rss_bytes", stored.max_rss_bytes},
              {"wall_seconds", stored.wall_seconds},
              {"digest_ok", Optional(stored.digest_ok)},
              {"raw", stored.raw_suffixes}};
  return doc.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
}

StoredMeasurement ParseStoredMeasurement(const std::string& text) {
  Json doc = Json::parse(text);
  StoredMeasurement stored;
  Measurement& m = stored.measurement;
  m.peak_bytes = doc.at("peak_bytes").get<std::uint64_t>();
  m.time_unit = doc.at("time_unit").get<std::string>();
  for (const Json& point : doc.at("timeline")) {
    m.timeline.push_back(TimelinePoint{point.at(0).get<std::uint64_t>(),
                                       point.at(1).get<std::uint64_t>()});
  }
  m.top_sites = StoredSitesFrom(doc.at("top_sites"));
  m.peak_stacks = StoredSitesFrom(doc.at("peak_stacks"));
  m.leaked_bytes = OptionalFrom<std::uint64_t>(doc.at("leaked_bytes"));
  m.allocs = OptionalFrom<std::uint64_t>(doc.at("allocs"));
  m.mark_bytes = OptionalFrom<std::uint64_t>(doc.at("mark_bytes"));
  m.peak_after_mark_bytes =
      doc.at("peak_after_mark_bytes").get<std::uint64_t>();
  stored.max_rss_bytes = doc.at("max_rss_bytes").get<std::uint64_t>();
  stored.wall_seconds = doc.at("wall_seconds").get<double>();
  stored.digest_ok = OptionalFrom<bool>(doc.at("digest_ok"));
  stored.raw_suffixes = doc.at("raw").get<std::vector<std::string>>();
  return stored;
}

MeasurementCache::MeasurementCache(std::string dir) : dir_(std::move(dir)) {}

std::string MeasurementCache::ToolVersion(const ToolAdapter& tool) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto found = tool_versions_.find(tool.name());
  if (found != tool_versions_.end()) return found->second;
  return tool_versions_[tool.name()] = tool.Version();
}

std::optional<StoredMeasurement> MeasurementCache::Restore(
    const MeasurementKey& key, const std::string& raw_stem) {
  std::string entry = EntryDir(dir_, key);
  // The key text guards against a digest collision and a hand-edited entry.
  std::string text;
  std::string ignored_reason;
  if (!ReadWholeFile(entry + "/" + kKeyFile, &text, &ignored_reason) ||
      text != key.text ||
      !ReadWholeFile(entry + "/" + kMeasurementFile, &text, &ignored_reason)) {
    return std::nullopt;
  }
  StoredMeasurement stored;
  try {
    stored = ParseStoredMeasurement(text);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  for (const std::string& suffix : stored.raw_suffixes) {
    std::error_code error;
    fs::copy_file(entry + "/" + StoredRawName(suffix), raw_stem + suffix,
                  fs::copy_options::overwrite_existing, error);
    if (error) {
      for (const std::string& copied : stored.raw_suffixes)
        fs::remove(raw_stem + copied, error);
      return std::nullopt;
    }
  }
  // Marks the entry used, for Prune.
  std::error_code ignored;
  fs::last_write_time(entry + "/" + kKeyFile, fs::file_time_type::clock::now(),
                      ignored);
  return stored;
}

std::string MeasurementCache::Store(const MeasurementKey& key,
                                    const StoredMeasurement& stored,
                                    const std::string& raw_stem) {
  static std::atomic<unsigned> counter{0};
  std::string temporary =
      fmt::format("{}/{}{}.{}", dir_, kTemporaryPrefix, getpid(), counter++);
  std::string entry = EntryDir(dir_, key);
  try {
    fs::create_directories(temporary + "/raw");
    for (const std::string& suffix : stored.raw_suffixes)
      fs::copy_file(raw_stem + suffix, temporary + "/" + StoredRawName(suffix));
    WriteFileAtomically(temporary + "/" + kMeasurementFile,
                        StoredMeasurementJson(stored));
    WriteFileAtomically(temporary + "/" + kKeyFile, key.text);
    std::error_code ignored;
    fs::remove_all(entry, ignored);  // an entry that did not read back
    fs::rename(temporary, entry);
    return "";
  } catch (const std::exception& error) {
    std::error_code ignored;
    fs::remove_all(temporary, ignored);
    std::lock_guard<std::mutex> lock(mutex_);
    if (failed_stores_++ == 0) first_store_error_ = error.what();
    return error.what();
  }
}

std::size_t MeasurementCache::Prune(int max_age_days) {
  auto now = fs::file_time_type::clock::now();
  auto max_age = std::chrono::hours(24 * max_age_days);
  std::size_t removed = 0;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(dir_, error)) {
    std::string name = entry.path().filename();
    bool temporary = name.rfind(kTemporaryPrefix, 0) == 0;
    std::error_code missing;
    auto used = fs::last_write_time(
        temporary ? entry.path() : entry.path() / kKeyFile, missing);
    bool stale =
        missing || now - used > (temporary ? std::chrono::hours(1) : max_age);
    if (stale && fs::remove_all(entry.path(), error) > 0) ++removed;
  }
  return removed;
}

}  // namespace heapbound
