#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "run_child.h"
#include "scratch_dir.h"

namespace heapbound {
namespace {

constexpr std::uint64_t kManyBytes = 6500000;  // sum of 1 + i % 64, i < 200000
constexpr std::uint64_t kThreads = 4;
constexpr std::uint64_t kKeptBytes = kThreads * 1000 * 10;

// Runs track_stress MODE under the tracker and returns its JSON line.
nlohmann::json Track(const std::string& mode) {
  std::string out = ScratchDir() + "/heapbound_track_" + mode + ".json";
  std::remove(out.c_str());
  int status = RunChild(
      {HEAPBOUND_TRACK_STRESS, mode},
      {{"LD_PRELOAD", HEAPBOUND_TRACK_LIBRARY}, {"HEAPBOUND_TRACK_OUT", out}});
  EXPECT_EQ(status, 0) << mode;
  std::ifstream in(out);
  std::string line;
  EXPECT_TRUE(std::getline(in, line)) << "no output from the tracker: " << out;
  std::remove(out.c_str());
  return nlohmann::json::parse(line);
}

TEST(TrackLibrary, CountsNothingForAProgramThatAllocatesNothing) {
  nlohmann::json base = Track("baseline");
  EXPECT_EQ(base["peak_bytes"], 0u);  // a C program: no libstdc++ pool
  EXPECT_EQ(base["allocations"], 0u);
  EXPECT_EQ(base["error"], "");
}

TEST(TrackLibrary, GrowsItsTableForManyLiveBlocks) {
  nlohmann::json many = Track("many");
  EXPECT_EQ(many["peak_bytes"], kManyBytes);
  EXPECT_EQ(many["live_at_exit"], 0u);
  EXPECT_EQ(many["allocations"], 200000u);
  EXPECT_EQ(many["frees"], 200000u);
  EXPECT_EQ(many["unknown_frees"], 0u);
  // The downsampled timeline is small and still holds the exact peak.
  const nlohmann::json& timeline = many["timeline"];
  EXPECT_LE(timeline.size(), 2048u);
  std::uint64_t max = 0;
  for (const auto& point : timeline)
    max = std::max(max, point[1].get<std::uint64_t>());
  EXPECT_EQ(max, kManyBytes);
}

TEST(TrackLibrary, StaysExactUnderThreads) {
  for (int run = 0; run < 3; ++run) {
    nlohmann::json threads = Track("threads");
    EXPECT_EQ(threads["error"], "");
    EXPECT_EQ(threads["unknown_frees"], 0u);
    // Per thread: 50000 allocations, 25000 reallocs (a free and an
    // allocation each), 1000 kept blocks; glibc adds one block per thread
    // (its DTV) that outlives the thread.
    std::uint64_t allocations = threads["allocations"];
    std::uint64_t frees = threads["frees"];
    EXPECT_EQ(allocations, kThreads * (50000 + 25000 + 1000) + kThreads);
    EXPECT_EQ(frees, kThreads * (25000 + 50000));
    std::uint64_t live = threads["live_at_exit"];
    EXPECT_GE(live, kKeptBytes);
    EXPECT_LT(live, kKeptBytes + kThreads * 1024);
    EXPECT_GE(threads["peak_bytes"].get<std::uint64_t>(), live);
  }
}

TEST(TrackLibrary, KeepsOperatorNewFailureBehaviour) {
  std::string out = ScratchDir() + "/heapbound_track_new_failure.json";
  int status = RunChild(
      {HEAPBOUND_TRACK_NEW_FAILURE},
      {{"LD_PRELOAD", HEAPBOUND_TRACK_LIBRARY}, {"HEAPBOUND_TRACK_OUT", out}});
  EXPECT_EQ(status, 0) << "bad_alloc / nullptr expected from a huge new";
  std::ifstream in(out);
  std::string line;
  EXPECT_TRUE(std::getline(in, line));
  EXPECT_EQ(nlohmann::json::parse(line)["error"], "");
  std::remove(out.c_str());
}

}  // namespace
}  // namespace heapbound
