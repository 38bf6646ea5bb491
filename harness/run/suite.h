#pragma once

#include <optional>
#include <string>
#include <vector>

#include "default_paths.h"
#include "shard.h"

namespace heapbound {

// What `heapbound run` was asked to do (its flags).
struct SuiteOptions {
  std::vector<std::string> cases;     // empty: every bounded case
  std::vector<std::string> fixtures;  // non-empty: replaces bounds.toml's
  std::vector<std::string> tools;     // non-empty: replaces bounds.toml's
  std::string bounds = DefaultPaths::BoundsFile();
  std::string out = DefaultPaths::OutDir();
  std::string cache = DefaultPaths::FixtureCache();
  std::string profiles = DefaultPaths::ProfilesFile();
  std::string driver;  // empty: ResolveDriver's default
  int jobs = 1;
  double timeout_seconds = 1800;   // per job; 0: none
  bool quiet = false;              // no progress lines on stderr
  std::optional<ShardSpec> shard;  // none: the whole plan
  // Non-empty: a results.json or out dir to compare with after judging;
  // growth beyond bounds.toml's max_growth fails (harness/compare/).
  std::string baseline;
  // `--reuse`: take the stored measurement of every job whose inputs are
  // unchanged (measurement_cache.h) from `reuse_dir`, store the others.
  bool reuse = false;
  std::string reuse_dir = DefaultPaths::MeasurementCache();
};

// Runs the suite: loads the bounds and plans the jobs, locks and clears
// the out dir, ensures the fixtures, runs and judges every job, writes the
// outputs and prints the table and the problems. Returns the exit code
// (exit_codes.h). Throws ConfigError (exit 2) for bad flags or files, and
// OutputError or std::runtime_error (exit 3) when heapbound cannot work;
// main maps them.
int RunSuite(const SuiteOptions& options);

}  // namespace heapbound
