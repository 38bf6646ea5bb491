#pragma once

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

#include "scratch_dir.h"

namespace heapbound {

// The golden files recorded by record_goldens.sh from programs/.
inline std::string Golden(const std::string& name) {
  return std::string(HEAPBOUND_TOOLS_TESTDATA) + "/" + name;
}

// The libstdc++ emergency pool every golden program carries (GCC 12).
constexpr std::uint64_t kPool = 72704;

inline std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// A file in the test's scratch folder, removed by the destructor.
class TempFile {
 public:
  explicit TempFile(const std::string& name)
      : path_(ScratchDir() + "/heapbound_tools_" + name) {}
  ~TempFile() { std::remove(path_.c_str()); }
  const std::string& path() const { return path_; }
  void Write(const std::string& content) const {
    std::ofstream(path_, std::ios::binary) << content;
  }

 private:
  std::string path_;
};

}  // namespace heapbound
