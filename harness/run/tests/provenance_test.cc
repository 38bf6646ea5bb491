#include "provenance.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "results_reader.h"
#include "results_writer.h"
#include "test_support.h"

namespace heapbound {
namespace {

TEST(Xxh64Hex, IsSixteenLowercaseHexDigits) {
  EXPECT_EQ(Xxh64Hex(""), "ef46db3751d8e999");  // XXH64 of nothing, seed 0
  EXPECT_EQ(Xxh64Hex("a").size(), 16u);
  EXPECT_NE(Xxh64Hex("a"), Xxh64Hex("b"));
}

TEST(ResultsJson, WritesProvenanceWithTheShard) {
  Provenance provenance;
  provenance.heapbound_version = "1.2.3";
  provenance.git_commit = "0123abcd";
  provenance.git_dirty = false;
  provenance.bounds_file = "cases/bounds.toml";
  provenance.bounds_hash = "ef46db3751d8e999";
  provenance.started_at = "2026-11-30T21:00:00Z";
  provenance.finished_at = "2026-11-30T21:00:09Z";
  provenance.shard = ShardSpec{2, 3};
  JobResult row = SampleReadAllRow(Status::kXfail);
  row.job.plan_index = 7;
  auto json =
      nlohmann::json::parse(ResultsJson({{"small", {}}}, {row}, &provenance));
  EXPECT_EQ(json["provenance"], nlohmann::json::parse(R"({
      "heapbound_version": "1.2.3", "git_commit": "0123abcd",
      "git_dirty": false, "bounds_file": "cases/bounds.toml",
      "bounds_hash": "ef46db3751d8e999", "started_at": "2026-11-30T21:00:00Z",
      "finished_at": "2026-11-30T21:00:09Z",
      "shard": {"index": 2, "count": 3}})"));
  EXPECT_EQ(json["results"][0]["plan_index"], 7);
  provenance.shard.reset();
  provenance.git_commit.reset();
  json = nlohmann::json::parse(ResultsJson({}, {}, &provenance));
  EXPECT_TRUE(json["provenance"]["shard"].is_null());
  EXPECT_TRUE(json["provenance"]["git_commit"].is_null());
}

TEST(ReadResults, ReadsPlanIndexAndTreatsItAsOptional) {
  JobResult row = SampleReadAllRow(Status::kXfail);
  row.job.plan_index = 4;
  ResultsFile file = ReadResults(ResultsJson({{"small", {}}}, {row}), "r.json");
  EXPECT_EQ(file.results[0].plan_index, 4u);
  auto json = nlohmann::json::parse(ResultsJson({{"small", {}}}, {row}));
  json["results"][0].erase("plan_index");
  file = ReadResults(json.dump(), "r.json");
  EXPECT_FALSE(file.results[0].plan_index.has_value());
  json["results"][0]["plan_index"] = "4";
  try {
    ReadResults(json.dump(), "r.json");
    FAIL() << "no error";
  } catch (const ResultsError& error) {
    EXPECT_STREQ(error.what(),
                 "r.json: results[0].plan_index: expected an unsigned "
                 "integer, got \"4\"");
  }
}

TEST(CollectProvenance, HashesTheBoundsFileAndNamesAMissingOne) {
  TempDir dir;
  std::string path = dir.path() + "/bounds.toml";
  { std::ofstream(path) << "a"; }
  Provenance provenance = CollectProvenance(path, ShardSpec{1, 2});
  EXPECT_EQ(provenance.bounds_hash, Xxh64Hex("a"));
  EXPECT_EQ(provenance.heapbound_version, HEAPBOUND_VERSION);
  EXPECT_EQ(provenance.shard->count, 2);
  EXPECT_EQ(provenance.started_at.size(), 20u);  // 2026-11-30T21:00:00Z
  try {
    CollectProvenance(dir.path() + "/missing.toml", std::nullopt);
    FAIL() << "no error";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("missing.toml"),
              std::string::npos);
  }
}

}  // namespace
}  // namespace heapbound
