// End-to-end checks of comparing runs: the provenance a real run records,
// `heapbound compare` on real results and `heapbound run --baseline`.
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "child_process.h"
#include "e2e_support.h"
#include "provenance.h"

namespace heapbound {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::StartsWith;

class CompareE2E : public HeapboundTestDir {
 protected:
  CompareE2E() : HeapboundTestDir("heapbound-compare") {}

  // Runs chunk on tiny under track into `out` with `more` flags.
  Outcome RunChunk(const std::string& out, std::vector<std::string> more) {
    more.insert(more.begin(), {"--quiet", "--case", "chunk", "--case",
                               "line_stream", "--tool", "track"});
    return Heapbound(TinyRunArgs(out, std::move(more)));
  }

  // Copies <from>/results.json to <to>/results.json with chunk's net peak
  // (and peak) moved by `delta` bytes; returns the edited document.
  nlohmann::json CopyWithChunkMoved(const std::string& from,
                                    const std::string& to, long delta) {
    nlohmann::json results =
        nlohmann::json::parse(ReadText(from + "/results.json"));
    for (auto& row : results["results"]) {
      if (row["case"] != "chunk") continue;
      row["net_peak_bytes"] = row["net_peak_bytes"].get<long>() + delta;
      row["peak_bytes"] = row["peak_bytes"].get<long>() + delta;
    }
    std::filesystem::create_directories(to);
    std::ofstream(to + "/results.json") << results.dump(1);
    return results;
  }

  // Writes cases/bounds.toml with `max_growth` in [defaults]; returns it.
  std::string BoundsWithMaxGrowth(const std::string& max_growth) {
    std::string text = ReadText(HEAPBOUND_BOUNDS_TOML);
    std::size_t defaults = text.find("[defaults]\n");
    EXPECT_NE(defaults, std::string::npos);
    text.insert(defaults + 11, "max_growth = \"" + max_growth + "\"\n");
    std::string path = dir_ + "/bounds.toml";
    std::ofstream(path) << text;
    return path;
  }

  static long ChunkNetPeak(const nlohmann::json& results) {
    for (const auto& row : results["results"]) {
      if (row["case"] == "chunk") return row["net_peak_bytes"].get<long>();
    }
    return -1;
  }
};

// Returns `git -C <source dir> args...`'s first line of stdout.
std::string GitLine(std::vector<std::string> args) {
  args.insert(args.begin(), {"git", "-C", HEAPBOUND_SOURCE_DIR});
  int status = -1;
  std::string out = RunAndCapture(args, &status);
  return out.substr(0, out.find('\n'));
}

TEST_F(CompareE2E, RunRecordsItsProvenance) {
  Outcome run =
      Heapbound(TinyRunArgs(out_, {"--quiet", "--case", "chunk", "--tool",
                                   "track", "--tool", "massif"}));
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  nlohmann::json results = Results();
  const nlohmann::json& p = results["provenance"];
  EXPECT_EQ(p["heapbound_version"], HEAPBOUND_VERSION);
  EXPECT_EQ(p["git_commit"], GitLine({"rev-parse", "HEAD"}));
  EXPECT_EQ(
      p["git_dirty"],
      !GitLine({"status", "--porcelain", "--untracked-files=normal"}).empty());
  EXPECT_EQ(p["bounds_file"], HEAPBOUND_BOUNDS_TOML);
  EXPECT_EQ(p["bounds_hash"], FileXxh64(HEAPBOUND_BOUNDS_TOML));
  EXPECT_THAT(p["tools"]["massif"].get<std::string>(),
              MatchesRegex("valgrind-[0-9]+\\.[0-9]+\\.[0-9]+"));
  EXPECT_EQ(p["tools"]["track"], "heapbound_track " HEAPBOUND_VERSION);
  EXPECT_FALSE(p["tools"].contains("heaptrack"));  // not planned
  EXPECT_EQ(p["compiler"], CompilerId());
  EXPECT_THAT(p["compiler"].get<std::string>(), MatchesRegex("[A-Za-z]+ .+"));
  const char* kIso =
      "20[0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]"
      ":[0-6][0-9]Z";
  EXPECT_THAT(p["started_at"].get<std::string>(), MatchesRegex(kIso));
  EXPECT_THAT(p["finished_at"].get<std::string>(), MatchesRegex(kIso));
  EXPECT_LE(p["started_at"].get<std::string>(),
            p["finished_at"].get<std::string>());
  EXPECT_TRUE(p["shard"].is_null());
  nlohmann::json stamp = nlohmann::json::parse(
      ReadText(std::string(HEAPBOUND_TEST_FIXTURES) + "/tiny/stamp.json"));
  EXPECT_EQ(results["fixtures"]["tiny"]["definition_hash"],
            stamp["definition_hash"]);
  EXPECT_THAT(stamp["definition_hash"].get<std::string>(),
              MatchesRegex("[0-9a-f]+"));
}

// The "done when": a run, a grown copy, and compare shows the delta.
TEST_F(CompareE2E, CompareShowsTheDeltaOfAGrownCopy) {
  ASSERT_EQ(RunChunk(dir_ + "/base", {}).exit_code, 0);
  nlohmann::json base =
      nlohmann::json::parse(ReadText(dir_ + "/base/results.json"));
  long before = ChunkNetPeak(base);
  ASSERT_GT(before, 0);
  CopyWithChunkMoved(dir_ + "/base", dir_ + "/head", 512);
  Outcome compare =
      Heapbound({"compare", dir_ + "/base", dir_ + "/head/results.json"});
  ASSERT_EQ(compare.exit_code, 0) << compare.err;
  EXPECT_THAT(compare.out, HasSubstr(fmt::format("{} B -> {} B (+512 B", before,
                                                 before + 512)));
  EXPECT_THAT(compare.out, HasSubstr("1 grew, 0 shrank, 1 unchanged"));
  std::string md = ReadText(dir_ + "/head/compare.md");
  EXPECT_THAT(md, HasSubstr(fmt::format("| chunk | tiny | track | {} B | {} B "
                                        "| +512 B |",
                                        before, before + 512)));
  EXPECT_THAT(md, HasSubstr("<details><summary>1 unchanged row</summary>"));
  nlohmann::json json =
      nlohmann::json::parse(ReadText(dir_ + "/head/compare.json"));
  EXPECT_EQ(json["rows"][0]["case"], "chunk");
  EXPECT_EQ(json["rows"][0]["delta_bytes"], 512);
  EXPECT_EQ(json["base"]["git_commit"], base["provenance"]["git_commit"]);
  // --out puts them elsewhere.
  ASSERT_EQ(Heapbound({"compare", dir_ + "/base", dir_ + "/head", "--out",
                       dir_ + "/elsewhere"})
                .exit_code,
            0);
  EXPECT_TRUE(std::filesystem::exists(dir_ + "/elsewhere/compare.md"));
}

TEST_F(CompareE2E, RunWithBaselineFailsOnGrowthBeyondMaxGrowth) {
  ASSERT_EQ(RunChunk(dir_ + "/first", {}).exit_code, 0);
  // The baseline had 512 B less: this run grew by 512 B, within its bound.
  CopyWithChunkMoved(dir_ + "/first", dir_ + "/smaller", -512);
  std::string bounds = BoundsWithMaxGrowth("0 B");
  Outcome run =
      RunChunk(out_, {"--bounds", bounds, "--baseline", dir_ + "/smaller"});
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_THAT(
      run.out,
      HasSubstr("grew by 512 B since the baseline run (max_growth 0 B)"));
  nlohmann::json results = Results();
  for (const auto& row : results["results"]) {
    if (row["case"] == "chunk") {
      EXPECT_EQ(row["status"], "fail");
      EXPECT_LE(row["net_peak_bytes"], row["bound_bytes"]);  // bound holds
    }
  }
  nlohmann::json json = nlohmann::json::parse(ReadText(out_ + "/compare.json"));
  EXPECT_EQ(json["rows"][0]["over_max_growth"], true);
  EXPECT_THAT(ReadText(out_ + "/compare.md"), HasSubstr("**exceeded**"));
  // Within "1 KiB" the same growth passes; without max_growth it is only
  // reported.
  EXPECT_EQ(RunChunk(out_, {"--bounds", BoundsWithMaxGrowth("1 KiB"),
                            "--baseline", dir_ + "/smaller"})
                .exit_code,
            0);
  Outcome plain = RunChunk(out_, {"--baseline", dir_ + "/smaller"});
  EXPECT_EQ(plain.exit_code, 0);
  EXPECT_THAT(plain.out, HasSubstr("grew   chunk.tiny.track"));
  // A run without --baseline leaves no compare output of the last one.
  ASSERT_EQ(RunChunk(out_, {}).exit_code, 0);
  EXPECT_FALSE(std::filesystem::exists(out_ + "/compare.md"));
  EXPECT_FALSE(std::filesystem::exists(out_ + "/compare.json"));
}

TEST_F(CompareE2E, ShrinkageSuggestsBlessAndNeverFails) {
  ASSERT_EQ(RunChunk(dir_ + "/first", {}).exit_code, 0);
  CopyWithChunkMoved(dir_ + "/first", dir_ + "/larger", 100);
  Outcome run = RunChunk(out_, {"--bounds", BoundsWithMaxGrowth("0 B"),
                                "--baseline", dir_ + "/larger"});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_THAT(run.out, HasSubstr("by 100 B; `heapbound bless` lowers its "
                                 "bound to keep the gain"));
  EXPECT_THAT(ReadText(out_ + "/compare.md"), HasSubstr("`heapbound bless`"));
}

TEST_F(CompareE2E, BaselineMayBeTheOutDirItself) {
  ASSERT_EQ(RunChunk(out_, {}).exit_code, 0);
  Outcome again = RunChunk(
      out_, {"--bounds", BoundsWithMaxGrowth("0 B"), "--baseline", out_});
  EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_THAT(again.out, HasSubstr("0 grew, 0 shrank, 2 unchanged"));
}

TEST_F(CompareE2E, RowsOfAnotherFixtureDefinitionAreNotCompared) {
  ASSERT_EQ(RunChunk(dir_ + "/base", {}).exit_code, 0);
  nlohmann::json head =
      CopyWithChunkMoved(dir_ + "/base", dir_ + "/head", 4096);
  head["fixtures"]["tiny"]["definition_hash"] = "0000000000000000";
  std::ofstream(dir_ + "/head/results.json") << head.dump();
  Outcome compare = Heapbound({"compare", dir_ + "/base", dir_ + "/head"});
  ASSERT_EQ(compare.exit_code, 0);
  EXPECT_THAT(compare.out, HasSubstr("0 grew, 0 shrank, 0 unchanged, 0 added, "
                                     "0 removed, 2 not compared"));
  EXPECT_THAT(ReadText(dir_ + "/head/compare.md"),
              HasSubstr("- `chunk.tiny.track`: fixture tiny has another "
                        "definition (definition_hash "));
}

TEST_F(CompareE2E, BadInputIsExitTwoNamingFileAndField) {
  ASSERT_EQ(RunChunk(dir_ + "/base", {}).exit_code, 0);
  nlohmann::json head = CopyWithChunkMoved(dir_ + "/base", dir_ + "/head", 0);
  head["results"][0].erase("net_peak_bytes");
  std::ofstream(dir_ + "/head/results.json") << head.dump();
  Outcome compare = Heapbound({"compare", dir_ + "/base", dir_ + "/head"});
  EXPECT_EQ(compare.exit_code, 2);
  EXPECT_THAT(compare.err, HasSubstr(dir_ + "/head/results.json: results[0]."
                                            "net_peak_bytes: missing"));
  Outcome missing = Heapbound({"compare", dir_ + "/nothing", dir_ + "/base"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_THAT(missing.err, HasSubstr(dir_ + "/nothing: cannot read"));
  // run --baseline checks BASE before it runs anything.
  Outcome run = RunChunk(out_, {"--baseline", dir_ + "/head"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr("results[0].net_peak_bytes: missing"));
  EXPECT_FALSE(std::filesystem::exists(out_ + "/results.json"));
}

}  // namespace
}  // namespace heapbound
