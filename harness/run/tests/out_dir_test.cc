#include "out_dir.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "output_file.h"
#include "test_support.h"

namespace heapbound {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

std::string ErrorOf(const std::string& out_dir) {
  try {
    OutDirLock lock(out_dir);
  } catch (const OutputError& error) {
    return error.what();
  }
  return "";
}

TEST(OutDirLock, CreatesTheOutDirAndItsLockFile) {
  TempDir dir;
  std::string out = dir.path() + "/a/b/out";
  OutDirLock lock(out);
  EXPECT_TRUE(fs::is_directory(out));
  EXPECT_TRUE(fs::exists(OutDirLock::LockPath(out)));
}

TEST(OutDirLock, AFileAsOutDirIsNamedNotBlamedOnATool) {
  TempDir dir;
  std::string out = dir.path() + "/out";
  std::ofstream(out) << "a file";
  EXPECT_EQ(ErrorOf(out),
            "out dir " + out + ": not a directory; pass --out a directory");
  EXPECT_EQ(ErrorOf(out + "/sub"),
            out + "/sub: cannot create the out dir: Not a directory");
}

TEST(OutDirLock, ASecondRunOnTheSameOutDirIsRefusedWithTheOwnersPid) {
  TempDir dir;
  std::string out = dir.path() + "/out";
  OutDirLock first(out);
  // flock locks belong to the open file description: a second open, as
  // another process would make, conflicts.
  EXPECT_EQ(ErrorOf(out),
            fmt::format("another heapbound run (pid {}) is writing {}; wait "
                        "for it or pass another --out",
                        getpid(), out));
}

TEST(OutDirLock, IsReleasedWhenDestroyed) {
  TempDir dir;
  std::string out = dir.path() + "/out";
  { OutDirLock first(out); }
  EXPECT_EQ(ErrorOf(out), "");
}

TEST(ClearOldOutputs, RemovesEveryOutputOfTheLastRunAndKeepsTheRest) {
  TempDir dir;
  std::string out = dir.path();
  for (const char* file :
       {"results.json", "junit.xml", "summary.md", "codequality.json",
        "results.json.tmp", "timelines/a.json", "stacks/a.folded",
        "raw/a.massif.out", "report/index.html", "notes.txt"}) {
    fs::create_directories(fs::path(out + "/" + file).parent_path());
    std::ofstream(out + "/" + file) << "old";
  }
  ClearOldOutputs(out);
  std::vector<std::string> left;
  for (const auto& entry : fs::recursive_directory_iterator(out))
    left.push_back(entry.path().lexically_relative(out).string());
  std::sort(left.begin(), left.end());
  EXPECT_EQ(left, (std::vector<std::string>{"notes.txt", "raw", "timelines"}));
}

}  // namespace
}  // namespace heapbound
