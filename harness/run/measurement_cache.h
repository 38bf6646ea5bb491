#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "measurement.h"
#include "measurement_key.h"
#include "tool_adapter.h"

namespace heapbound {

// What a finished job measured, kept for a later run with the same key.
struct StoredMeasurement {
  Measurement measurement;
  std::uint64_t max_rss_bytes = 0;
  double wall_seconds = 0;
  std::optional<bool> digest_ok;
  // The job's raw files, as suffixes of its raw stem (".massif").
  std::vector<std::string> raw_suffixes;
};

// `heapbound run --reuse`: measurements by key in a directory, one entry
// per key (<dir>/<digest>/: key.txt, measurement.json, raw/). An entry is
// written whole into a temporary and renamed into place, so a reader sees
// all of it or nothing; an entry that does not read back is a miss, never
// an error: the job is measured again.
class MeasurementCache {
 public:
  explicit MeasurementCache(std::string dir);

  const std::string& dir() const { return dir_; }
  InputHasher& hasher() { return hasher_; }
  // The tool's version, asked once per run.
  std::string ToolVersion(const ToolAdapter& tool);

  // Returns the measurement stored under `key`, its raw files copied to
  // `raw_stem` + suffix, or none.
  std::optional<StoredMeasurement> Restore(const MeasurementKey& key,
                                           const std::string& raw_stem);
  // Stores a measurement and copies its raw files in. Returns "" or why it
  // could not (the run goes on: the cache only saves time); the first
  // reason is kept for the run to warn once.
  std::string Store(const MeasurementKey& key, const StoredMeasurement& stored,
                    const std::string& raw_stem);
  // Removes entries no run has used for `max_age_days`, and temporaries of
  // writers that died. Returns the number removed.
  std::size_t Prune(int max_age_days);
  // How many stores failed in this run, and why the first did.
  std::size_t failed_stores() const { return failed_stores_; }
  const std::string& first_store_error() const { return first_store_error_; }

 private:
  std::string dir_;
  InputHasher hasher_;
  std::mutex mutex_;
  std::map<std::string, std::string> tool_versions_;
  std::size_t failed_stores_ = 0;
  std::string first_store_error_;
};

// The measurement as measurement.json holds it, and back (throws
// nlohmann::json exceptions on a malformed document).
std::string StoredMeasurementJson(const StoredMeasurement& stored);
StoredMeasurement ParseStoredMeasurement(const std::string& text);

}  // namespace heapbound
