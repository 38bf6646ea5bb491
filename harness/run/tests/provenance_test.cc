#include "provenance.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "child_process.h"
#include "results_reader.h"
#include "results_writer.h"
#include "test_support.h"

namespace heapbound {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;

Provenance Sample() {
  Provenance p;
  p.heapbound_version = "0.1.0";
  p.git_commit = "0123456789abcdef0123456789abcdef01234567";
  p.git_dirty = true;
  p.bounds_file = "cases/bounds.toml";
  p.bounds_hash = "44bc2cf5ad770999";
  p.tools = {{"massif", "valgrind-3.19.0"}, {"heaptrack", "heaptrack 1.4.0"}};
  p.compiler = "GNU 12.2.0";
  p.started_at = "2026-11-30T21:00:12Z";
  p.finished_at = "2026-11-30T21:00:40Z";
  p.shard = Shard{2, 3};
  return p;
}

// Writes one results.json with `record` and reads it back.
ResultsFile RoundTrip(const RunRecord& record) {
  FixtureStats stats;
  stats.total_bytes = 64;
  stats.files = 3;
  stats.max_file = 1000000;
  stats.max_line = 80;
  return ReadResults(ResultsJson({{"small", stats}},
                                 {SampleReadAllRow(Status::kXfail)}, record),
                     "out/results.json");
}

TEST(Provenance, WritesEveryFieldOfTheSchema) {
  RunRecord record;
  record.provenance = Sample();
  record.definition_hashes["small"] = "d1e2f3";
  auto json = nlohmann::json::parse(ResultsJson({}, {}, record));
  EXPECT_EQ(json["provenance"], nlohmann::json::parse(R"({
    "heapbound_version": "0.1.0",
    "git_commit": "0123456789abcdef0123456789abcdef01234567",
    "git_dirty": true, "bounds_file": "cases/bounds.toml",
    "bounds_hash": "44bc2cf5ad770999",
    "tools": {"heaptrack": "heaptrack 1.4.0", "massif": "valgrind-3.19.0"},
    "compiler": "GNU 12.2.0", "started_at": "2026-11-30T21:00:12Z",
    "finished_at": "2026-11-30T21:00:40Z",
    "shard": {"index": 2, "count": 3}})"));
}

TEST(Provenance, RoundTripsThroughTheReader) {
  RunRecord record;
  record.provenance = Sample();
  record.definition_hashes["small"] = "d1e2f3a4b5c6d7e8";
  ResultsFile file = RoundTrip(record);
  ASSERT_TRUE(file.provenance);
  const Provenance& p = *file.provenance;
  EXPECT_EQ(p.git_commit, "0123456789abcdef0123456789abcdef01234567");
  EXPECT_EQ(p.git_dirty, true);
  EXPECT_EQ(p.bounds_hash, "44bc2cf5ad770999");
  EXPECT_EQ(p.tools.at("massif"), "valgrind-3.19.0");
  EXPECT_EQ(p.compiler, "GNU 12.2.0");
  EXPECT_EQ(p.finished_at, "2026-11-30T21:00:40Z");
  ASSERT_TRUE(p.shard);
  EXPECT_EQ(*p.shard, (Shard{2, 3}));
  EXPECT_EQ(file.definition_hashes.at("small"), "d1e2f3a4b5c6d7e8");
}

TEST(Provenance, IsOptionalForReaders) {
  ResultsFile file = RoundTrip(RunRecord{});
  EXPECT_FALSE(file.provenance);
  EXPECT_TRUE(file.definition_hashes.empty());
  RunRecord unsharded;
  unsharded.provenance = Provenance{};
  unsharded.provenance->git_dirty.reset();
  file = RoundTrip(unsharded);
  ASSERT_TRUE(file.provenance);
  EXPECT_EQ(file.provenance->git_commit, "unknown");
  EXPECT_FALSE(file.provenance->git_dirty);
  EXPECT_FALSE(file.provenance->shard);
}

// Returns ReadResults' error for a results.json with `provenance` spliced in.
std::string ErrorFor(const std::string& provenance) {
  std::string text = R"({"schema": 1, "provenance": )" + provenance +
                     R"(, "fixtures": {}, "results": []})";
  try {
    ReadResults(text, "base/results.json");
  } catch (const ResultsError& error) {
    return error.what();
  }
  return "no error";
}

TEST(Provenance, ReaderNamesTheBadField) {
  EXPECT_EQ(ErrorFor(R"({"tools": {"massif": 3}})"),
            "base/results.json: provenance.tools.massif: expected a string, "
            "got 3");
  EXPECT_EQ(ErrorFor(R"({"git_dirty": "yes"})"),
            "base/results.json: provenance.git_dirty: expected a boolean or "
            "null, got \"yes\"");
  EXPECT_EQ(ErrorFor(R"({"shard": {"index": 4, "count": 3}})"),
            "base/results.json: provenance.shard.index: 4 is more than count "
            "3");
  EXPECT_EQ(ErrorFor(R"({"shard": {"index": 0, "count": 3}})"),
            "base/results.json: provenance.shard.index: expected a whole "
            "number >= 1, got 0");
  EXPECT_EQ(ErrorFor("[1]"),
            "base/results.json: provenance: expected an object or null, got "
            "[...]");
  EXPECT_EQ(ErrorFor(R"({"started_at": 5})"),
            "base/results.json: provenance.started_at: expected a string, got "
            "5");
}

TEST(Provenance, ReaderNamesABadDefinitionHash) {
  std::string text = R"({"schema": 1, "fixtures": {"tiny": {"total_bytes": 1,
    "files": 1, "max_file": 1, "max_line": 1, "definition_hash": 7}},
    "results": []})";
  try {
    ReadResults(text, "r.json");
    FAIL() << "no error";
  } catch (const ResultsError& error) {
    EXPECT_STREQ(error.what(),
                 "r.json: fixtures[\"tiny\"].definition_hash: expected a "
                 "string or null, got 7");
  }
}

TEST(Provenance, HashesTheFileBytesWithXxh64) {
  TempDir dir;
  std::string path = dir.path() + "/bounds.toml";
  std::ofstream(path) << "abc";
  EXPECT_EQ(FileXxh64(path), "44bc2cf5ad770999");
  std::ofstream(path, std::ios::trunc).flush();
  EXPECT_EQ(FileXxh64(path), "ef46db3751d8e999");
  EXPECT_THROW(FileXxh64(dir.path() + "/missing.toml"), std::runtime_error);
}

TEST(Provenance, WritesIsoUtc) {
  EXPECT_EQ(IsoUtc(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(IsoUtc(1796072412), "2026-11-30T21:00:12Z");
}

TEST(Provenance, GitStateIsUnknownOutsideACheckout) {
  TempDir dir;
  // Keeps git from finding a checkout the temp dir may lie in.
  std::string parent = std::filesystem::path(dir.path()).parent_path();
  setenv("GIT_CEILING_DIRECTORIES", parent.c_str(), 1);
  GitState state = ReadGitState(dir.path());
  EXPECT_EQ(state.commit, "unknown");
  EXPECT_FALSE(state.dirty);
  EXPECT_EQ(ReadGitState(dir.path() + "/no-such-dir").commit, "unknown");
  unsetenv("GIT_CEILING_DIRECTORIES");
}

// Runs git in `dir` and returns its stdout; fails the test when it fails.
std::string Git(const std::string& dir, std::vector<std::string> args) {
  ChildSpec spec;
  spec.argv = {
      "git", "-C", dir, "-c", "user.name=t", "-c", "user.email=t@example.com"};
  spec.argv.insert(spec.argv.end(), args.begin(), args.end());
  spec.capture_stdout = true;
  spec.capture_stderr = true;
  ChildResult result = RunChild(spec);
  EXPECT_TRUE(result.exited && result.exit_code == 0) << result.stderr_text;
  return result.stdout_text;
}

TEST(Provenance, GitStateNamesTheCommitAndDirtiness) {
  TempDir dir;
  Git(dir.path(), {"init", "-q"});
  std::ofstream(dir.path() + "/bounds.toml") << "[defaults]\n";
  Git(dir.path(), {"add", "bounds.toml"});
  Git(dir.path(), {"commit", "-q", "-m", "first"});
  std::string head = Git(dir.path(), {"rev-parse", "HEAD"});
  GitState clean = ReadGitState(dir.path());
  EXPECT_THAT(clean.commit, MatchesRegex("[0-9a-f]{40}"));
  EXPECT_EQ(clean.commit + "\n", head);
  EXPECT_EQ(clean.dirty, false);
  std::ofstream(dir.path() + "/bounds.toml", std::ios::app) << "# edit\n";
  EXPECT_EQ(ReadGitState(dir.path()).dirty, true);
}

}  // namespace
}  // namespace heapbound
