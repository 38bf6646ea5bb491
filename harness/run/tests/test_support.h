#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "bounds_file.h"

namespace heapbound {

// A fresh directory under the test temp dir, removed at destruction.
class TempDir {
 public:
  TempDir() {
    std::string base = ::testing::TempDir() + "heapbound-run-XXXXXX";
    path_ = mkdtemp(base.data()) ? base : "";
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

inline BoundsVocabulary TestVocabulary() {
  BoundsVocabulary vocabulary;
  vocabulary.cases = {"baseline", "chunk", "line_stream", "whole_file_readall"};
  vocabulary.tools = {"massif", "heaptrack", "track"};
  vocabulary.is_profile = [](const std::string&) { return true; };
  return vocabulary;
}

}  // namespace heapbound
