#include "results_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace heapbound {
namespace {

using ::testing::HasSubstr;

constexpr char kResults[] = R"({"schema": 1, "heapbound_version": "0.1.0",
 "fixtures": {"small": {"total_bytes": 64, "files": 3, "max_file": 5000,
   "max_line": 80, "max_dir_entries": 2, "digest": "ab"}},
 "results": [
  {"case": "chunk", "fixture": "small", "tool": "massif", "role": "case",
   "expect": "fit", "status": "pass", "peak_bytes": 76800,
   "baseline_bytes": 72704, "net_peak_bytes": 4096, "bound_bytes": 4608,
   "bound_expr": "4.5 KiB", "max_rss_bytes": 1000, "wall_seconds": 0.5,
   "digest_ok": true, "message": "", "timeline": "timelines/c.json",
   "raw": ["raw/c.out"], "top_sites": [{"bytes": 4096, "frames": [
     {"function": "ReadChunked", "file": "cases/chunk.cc", "line": 15}]}]},
  {"case": "chunk", "fixture": "small", "tool": "track", "role": "case",
   "expect": "fit", "status": "error", "peak_bytes": null,
   "baseline_bytes": null, "net_peak_bytes": null, "bound_bytes": 4608,
   "bound_expr": "4.5 KiB", "max_rss_bytes": null, "wall_seconds": null,
   "digest_ok": null, "message": "killed", "timeline": null},
  {"case": "whole_file_readall", "fixture": "small", "tool": "massif",
   "role": "case", "expect": "exceed", "status": "xfail", "peak_bytes": 90000,
   "baseline_bytes": 72704, "net_peak_bytes": 17296, "bound_bytes": 5000,
   "bound_expr": "max_file", "max_rss_bytes": 1, "wall_seconds": 1,
   "digest_ok": true},
  {"case": "baseline", "fixture": "small", "tool": "massif",
   "role": "baseline", "expect": "fit", "status": "pass", "peak_bytes": 72704,
   "baseline_bytes": 0, "net_peak_bytes": 72704, "bound_bytes": null,
   "bound_expr": null, "max_rss_bytes": 1, "wall_seconds": 1,
   "digest_ok": null}
 ]})";

std::string ErrorOf(const std::string& text) {
  try {
    ReadResults(text, "out/results.json");
  } catch (const ResultsError& error) {
    return error.what();
  }
  return "";
}

// Returns kResults with `change` applied to its parsed JSON.
std::string Changed(void (*change)(nlohmann::json&)) {
  nlohmann::json json = nlohmann::json::parse(kResults);
  change(json);
  return json.dump();
}

TEST(ReadResults, ReadsEveryFieldTyped) {
  ResultsFile file = ReadResults(kResults, "results.json");
  EXPECT_EQ(file.heapbound_version, "0.1.0");
  EXPECT_EQ(file.fixtures.at("small").max_file, 5000u);
  EXPECT_EQ(file.fixtures.at("small").digest, "ab");
  ASSERT_EQ(file.results.size(), 4u);
  const ResultRow& chunk = file.results[0];
  EXPECT_EQ(chunk.status, Status::kPass);
  EXPECT_EQ(chunk.net_peak_bytes, std::optional<std::uint64_t>(4096));
  EXPECT_EQ(chunk.bound_expr, "4.5 KiB");
  EXPECT_EQ(chunk.wall_seconds, std::optional<double>(0.5));
  EXPECT_EQ(chunk.raw, std::vector<std::string>{"raw/c.out"});
  EXPECT_EQ(chunk.top_sites[0].frames[0].line, 15);
  EXPECT_EQ(file.results[1].status, Status::kError);
  EXPECT_EQ(file.results[1].net_peak_bytes, std::nullopt);
  EXPECT_EQ(file.results[2].expect, Expectation::kExceed);
  EXPECT_EQ(file.results[3].role, JobRole::kBaseline);
  EXPECT_EQ(file.results[3].bound_bytes, std::nullopt);
}

TEST(ReadResults, MissingFieldNamesTheFileAndTheField) {
  EXPECT_EQ(ErrorOf(Changed([](nlohmann::json& j) {
              j["results"][3].erase("net_peak_bytes");
            })),
            "out/results.json: results[3].net_peak_bytes: missing");
}

TEST(ReadResults, MistypedFieldSaysWhatWasExpected) {
  EXPECT_EQ(ErrorOf(Changed([](nlohmann::json& j) {
              j["results"][2]["net_peak_bytes"] = "12";
            })),
            "out/results.json: results[2].net_peak_bytes: expected an "
            "unsigned integer, got \"12\"");
  EXPECT_EQ(ErrorOf(Changed(
                [](nlohmann::json& j) { j["results"][0]["peak_bytes"] = -1; })),
            "out/results.json: results[0].peak_bytes: expected an unsigned "
            "integer, got -1");
  EXPECT_EQ(ErrorOf(Changed([](nlohmann::json& j) {
              j["results"][0]["top_sites"][0]["frames"][0]["line"] = "x";
            })),
            "out/results.json: results[0].top_sites[0].frames[0].line: "
            "expected an unsigned integer, got \"x\"");
  EXPECT_EQ(ErrorOf(Changed([](nlohmann::json& j) {
              j["fixtures"]["small"]["max_line"] = 1.5;
            })),
            "out/results.json: fixtures[\"small\"].max_line: expected an "
            "unsigned integer, got 1.5");
}

TEST(ReadResults, UnknownStatusIncludingSkipIsRejected) {
  EXPECT_EQ(ErrorOf(Changed(
                [](nlohmann::json& j) { j["results"][0]["status"] = "skip"; })),
            "out/results.json: results[0].status: expected one of pass, fail, "
            "xfail, xpass, error, got \"skip\"");
}

TEST(ReadResults, WrongSchemaOrNotJsonOrDuplicatesAreErrors) {
  EXPECT_EQ(ErrorOf(R"({"schema": 2})"),
            "out/results.json: schema: unknown schema 2; heapbound reads "
            "schema 1");
  EXPECT_EQ(ErrorOf("{\"schema\": 1,"),
            "out/results.json: not valid JSON at byte 14");
  EXPECT_EQ(ErrorOf("[]"),
            "out/results.json: (top level): expected an object, got []");
  EXPECT_EQ(ErrorOf(Changed(
                [](nlohmann::json& j) { j["results"][1] = j["results"][0]; })),
            "out/results.json: results[1]: duplicate of results[0] (chunk on "
            "small under massif)");
  EXPECT_EQ(ErrorOf(Changed([](nlohmann::json& j) {
              j["results"][0]["fixture"] = "seed";
            })),
            "out/results.json: results[0].fixture: fixture \"seed\" is not "
            "listed under \"fixtures\"");
}

// Every prefix and every one-byte change of a valid file either reads or
// throws ResultsError; nothing else escapes (the fuzz target's promise).
TEST(ReadResults, OnlyResultsErrorEscapesOnMangledInput) {
  std::string text = kResults;
  for (std::size_t cut = 0; cut < text.size(); ++cut) {
    EXPECT_NE(ErrorOf(text.substr(0, cut)), "") << cut;
  }
  for (std::size_t at = 0; at < text.size(); ++at) {
    for (char c : {'\0', '"', '1', '-', '[', '{', '\351'}) {
      std::string mangled = text;
      mangled[at] = c;
      try {
        ReadResults(mangled, "r.json");
      } catch (const ResultsError&) {
      }
    }
  }
}

// Deep nesting where an object is expected neither recurses in the message
// nor overflows the stack.
TEST(ReadResults, DeeplyNestedValueIsAnErrorNotACrash) {
  std::string deep = std::string(100000, '[') + std::string(100000, ']');
  EXPECT_EQ(ErrorOf("{\"schema\": 1, \"fixtures\": " + deep + "}"),
            "out/results.json: fixtures: expected an object, got [...]");
}

TEST(ReadResultsFile, MissingFileSaysToRunFirst) {
  try {
    ReadResultsFile("/nonexistent-heapbound/results.json");
    FAIL() << "no error";
  } catch (const ResultsError& error) {
    EXPECT_EQ(std::string(error.what()),
              "/nonexistent-heapbound/results.json: cannot read: No such file "
              "or directory; run `heapbound run` first");
  }
}

}  // namespace
}  // namespace heapbound
