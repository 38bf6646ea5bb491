#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace heapbound {

// Content digests of the files a measurement depends on, each file read
// once per run (a run hashes the case driver for every one of its jobs).
class InputHasher {
 public:
  // Returns the xxh3-128 hex digest of the file's bytes, or "" when it
  // cannot be read. Memoized by path, size and modification time.
  std::string FileDigest(const std::string& path);
  // Returns "path digest" lines, sorted, for the shared libraries `ldd`
  // lists for `executable` (the loader included); empty for a static
  // executable or a script. Memoized by path.
  std::vector<std::string> SharedLibraries(const std::string& executable);
  // Returns a digest of the state of the tree below `root`: every regular
  // file's relative path, size and modification time, so that a fixture
  // file edited in place misses the cache (its manifest would not tell).
  std::string TreeState(const std::string& root);

 private:
  std::mutex mutex_;
  std::map<std::string, std::string> files_;  // "path size mtime" -> digest
  std::map<std::string, std::vector<std::string>> libraries_;
  std::map<std::string, std::string> trees_;
};

// Everything one job's measurement depends on, as the runner sees it just
// before it starts the job.
struct MeasurementKeyInputs {
  std::string job_id;  // "<case>.<fixture>.<tool>"
  std::string tool_version;
  std::vector<std::string> argv;  // the command under its tool, as run
  // The job's own variables (tool, marker, program env), as run.
  std::vector<std::pair<std::string, std::string>> environment;
  std::uint64_t memory_cap_bytes = 0;
  // The fixture: its definition hash, its manifest's digest and the root
  // its files are under.
  std::string fixture_definition_hash;
  std::string fixture_digest;
  std::string fixture_root;
  // Paths that differ between runs of the same job (the raw output stem,
  // the out dir) and between checkouts of the same commit (build and
  // source dirs), replaced by these names in the key: {placeholder, path}.
  std::vector<std::pair<std::string, std::string>> placeholders;
};

// A job's measurement key: the canonical text of its inputs (kept beside
// a stored measurement, to tell why a job missed) and its digest.
struct MeasurementKey {
  std::string text;
  std::string digest;  // xxh3-128 hex of text
};

// Builds the key (docs/design.md, "Reusing measurements"): heapbound's own
// executable, the tool's version, the argv and job environment with paths
// replaced by placeholders and every file they name by its content digest
// (an executable also by its shared libraries', a script also by its
// directory's files), the variables inherited from this process that
// steer allocators and runtimes (LD_*, GLIBC_*, MALLOC_*, PYTHON*, GO*,
// VALGRIND*, HEAPTRACK*), the memory cap, the fixture, the kernel release
// and the fixture's file-system block size (stdio buffers follow it).
MeasurementKey MakeMeasurementKey(const MeasurementKeyInputs& inputs,
                                  InputHasher& hasher);

}  // namespace heapbound
