#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "case_registry.h"

namespace heapbound {
namespace testing_support {

// A fresh directory below $TMPDIR (or /tmp), removed with everything in it
// when the object goes away.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  // Returns path() + "/" + relative.
  std::string Join(const std::string& relative) const;

 private:
  std::string path_;
};

// Writes `content` to `path`, creating the missing parent directories.
void WriteFile(const std::string& path, const std::string& content);
std::string ReadFile(const std::string& path);

// What a walk over a tree produces: the driver prints the same three.
struct TreeResult {
  std::string digest;  // 16 hex digits
  std::uint64_t bytes = 0;
  std::uint64_t files = 0;
};

// Computes the tree digest of tree_digest.h without TreeDigest or WalkTree:
// its own std::filesystem walk (entries sorted bytewise, symlinks and
// non-regular files skipped), whole files read with std::ifstream, XXH3 by
// hand. When `empty_files` is set every file counts as empty, which is
// what the baseline case must produce.
TreeResult ReferenceDigest(const std::string& root, bool empty_files = false);

// Runs `reader` over `root` in this process, the way the driver does.
TreeResult RunCaseInProcess(const Case& reader, const std::string& root);

// Names of the registered cases; without the baseline unless asked.
std::vector<std::string> CaseNames(bool with_baseline);

struct ProcessResult {
  int exit_code = -1;  // 128 + signal when killed, -1 when it did not start
  std::string out;
  std::string err;
};

// Runs argv (argv[0] looked up in PATH when it has no '/') without a shell,
// capturing stdout and stderr (child_process.h; `scratch_dir` is unused).
// With `run_as_uid` >= 0 the child drops to that uid and gid first.
ProcessResult RunProcess(const std::vector<std::string>& argv,
                         const std::string& scratch_dir, long run_as_uid = -1);

// Returns the directory of PATH holding `program`, or "" when it is missing.
std::string FindInPath(const std::string& program);

}  // namespace testing_support
}  // namespace heapbound
