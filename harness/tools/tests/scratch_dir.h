#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <system_error>

namespace heapbound {

// Returns this test process's scratch folder in the build tree (never
// /tmp), creating it; ScratchCleaner removes it at exit.
inline const std::string& ScratchDir() {
  static const std::string dir = [] {
    std::string path = std::string(HEAPBOUND_TESTS_SCRATCH) + "/run-" +
                       std::to_string(::getpid());
    std::filesystem::create_directories(path);
    return path;
  }();
  return dir;
}

// Removes the scratch folder when the test program ends.
class ScratchCleaner : public ::testing::Environment {
 public:
  void TearDown() override {
    std::error_code ignored;
    std::filesystem::remove_all(ScratchDir(), ignored);
  }
};
inline ::testing::Environment* const kScratchCleaner =
    ::testing::AddGlobalTestEnvironment(new ScratchCleaner);

}  // namespace heapbound
