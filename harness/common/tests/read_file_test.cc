#include "read_file.h"

#include <gtest/gtest.h>

#include <string>

namespace heapbound {
namespace {

TEST(ReadWholeFile, ReadsEveryByte) {
  std::string text;
  std::string reason;
  ASSERT_TRUE(ReadWholeFile(HEAPBOUND_SOURCE_DIR "/harness/common/read_file.h",
                            &text, &reason))
      << reason;
  EXPECT_EQ(text.rfind("#pragma once\n", 0), 0u);
  EXPECT_EQ(text.back(), '\n');
}

TEST(ReadWholeFile, RefusesADirectoryInsteadOfReadingItAsEmpty) {
  std::string text = "stale";
  std::string reason;
  EXPECT_FALSE(ReadWholeFile(HEAPBOUND_SOURCE_DIR, &text, &reason));
  EXPECT_EQ(reason, "is a directory, not a file");
  EXPECT_EQ(text, "");
}

TEST(ReadWholeFile, NamesTheErrnoOfAMissingFile) {
  std::string text;
  std::string reason;
  EXPECT_FALSE(
      ReadWholeFile(HEAPBOUND_SOURCE_DIR "/no-such-file", &text, &reason));
  EXPECT_EQ(reason, "cannot open: No such file or directory");
}

}  // namespace
}  // namespace heapbound
