#include "job_runner.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "bound_expression.h"
#include "case_driver_contract.h"
#include "child_process.h"
#include "leftovers.h"
#include "program_output.h"

namespace heapbound {
namespace {

namespace fs = std::filesystem;

constexpr std::uint64_t kGiB = std::uint64_t{1} << 30;
constexpr std::size_t kMaxTimelinePoints = 2000;

std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Relative cost, to start the slowest jobs first: the fixture's bytes times
// the tool's own cost factor (the tool's adapter knows it).
double Cost(const Job& job, const RunnerOptions& options) {
  auto found = options.fixtures.find(job.fixture);
  double bytes = found == options.fixtures.end()
                     ? 0
                     : static_cast<double>(found->second.stats.total_bytes);
  if (job.role == JobRole::kBaseline) bytes = bytes / 100 + 1;
  std::unique_ptr<ToolAdapter> tool = options.make_tool(job.tool);
  return bytes * (tool ? tool->cost_factor() : 1.0);
}

std::string RelativeTo(const std::string& path, const std::string& base) {
  std::error_code ignored;
  fs::path relative = fs::relative(path, base, ignored);
  return relative.empty() ? path : relative.generic_string();
}

std::string WithStderr(std::string message, const std::string& stderr_path) {
  std::string tail = TailOfFile(stderr_path, 12, 2048);
  if (!tail.empty()) message += "; stderr ends with:\n" + tail;
  return message;
}

// Returns true when the measured process ran out of memory under its
// RLIMIT_DATA cap: the case driver exits kCaseExitOutOfMemory (directly or
// through heaptrack's script); under massif valgrind's operator new cannot
// throw and exits 1 with its own message.
bool HitMemoryCap(const ChildResult& child, const std::string& stderr_path) {
  if (!child.exited) return false;
  if (child.exit_code == kCaseExitOutOfMemory) return true;
  return child.exit_code == 1 &&
         TailOfFile(stderr_path, 40, 8192)
                 .find("new/new[] failed and should throw an exception") !=
             std::string::npos;
}

// Returns why a finished child did not run cleanly, or "".
std::string ChildFailure(const ChildResult& child, const ChildSpec& spec) {
  if (!child.spawn_error.empty()) return child.spawn_error;
  if (child.cancelled) return "interrupted";
  if (child.timed_out) {
    return WithStderr(fmt::format("timed out after {} s (stopped its process "
                                  "group: SIGTERM, then SIGKILL)",
                                  spec.timeout_seconds),
                      spec.stderr_path);
  }
  if (child.signal != 0) {
    return WithStderr(fmt::format("killed by signal {} ({})", child.signal,
                                  SignalName(child.signal)),
                      spec.stderr_path);
  }
  if (child.exit_code == 0) return "";
  std::string message = fmt::format("exited with status {}", child.exit_code);
  // A tool wrapper script (heaptrack) reports a child's signal as 128+N.
  if (child.exit_code > 128 && child.exit_code < 128 + 65) {
    message += fmt::format(" (the measured process died of {})",
                           SignalName(child.exit_code - 128));
  }
  return WithStderr(message, spec.stderr_path);
}

std::string MemoryCapMessage(const Job& job, const FixtureStats& stats,
                             std::uint64_t cap) {
  // The plan evaluates each bound once (EvaluateBounds); a job made by hand
  // may not have it yet.
  std::uint64_t bound = job.bound_bytes ? *job.bound_bytes
                        : job.bound     ? job.bound->Evaluate(stats)
                                        : 0;
  double ratio = bound == 0 ? 0 : static_cast<double>(cap) / bound;
  int decimals = ratio < 10 && ratio != std::floor(ratio) ? 1 : 0;
  std::string times =
      bound == 0 ? "" : fmt::format(" ({:.{}f} x the bound)", ratio, decimals);
  return fmt::format("exceeded the memory cap of {} B ({}){}", cap,
                     HumanBytes(cap), times);
}

class JobExecutor {
 public:
  JobExecutor(const RunnerOptions& options, std::string scratch)
      : options_(options), scratch_(std::move(scratch)) {}

  JobOutcome Run(const Job& job) {
    JobOutcome outcome;
    outcome.job = job;
    std::unique_ptr<ToolAdapter> tool = options_.make_tool(job.tool);
    if (!tool) {
      outcome.error = fmt::format("unknown tool '{}'", job.tool);
      return outcome;
    }
    if (std::string why = tool->Unavailable(); !why.empty()) {
      outcome.error = why;
      return outcome;
    }
    auto fixture = options_.fixtures.find(job.fixture);
    if (fixture == options_.fixtures.end()) {
      auto why = options_.fixture_errors.find(job.fixture);
      outcome.error =
          why != options_.fixture_errors.end()
              ? fmt::format("fixture '{}': {}", job.fixture, why->second)
              : fmt::format("fixture '{}' is not available", job.fixture);
      return outcome;
    }
    Measure(*tool, fixture->second, outcome);
    return outcome;
  }

 private:
  ChildSpec SpecFor(const ToolAdapter& tool, const Job& job,
                    const Fixture& fixture, const std::string& stem) {
    ChildSpec spec;
    std::error_code ignored;
    std::string root = fs::absolute(fixture.root, ignored).string();
    spec.argv = tool.Wrap(job.Command(options_.driver, root), stem);
    spec.environment = tool.Environment(stem);
    if (job.program) {
      for (const auto& variable : job.program->env)
        spec.environment.push_back(variable);
    }
    // The tool notes the heap at the first open of a file under the root.
    if (job.net_method == NetMethod::kOpenMarker) {
      for (auto& variable : tool.MarkerEnvironment(root))
        spec.environment.push_back(std::move(variable));
    }
    // The case driver dies with its parent when that is a tool's script.
    spec.environment.emplace_back(kRunnerPidVariable, std::to_string(getpid()));
    spec.stdout_path = scratch_ + "/" + job.Id() + ".stdout";
    spec.stderr_path = scratch_ + "/" + job.Id() + ".stderr";
    spec.timeout_seconds = options_.timeout_seconds;
    spec.memory_cap_bytes = MemoryCapFor(job, fixture.stats);
    spec.spawner = options_.spawner;
    return spec;
  }

  // Runs the job's child and reads what it left.
  void Measure(const ToolAdapter& tool, const Fixture& fixture,
               JobOutcome& outcome) {
    static const std::atomic<bool> kNever{false};
    const Job& job = outcome.job;
    std::string stem = options_.out_dir + "/raw/" + job.Id();
    // Removes outputs of an earlier run, so a run that writes nothing cannot
    // be judged by stale data.
    for (const std::string& file : tool.RawFiles(stem)) {
      std::error_code ignored;
      fs::remove(file, ignored);
    }
    ChildSpec spec = SpecFor(tool, job, fixture, stem);
    outcome.memory_cap_bytes = spec.memory_cap_bytes;
    std::optional<MeasurementKey> key;
    if (options_.reuse) {
      key = KeyFor(tool, fixture, spec, stem);
      if (Reuse(*key, stem, outcome)) return;
    }
    int pid = 0;
    spec.on_started = [&](int started) {
      pid = started;
      RecordJobPid(scratch_, pid);
    };
    ChildResult child =
        RunChild(spec, options_.cancel ? *options_.cancel : kNever);
    if (!child.stopped_pids.empty()) RemoveToolDebris(child.stopped_pids);
    if (pid != 0) ForgetJobPid(scratch_, pid);
    outcome.max_rss_bytes = child.max_rss_bytes;
    outcome.wall_seconds = child.wall_seconds;
    for (const std::string& file : tool.RawFiles(stem)) {
      if (fs::exists(file))
        outcome.raw.push_back(RelativeTo(file, options_.out_dir));
    }
    outcome.hit_memory_cap = HitMemoryCap(child, spec.stderr_path);
    if (outcome.hit_memory_cap) {
      outcome.error =
          MemoryCapMessage(job, fixture.stats, spec.memory_cap_bytes);
    } else {
      outcome.error = ChildFailure(child, spec);
    }
    if (outcome.error.empty()) {
      std::string output = ReadWholeFile(spec.stdout_path);
      std::string problem = job.program
                                ? CheckProgramOutput(output, job, fixture.stats,
                                                     &outcome.digest_ok)
                                : CheckDriverOutput(output, job, fixture.stats,
                                                    &outcome.digest_ok);
      if (!problem.empty())
        outcome.error = WithStderr(problem, spec.stderr_path);
    }
    // Keeps the peak known before the cap stopped the process.
    if (outcome.error.empty() || outcome.hit_memory_cap)
      Parse(tool, stem, outcome);
    if (key && outcome.error.empty() && outcome.measured)
      Store(*key, tool, stem, outcome);
    std::error_code ignored;
    fs::remove(spec.stdout_path, ignored);
    fs::remove(spec.stderr_path, ignored);
  }

  MeasurementKey KeyFor(const ToolAdapter& tool, const Fixture& fixture,
                        const ChildSpec& spec, const std::string& stem) {
    MeasurementKeyInputs inputs;
    inputs.job_id = fs::path(stem).filename();
    inputs.tool_version = options_.reuse->ToolVersion(tool);
    inputs.argv = spec.argv;
    for (const auto& variable : spec.environment) {
      // Differs on every run and steers nothing.
      if (variable.first != kRunnerPidVariable)
        inputs.environment.push_back(variable);
    }
    inputs.memory_cap_bytes = spec.memory_cap_bytes;
    inputs.fixture_definition_hash = fixture.definition_hash;
    inputs.fixture_digest = fixture.stats.digest;
    std::error_code ignored;
    inputs.fixture_root = fs::absolute(fixture.root, ignored).string();
    // The more specific paths first: the stem is under the out dir, which
    // may be under the build dir.
    inputs.placeholders = {{"{stem}", stem},
                           {"{scratch}", scratch_},
                           {"{out}", options_.out_dir},
                           {"{root}", inputs.fixture_root},
                           {"{build}", DefaultPaths::BinaryDir()},
                           {"{source}", DefaultPaths::SourceDir()}};
    return MakeMeasurementKey(inputs, options_.reuse->hasher());
  }

  // Takes the stored measurement of `key`, unless there is none or it took
  // longer than this run's timeout allows (measuring again would time out).
  bool Reuse(const MeasurementKey& key, const std::string& stem,
             JobOutcome& outcome) {
    std::optional<StoredMeasurement> stored =
        options_.reuse->Restore(key, stem);
    if (!stored) return false;
    if (options_.timeout_seconds > 0 &&
        stored->wall_seconds > options_.timeout_seconds) {
      return false;
    }
    outcome.measurement = std::move(stored->measurement);
    outcome.measured = true;
    outcome.max_rss_bytes = stored->max_rss_bytes;
    outcome.wall_seconds = stored->wall_seconds;
    outcome.digest_ok = stored->digest_ok;
    for (const std::string& suffix : stored->raw_suffixes)
      outcome.raw.push_back(RelativeTo(stem + suffix, options_.out_dir));
    outcome.reused = true;
    return true;
  }

  void Store(const MeasurementKey& key, const ToolAdapter& tool,
             const std::string& stem, const JobOutcome& outcome) {
    StoredMeasurement stored;
    stored.measurement = outcome.measurement;
    stored.max_rss_bytes = outcome.max_rss_bytes;
    stored.wall_seconds = outcome.wall_seconds;
    stored.digest_ok = outcome.digest_ok;
    for (const std::string& file : tool.RawFiles(stem)) {
      if (fs::exists(file))
        stored.raw_suffixes.push_back(file.substr(stem.size()));
    }
    // A store that fails costs only time on the next run.
    options_.reuse->Store(key, stored, stem);
  }

  static void Parse(const ToolAdapter& tool, const std::string& stem,
                    JobOutcome& outcome) {
    try {
      outcome.measurement = tool.Parse(stem);
      outcome.measurement.timeline =
          Downsample(outcome.measurement.timeline, kMaxTimelinePoints);
      outcome.measured = true;
    } catch (const std::exception& error) {
      if (outcome.error.empty()) {
        outcome.error = error.what();
      } else {
        outcome.error += fmt::format("; no peak: {}", error.what());
      }
    }
  }

  const RunnerOptions& options_;
  std::string scratch_;
};

}  // namespace

std::uint64_t MemoryCapFor(const Job& job, const FixtureStats& stats) {
  // The plan evaluates each bound once (EvaluateBounds); a job made by hand
  // may not have it yet.
  std::uint64_t bound = job.bound_bytes ? *job.bound_bytes
                        : job.bound     ? job.bound->Evaluate(stats)
                                        : 0;
  std::uint64_t factor = job.expect == Expectation::kExceed ? 8 : 4;
  std::uint64_t cap = bound > 8 * kGiB / factor ? 8 * kGiB : bound * factor;
  return std::clamp(cap, kGiB, 8 * kGiB);
}

std::string CheckDriverOutput(const std::string& stdout_text, const Job& job,
                              const FixtureStats& stats,
                              std::optional<bool>* digest_ok) {
  // Takes the last line that is a JSON object: tools may print their own
  // lines to stdout around the driver's.
  std::string line;
  std::istringstream lines(stdout_text);
  for (std::string each; std::getline(lines, each);) {
    if (each.rfind("{\"case\"", 0) == 0) line = each;
  }
  if (line.empty())
    return "the case driver printed no result line ({\"case\",...}) on stdout";
  nlohmann::json result = nlohmann::json::parse(line, nullptr, false);
  if (result.is_discarded() || !result.is_object() ||
      !result.contains("digest") || !result.contains("bytes") ||
      !result.contains("files") || !result["bytes"].is_number() ||
      !result["files"].is_number() || !result["digest"].is_string()) {
    return fmt::format(
        "the case driver's result line is not "
        "{{\"case\",\"bytes\",\"files\",\"digest\"}}: {}",
        line);
  }
  if (result.value("case", "") != job.case_name) {
    return fmt::format("the case driver ran case '{}', expected '{}'",
                       result.value("case", ""), job.case_name);
  }
  if (job.role == JobRole::kBaseline) return "";
  std::string digest = result["digest"].get<std::string>();
  std::uint64_t bytes = result["bytes"].get<std::uint64_t>();
  std::uint64_t files = result["files"].get<std::uint64_t>();
  *digest_ok = digest == stats.digest && bytes == stats.total_bytes &&
               files == stats.files;
  if (!**digest_ok) {
    return fmt::format(
        "digest mismatch: the case read {} files, {} bytes, digest {}; the "
        "fixture's manifest.json has {} files, {} bytes, digest {}. Either "
        "the case skips or repeats bytes, or the fixture changed on disk: "
        "`heapbound fixtures --verify --profile {}` lists the files that "
        "differ and `heapbound fixtures --profile {} --regenerate` makes it "
        "again (add the run's --cache DIR if it used one)",
        files, bytes, digest, stats.files, stats.total_bytes, stats.digest,
        job.fixture, job.fixture);
  }
  return "";
}

std::vector<TimelinePoint> Downsample(const std::vector<TimelinePoint>& points,
                                      std::size_t max_points) {
  if (points.size() <= max_points || max_points < 3) return points;
  std::size_t peak = 0;
  for (std::size_t i = 1; i < points.size(); ++i) {
    if (points[i].heap_bytes > points[peak].heap_bytes) peak = i;
  }
  // Keeps the highest point of each of (max_points - 2) equal slices, then
  // the first, the last and the peak.
  std::vector<std::size_t> keep = {0, points.size() - 1, peak};
  std::size_t slices = max_points - 3;
  for (std::size_t s = 0; s < slices; ++s) {
    std::size_t begin = 1 + s * (points.size() - 2) / slices;
    std::size_t end = 1 + (s + 1) * (points.size() - 2) / slices;
    if (begin >= end) continue;
    std::size_t best = begin;
    for (std::size_t i = begin; i < end; ++i) {
      if (points[i].heap_bytes > points[best].heap_bytes) best = i;
    }
    keep.push_back(best);
  }
  std::sort(keep.begin(), keep.end());
  keep.erase(std::unique(keep.begin(), keep.end()), keep.end());
  std::vector<TimelinePoint> kept;
  kept.reserve(keep.size());
  for (std::size_t i : keep) kept.push_back(points[i]);
  return kept;
}

std::vector<JobOutcome> RunJobs(const std::vector<Job>& jobs,
                                const RunnerOptions& options) {
  std::error_code error;
  fs::create_directories(options.out_dir + "/raw", error);
  RemoveStaleScratchDirs(options.out_dir);
  std::string scratch = ScratchDirFor(options.out_dir);
  fs::create_directories(scratch, error);

  std::vector<double> cost(jobs.size());
  for (std::size_t i = 0; i < jobs.size(); ++i)
    cost[i] = Cost(jobs[i], options);
  std::vector<std::size_t> order(jobs.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(
      order.begin(), order.end(),
      [&](std::size_t a, std::size_t b) { return cost[a] > cost[b]; });

  std::vector<JobOutcome> outcomes(jobs.size());
  std::atomic<std::size_t> next{0};
  std::size_t done = 0;
  std::mutex mutex;
  JobExecutor executor(options, scratch);
  auto worker = [&] {
    for (;;) {
      std::size_t slot = next.fetch_add(1);
      if (slot >= order.size()) return;
      std::size_t index = order[slot];
      JobOutcome outcome;
      if (options.cancel != nullptr && options.cancel->load()) {
        outcome.job = jobs[index];
        outcome.error = "interrupted";
      } else {
        outcome = executor.Run(jobs[index]);
      }
      std::lock_guard<std::mutex> lock(mutex);
      outcomes[index] = std::move(outcome);
      ++done;
      if (options.on_done) options.on_done(outcomes[index], done, jobs.size());
    }
  };
  int threads =
      std::max(1, std::min<int>(options.jobs, static_cast<int>(jobs.size())));
  std::vector<std::thread> pool;
  for (int i = 0; i < threads; ++i) pool.emplace_back(worker);
  for (std::thread& thread : pool) thread.join();
  fs::remove_all(scratch, error);
  return outcomes;
}

}  // namespace heapbound
