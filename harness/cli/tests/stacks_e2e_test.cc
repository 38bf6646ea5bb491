// End to end: a real run writes the folded stacks at the peak of every
// massif and heaptrack job, and their bytes add up to the job's peak.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "e2e_support.h"

namespace heapbound {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

class StacksE2E : public HeapboundTestDir {
 protected:
  StacksE2E() : HeapboundTestDir("heapbound-stacks") {}
};

// Sums the byte counts of a folded file; fails on a line without one.
std::uint64_t FoldedBytes(const std::string& text) {
  std::uint64_t sum = 0;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    std::size_t space = line.rfind(' ');
    EXPECT_NE(space, std::string::npos) << line;
    if (space == std::string::npos) continue;
    sum += std::stoull(line.substr(space + 1));
  }
  return sum;
}

TEST_F(StacksE2E, EveryMassifAndHeaptrackJobWritesStacksThatAddUpToItsPeak) {
  Outcome run = Heapbound(
      TinyRunArgs(out_, {"--quiet", "--case", "whole_file_readall", "--tool",
                         "massif", "--tool", "heaptrack", "--tool", "track"}));
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  int written = 0;
  nlohmann::json results = Results();
  for (const auto& row : results["results"]) {
    std::string id = row["case"].get<std::string>() + ".tiny." +
                     row["tool"].get<std::string>();
    if (row["tool"] == "track") {
      EXPECT_TRUE(row["stacks"].is_null()) << id;
      continue;
    }
    ASSERT_EQ(row["stacks"], "stacks/" + id + ".folded");
    std::string text = ReadText(out_ + "/stacks/" + id + ".folded");
    EXPECT_EQ(FoldedBytes(text), row["peak_bytes"].get<std::uint64_t>()) << id;
    if (row["role"] == "case") {
      // The growing buffer, root first: main before the reader's frame.
      std::size_t reader = text.find("whole_file_readall.cc:");
      ASSERT_NE(reader, std::string::npos) << text;
      std::size_t line = text.rfind('\n', reader);
      line = line == std::string::npos ? 0 : line + 1;
      EXPECT_THAT(text.substr(line, reader - line), HasSubstr("main (")) << id;
    }
    ++written;
  }
  EXPECT_EQ(written, 4);  // the case and the baseline under two tools
  EXPECT_FALSE(
      fs::exists(out_ + "/stacks/whole_file_readall.tiny.track.folded"));
}

}  // namespace
}  // namespace heapbound
