#pragma once

#include <cstddef>

#include "tree_digest.h"
#include "tree_walker.h"

namespace heapbound {

// Receives every byte a reader case reads from the current file; the driver
// turns them into the tree digest that must equal the manifest's.
class ByteSink {
 public:
  explicit ByteSink(TreeDigest& digest) : digest_(digest) {}
  void Update(const void* data, std::size_t size) {
    digest_.Update(data, size);
  }

 private:
  TreeDigest& digest_;
};

// Reads one regular file whole and feeds every byte, in order, to `sink`.
// Throws IoError (tree_walker.h) naming the path on any read failure.
using ReadFileFn = void (*)(const FileEntry& file, ByteSink& sink);

struct Case {
  const char* name;  // [a-z0-9_]+, the name used by --case and bounds.toml
  ReadFileFn read;
  const char* summary;  // one line for `heapbound list` and the reports
};

// Registers a case at static-initialisation time. The registry is a fixed
// array, so registering allocates nothing that would show up in a heap peak.
// Aborts with a message on a duplicate or malformed name.
bool RegisterCase(const char* name, ReadFileFn read, const char* summary);

std::size_t CaseCount();
const Case& CaseAt(std::size_t index);
// Returns the case named `name`, or nullptr.
const Case* FindCase(const char* name);

// Runs `reader` over every regular file below `root` in canonical order and
// feeds what it reads to `digest`, file by file. Throws IoError.
void RunCaseOverTree(const Case& reader, const char* root, TreeDigest& digest);

}  // namespace heapbound

#define HEAPBOUND_CONCAT_INNER(a, b) a##b
#define HEAPBOUND_CONCAT(a, b) HEAPBOUND_CONCAT_INNER(a, b)

// Registers a reader case: HEAPBOUND_CASE(chunk, ReadChunked, "one line");
#define HEAPBOUND_CASE(name, read_fn, summary)         \
  [[maybe_unused]] static const bool HEAPBOUND_CONCAT( \
      heapbound_case_registered_, __COUNTER__) =       \
      ::heapbound::RegisterCase(#name, read_fn, summary)
