#pragma once

#include <string>

namespace heapbound {

// The out dir of one run, held exclusively: an flock on
// <out>/.heapbound.lock that holds the owner's pid. Two runs with the same
// --out would clobber each other's raw outputs.
class OutDirLock {
 public:
  // Creates `out_dir` when missing, checks that heapbound can write in it
  // and takes the lock without waiting. Throws OutputError naming the out
  // dir and the reason ("not a directory", strerror, or "another heapbound
  // run (pid N) is writing <out>").
  explicit OutDirLock(const std::string& out_dir);
  ~OutDirLock();
  OutDirLock(const OutDirLock&) = delete;
  OutDirLock& operator=(const OutDirLock&) = delete;

  // Returns the lock file's path.
  static std::string LockPath(const std::string& out_dir);

 private:
  int fd_ = -1;
};

// Removes what an earlier run left in `out_dir`, results.json first, then
// junit.xml, summary.md, timelines/, raw/, report/ and *.tmp files, so a
// run that stops early leaves nothing that `report` or `bless` would take
// as its own; then creates raw/ and timelines/. Throws OutputError.
void ClearOldOutputs(const std::string& out_dir);

}  // namespace heapbound
