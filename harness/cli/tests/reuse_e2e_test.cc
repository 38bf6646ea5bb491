// End-to-end checks of `heapbound run --reuse` on the tiny fixture: a rerun
// with nothing changed takes every stored measurement and judges the same
// rows, and a cache that cannot be made never fails a run.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "e2e_support.h"

namespace heapbound {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

class ReuseE2E : public HeapboundTestDir {
 protected:
  ReuseE2E() : HeapboundTestDir("heapbound-reuse") {}

  // chunk and whole_file_readall (and their baseline) under massif and
  // track: six jobs.
  std::vector<std::string> Args(std::vector<std::string> more) {
    more.insert(more.begin(),
                {"--quiet", "--case", "chunk", "--case", "whole_file_readall",
                 "--tool", "massif", "--tool", "track"});
    return TinyRunArgs(out_, std::move(more));
  }
};

TEST_F(ReuseE2E, ARerunTakesEveryStoredMeasurementAndJudgesTheSameRows) {
  std::vector<std::string> reuse = {"--reuse", "--reuse-dir",
                                    dir_ + "/measurements"};
  Outcome first = Heapbound(Args(reuse));
  ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
  EXPECT_THAT(first.out, HasSubstr("; 0 of 6 measurements reused"));
  nlohmann::json measured = Results();

  Outcome second = Heapbound(Args(reuse));
  ASSERT_EQ(second.exit_code, 0) << second.out << second.err;
  EXPECT_THAT(second.out, HasSubstr("; 6 of 6 measurements reused"));
  nlohmann::json reused = Results();
  ASSERT_EQ(reused["results"].size(), 6u);
  for (std::size_t i = 0; i < 6; ++i) {
    const nlohmann::json& before = measured["results"][i];
    const nlohmann::json& after = reused["results"][i];
    SCOPED_TRACE(after["case"].get<std::string>() + " " +
                 after["tool"].get<std::string>());
    EXPECT_EQ(before["reused"], false);
    EXPECT_EQ(after["reused"], true);
    for (const char* field : {"status", "peak_bytes", "net_peak_bytes",
                              "message", "top_sites", "raw", "timeline"})
      EXPECT_EQ(after[field], before[field]) << field;
    // The outputs a report links are written again.
    for (const auto& raw : after["raw"]) {
      EXPECT_TRUE(fs::exists(out_ + "/" + raw.get<std::string>())) << raw;
    }
    if (after["timeline"].is_string()) {
      EXPECT_TRUE(
          fs::exists(out_ + "/" + after["timeline"].get<std::string>()));
    }
  }

  // --no-reuse after --reuse (ci/suite's arguments, then the user's).
  reuse.push_back("--no-reuse");
  Outcome third = Heapbound(Args(reuse));
  ASSERT_EQ(third.exit_code, 0) << third.out << third.err;
  EXPECT_THAT(third.out, Not(HasSubstr("measurements reused")));
  for (const auto& row : Results()["results"]) EXPECT_EQ(row["reused"], false);
}

TEST_F(ReuseE2E, ACacheThatCannotBeMadeIsAWarningAndEveryJobIsMeasured) {
  std::ofstream(dir_ + "/blocker") << "a file where the cache dir would go\n";
  Outcome run =
      Heapbound(Args({"--reuse", "--reuse-dir", dir_ + "/blocker/cache"}));
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_THAT(run.err, HasSubstr("heapbound run: warning: --reuse: cannot "
                                 "create " +
                                 dir_ + "/blocker/cache"));
  EXPECT_THAT(run.err, HasSubstr("measuring every job"));
  for (const auto& row : Results()["results"]) EXPECT_EQ(row["reused"], false);
}

}  // namespace
}  // namespace heapbound
