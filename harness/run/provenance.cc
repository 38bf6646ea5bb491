#include "provenance.h"

#include <fmt/format.h>
#include <xxhash.h>

#include <ctime>
#include <filesystem>
#include <stdexcept>

#include "child_process.h"
#include "read_file.h"

namespace heapbound {
namespace {

// Runs git in `dir` and returns its first stdout line, or none when git is
// missing, `dir` is not in a checkout or git fails.
std::optional<std::string> Git(const std::string& dir,
                               std::vector<std::string> args) {
  ChildSpec spec;
  spec.argv = {"git", "-C", dir};
  spec.argv.insert(spec.argv.end(), args.begin(), args.end());
  spec.capture_stdout = true;
  spec.stderr_path = "/dev/null";
  spec.timeout_seconds = 30;
  ChildResult child = RunChild(spec);
  if (!child.spawn_error.empty() || !child.exited || child.exit_code != 0)
    return std::nullopt;
  return child.stdout_text.substr(0, child.stdout_text.find('\n'));
}

}  // namespace

std::string UtcNow() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

std::string Xxh64Hex(const std::string& bytes) {
  return fmt::format("{:016x}", XXH64(bytes.data(), bytes.size(), 0));
}

Provenance CollectProvenance(const std::string& bounds_file,
                             std::optional<ShardSpec> shard) {
  Provenance provenance;
  provenance.heapbound_version = HEAPBOUND_VERSION;
  provenance.bounds_file = bounds_file;
  std::string bytes, reason;
  if (!ReadWholeFile(bounds_file, &bytes, &reason))
    throw std::runtime_error(fmt::format("{}: {}", bounds_file, reason));
  provenance.bounds_hash = Xxh64Hex(bytes);
  std::string dir =
      std::filesystem::absolute(bounds_file).parent_path().string();
  provenance.git_commit = Git(dir, {"rev-parse", "--verify", "-q", "HEAD"});
  if (provenance.git_commit) {
    // Untracked files do not change what is built from the commit.
    std::optional<std::string> changes =
        Git(dir, {"status", "--porcelain", "--untracked-files=no"});
    if (changes) provenance.git_dirty = !changes->empty();
  }
  provenance.started_at = UtcNow();
  provenance.shard = shard;
  return provenance;
}

}  // namespace heapbound
