#pragma once

#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "measurement.h"

namespace heapbound {

// The project's source tree: tells which frames of an allocation site are
// the project's own code and names their files relative to its root, as
// GitHub annotations and GitLab code quality reports need them.
class SourceTree {
 public:
  explicit SourceTree(std::string root);

  const std::string& root() const { return root_; }

  // Returns `file` relative to the root ("cases/chunk.cc") when it is one
  // of the project's files, else none. Tools name files in several ways,
  // all handled: absolute under the root, relative to the build dir
  // (heaptrack: "../../../cases/chunk.cc"), or absolute under another
  // checkout of the same tree (a compiler cache hit): then the longest
  // tail of the path that is a file under the root wins.
  std::optional<std::string> ProjectPath(const std::string& file) const;

 private:
  std::optional<std::string> Resolve(const std::string& file) const;

  std::string root_;
  mutable std::mutex mutex_;
  mutable std::map<std::string, std::optional<std::string>> cache_;
};

// The tree heapbound was built from (HEAPBOUND_SOURCE_DIR).
const SourceTree& ProjectSourceTree();

// Returns true for frames inside the allocator itself (malloc, operator
// new, std::allocator, ...): never the place to look at.
bool IsAllocatorFrame(const Frame& frame);

// Returns true for files of the system: /usr/include (libstdc++ headers),
// /usr/lib, glibc's and libstdc++'s own sources, shared objects.
bool IsSystemFile(const std::string& file);

// Returns the index into site.frames (innermost first) of the first frame
// in the project's own code: the first whose file is in `tree`, else the
// first frame with a source line that is neither the allocator's, nor the
// standard library's, nor in the system's files; none when there is no
// such frame.
std::optional<std::size_t> UserFrame(const AllocationSite& site,
                                     const SourceTree& tree);

// Returns `project_path` (relative to tree.root()) relative to `repo_root`
// instead, when the tree lies inside it (a project in a subfolder of the
// checked-out repository); else `project_path` unchanged. An empty
// `repo_root` means the tree is the repository.
std::string RepoPath(const std::string& project_path, const SourceTree& tree,
                     const std::string& repo_root);

}  // namespace heapbound
