#include "output_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "test_support.h"

namespace heapbound {
namespace {

namespace fs = std::filesystem;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)),
                     std::istreambuf_iterator<char>());
}

TEST(WriteFileAtomically, ReplacesTheFileAndLeavesNoTemporary) {
  TempDir dir;
  std::string path = dir.path() + "/summary.md";
  std::ofstream(path) << "old";
  WriteFileAtomically(path, "new text\n");
  EXPECT_EQ(ReadFile(path), "new text\n");
  EXPECT_FALSE(fs::exists(path + ".tmp"));
}

// The temporary is a link to /dev/full: every write fails with ENOSPC.
TEST(WriteFileAtomically, FullDiskKeepsTheOldFileAndRemovesTheTemporary) {
  TempDir dir;
  std::string path = dir.path() + "/junit.xml";
  std::ofstream(path) << "old";
  fs::create_symlink("/dev/full", path + ".tmp");
  try {
    WriteFileAtomically(path, "new");
    FAIL() << "no error";
  } catch (const OutputError& error) {
    EXPECT_EQ(std::string(error.what()),
              path + ": cannot write: No space left on device");
  }
  EXPECT_EQ(ReadFile(path), "old");
  EXPECT_FALSE(fs::exists(fs::symlink_status(path + ".tmp")));
}

TEST(WriteFileAtomically, MissingDirectoryNamesTheTemporaryAndErrno) {
  TempDir dir;
  std::string path = dir.path() + "/gone/results.json";
  try {
    WriteFileAtomically(path, "x");
    FAIL() << "no error";
  } catch (const OutputError& error) {
    EXPECT_EQ(std::string(error.what()),
              path + ".tmp: cannot create: No such file or directory");
  }
}

}  // namespace
}  // namespace heapbound
