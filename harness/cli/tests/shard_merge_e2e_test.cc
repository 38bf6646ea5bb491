// `heapbound run --shard I/N` and `heapbound merge` end to end on tiny with
// massif, heaptrack and track: three shards merged equal one run.
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "child_process.h"
#include "e2e_support.h"

namespace heapbound {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;
using ::testing::HasSubstr;

// Runs heapbound with `args`; stdout and stderr go to files beside `log`.
Outcome RunHeapbound(const std::vector<std::string>& args,
                     const std::string& log) {
  ChildSpec spec;
  spec.argv = {HEAPBOUND_BIN};
  spec.argv.insert(spec.argv.end(), args.begin(), args.end());
  spec.stdout_path = log + ".out";
  spec.stderr_path = log + ".err";
  spec.timeout_seconds = 280;
  ChildResult child = RunChild(spec);
  return {child.exited ? child.exit_code : -child.signal,
          ReadText(spec.stdout_path), ReadText(spec.stderr_path)};
}

Json ReadJson(const std::string& path) { return Json::parse(ReadText(path)); }

// Writes `json` with its keys sorted (nlohmann::json), unlike heapbound:
// merge must compare fields by value, not by key order.
void WriteJson(const std::string& path, const Json& json) {
  std::ofstream(path) << json.dump(1);
}

std::set<std::string> FilesUnder(const std::string& dir) {
  std::set<std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file())
      files.insert(fs::relative(entry.path(), dir).string());
  }
  return files;
}

// The driver's cases only: CPython's and Go's peaks move by tens of bytes
// from run to run, so two runs of the program cases are never equal to the
// byte, sharded or not.
std::vector<std::string> BuiltinCaseArgs(std::vector<std::string> extra) {
  for (const char* name : {"chunk", "line_stream", "mmap", "whole_file_exact",
                           "whole_file_readall"}) {
    extra.push_back("--case");
    extra.push_back(name);
  }
  return extra;
}

// Returns the line of `[case.<name>]`'s max_peak in the bounds file text.
int MaxPeakLine(const std::string& bounds, const std::string& name) {
  std::size_t table = bounds.find("[case." + name + "]");
  std::size_t key = bounds.find("\nmax_peak", table);
  if (table == std::string::npos || key == std::string::npos) return 0;
  return 2 + static_cast<int>(
                 std::count(bounds.begin(), bounds.begin() + key, '\n'));
}

// The source checkout: the repository as GITHUB_WORKSPACE names it.
std::string SourceDir() {
  return fs::path(HEAPBOUND_BOUNDS_TOML).parent_path().parent_path().string();
}

// Returns how often `part` occurs in `text`.
std::size_t Occurrences(const std::string& text, const std::string& part) {
  std::size_t count = 0;
  for (std::size_t at = text.find(part); at != std::string::npos;
       at = text.find(part, at + part.size()))
    ++count;
  return count;
}

class ShardMergeE2E : public HeapboundTestDir {
 protected:
  ShardMergeE2E() : HeapboundTestDir("heapbound-shard") {}

  // Runs tiny unsharded and as three shards once for every test.
  static void SetUpTestSuite() {
    std::string base = ::testing::TempDir() + "heapbound-shards-XXXXXX";
    ASSERT_NE(mkdtemp(base.data()), nullptr);
    runs_ = new std::string(base);
    Outcome full =
        RunHeapbound(TinyRunArgs(base + "/full", BuiltinCaseArgs({"--quiet"})),
                     base + "/full");
    ASSERT_EQ(full.exit_code, 0) << full.out << full.err;
    for (int i = 1; i <= 3; ++i) {
      std::string out = fmt::format("{}/shard{}", base, i);
      Outcome shard = RunHeapbound(
          TinyRunArgs(out, BuiltinCaseArgs(
                               {"--quiet", "--shard", fmt::format("{}/3", i)})),
          out);
      ASSERT_EQ(shard.exit_code, 0) << shard.out << shard.err;
    }
  }

  static void TearDownTestSuite() {
    std::error_code ignored;
    fs::remove_all(*runs_, ignored);
    delete runs_;
    runs_ = nullptr;
  }

  static std::string Full() { return *runs_ + "/full"; }
  static std::string Shard(int i) {
    return fmt::format("{}/shard{}", *runs_, i);
  }

  // Copies shard `i` into this test's dir, so that it can be altered.
  std::string CopyShard(int i) {
    std::string copy = fmt::format("{}/shard{}", dir_, i);
    fs::copy(Shard(i), copy, fs::copy_options::recursive);
    return copy;
  }

  // Returns `merge --out <out>` + `inputs`.
  Outcome Merge(std::vector<std::string> inputs) {
    std::vector<std::string> args = {"merge", "--out", out_};
    args.insert(args.end(), inputs.begin(), inputs.end());
    return Heapbound(args);
  }

  static std::string* runs_;
};

std::string* ShardMergeE2E::runs_ = nullptr;

TEST_F(ShardMergeE2E, ThreeShardsMergedEqualOneRun) {
  // Given in another order: merge orders the shards itself.
  Outcome merged = Merge({Shard(3), Shard(1), Shard(2)});
  ASSERT_EQ(merged.exit_code, 0) << merged.out << merged.err;
  EXPECT_THAT(merged.out, HasSubstr("heapbound merge: 3 shards; 15 pass, 3 "
                                    "xfail; exit 0"));
  Json one = ReadJson(Full() + "/results.json");
  Json all = Results();
  EXPECT_EQ(all["fixtures"], one["fixtures"]);
  EXPECT_TRUE(all["provenance"]["shard"].is_null());
  EXPECT_EQ(all["provenance"]["git_commit"], one["provenance"]["git_commit"]);
  EXPECT_EQ(all["provenance"]["bounds_hash"], one["provenance"]["bounds_hash"]);
  ASSERT_EQ(all["results"].size(), one["results"].size());
  ASSERT_EQ(one["results"].size(), 18u);  // 5 cases x 3 tools + 3 baselines
  for (std::size_t i = 0; i < one["results"].size(); ++i) {
    const Json& want = one["results"][i];
    const Json& got = all["results"][i];
    std::string id =
        want["case"].get<std::string>() + "." + want["tool"].get<std::string>();
    for (const char* key :
         {"case", "fixture", "tool", "role", "status", "peak_bytes",
          "baseline_bytes", "net_peak_bytes", "bound_bytes", "plan_index"}) {
      EXPECT_EQ(got[key], want[key]) << id << " " << key;
    }
    EXPECT_GT(want["peak_bytes"].get<std::uint64_t>(), 72704u) << id;
    // And every other field, but the machine's timings.
    Json want_rest = want, got_rest = got;
    for (Json* row : {&want_rest, &got_rest}) {
      row->erase("wall_seconds");
      row->erase("max_rss_bytes");
    }
    EXPECT_EQ(got_rest, want_rest) << id;
  }
  EXPECT_EQ(ReadText(out_ + "/summary.md"), ReadText(Full() + "/summary.md"));
  EXPECT_EQ(FilesUnder(out_ + "/raw"), FilesUnder(Full() + "/raw"));
  EXPECT_EQ(FilesUnder(out_ + "/timelines"), FilesUnder(Full() + "/timelines"));
  std::string junit = ReadText(out_ + "/junit.xml");
  // Baselines are suite properties, not tests.
  EXPECT_THAT(junit, HasSubstr("tests=\"15\" failures=\"0\" errors=\"0\""));
}

TEST_F(ShardMergeE2E, ShardsSplitTheCasesAndEachHasItsBaselines) {
  std::multiset<std::string> cases;
  for (int i = 1; i <= 3; ++i) {
    Json shard = ReadJson(Shard(i) + "/results.json");
    EXPECT_EQ(shard["provenance"]["shard"], (Json{{"index", i}, {"count", 3}}));
    std::map<std::string, int> tools_per_case;
    std::set<std::string> baselines;
    for (const Json& row : shard["results"]) {
      if (row["role"] == "baseline") {
        baselines.insert(row["tool"].get<std::string>());
      } else {
        cases.insert(row["case"].get<std::string>() + "." +
                     row["tool"].get<std::string>());
        ++tools_per_case[row["case"].get<std::string>()];
      }
    }
    EXPECT_FALSE(tools_per_case.empty()) << "shard " << i;
    for (const auto& [name, tools] : tools_per_case)
      EXPECT_EQ(tools, 3) << name << " in shard " << i;  // cross-check inside
    EXPECT_EQ(baselines,
              (std::set<std::string>{"massif", "heaptrack", "track"}));
  }
  EXPECT_EQ(cases.size(), 15u);
  EXPECT_EQ(std::set<std::string>(cases.begin(), cases.end()).size(), 15u);
}

TEST_F(ShardMergeE2E, ReportAndBlessWorkOnTheMergedDir) {
  ASSERT_EQ(Merge({Shard(1), Shard(2), Shard(3)}).exit_code, 0);
  Outcome report = Heapbound({"report", "--out", out_});
  EXPECT_EQ(report.exit_code, 0) << report.err;
  EXPECT_TRUE(fs::exists(out_ + "/report/index.html"));
  std::string bounds = dir_ + "/bounds.toml";
  fs::copy_file(HEAPBOUND_BOUNDS_TOML, bounds);
  Outcome bless =
      Heapbound({"bless", "--out", out_, "--bounds", bounds, "--dry-run"});
  EXPECT_EQ(bless.exit_code, 0) << bless.out << bless.err;
}

TEST_F(ShardMergeE2E, BadShardValuesAreUsageErrors) {
  for (const char* bad : {"0/3", "4/3", "2", "a/3", "1/0"}) {
    Outcome run = Heapbound(TinyRunArgs(out_, {"--shard", bad}));
    EXPECT_EQ(run.exit_code, 2) << bad;
    EXPECT_THAT(run.err, HasSubstr(std::string(bad) +
                                   ": expected I/N, whole numbers with 1 <= "
                                   "I <= N (e.g. 2/3)"));
  }
}

TEST_F(ShardMergeE2E, ShardsOfDifferentCommitsAreRefusedNamingBoth) {
  std::string other = CopyShard(2);
  Json doc = ReadJson(other + "/results.json");
  doc["provenance"]["git_commit"] = "0123456789abcdef0123456789abcdef01234567";
  WriteJson(other + "/results.json", doc);
  Outcome merged = Merge({Shard(1), other, Shard(3)});
  EXPECT_EQ(merged.exit_code, 2);
  std::string commit =
      ReadJson(Shard(1) + "/results.json")["provenance"]["git_commit"];
  EXPECT_THAT(merged.err,
              HasSubstr(fmt::format(
                  "{}/results.json and {}/results.json come from different "
                  "commits: provenance.git_commit is \"{}\" in the first and "
                  "\"0123456789abcdef0123456789abcdef01234567\" in the second",
                  Shard(1), other, commit)));
  EXPECT_FALSE(fs::exists(out_ + "/results.json"));
}

TEST_F(ShardMergeE2E, ShardsOfDifferentBoundsFilesOrVersionsAreRefused) {
  std::string other = CopyShard(3);
  Json doc = ReadJson(other + "/results.json");
  doc["provenance"]["bounds_hash"] = "ffffffffffffffff";
  WriteJson(other + "/results.json", doc);
  Outcome merged = Merge({Shard(1), Shard(2), other});
  EXPECT_EQ(merged.exit_code, 2);
  EXPECT_THAT(merged.err, HasSubstr("come from different bounds files: "
                                    "provenance.bounds_hash is"));
  EXPECT_THAT(merged.err, HasSubstr("\"ffffffffffffffff\" in the second"));
  doc["provenance"]["bounds_hash"] =
      ReadJson(Shard(1) + "/results.json")["provenance"]["bounds_hash"];
  doc["provenance"]["heapbound_version"] = "9.9.9";
  WriteJson(other + "/results.json", doc);
  merged = Merge({Shard(1), Shard(2), other});
  EXPECT_EQ(merged.exit_code, 2);
  EXPECT_THAT(merged.err,
              HasSubstr("come from different heapbound versions: "
                        "provenance.heapbound_version is \"" HEAPBOUND_VERSION
                        "\" in the first and \"9.9.9\" in the second"));
}

TEST_F(ShardMergeE2E, MissingOrRepeatedShardsAreRefused) {
  Outcome missing = Merge({Shard(1), Shard(2)});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_THAT(missing.err, HasSubstr("missing shard 3/3 (got 1/3, 2/3)"));
  Outcome twice = Merge({Shard(1), Shard(2), Shard(2), Shard(3)});
  EXPECT_EQ(twice.exit_code, 2);
  EXPECT_THAT(twice.err, HasSubstr(fmt::format(
                             "{0}/results.json and {0}/results.json are both "
                             "shard 2/3",
                             Shard(2))));
  Outcome whole = Merge({Full()});
  EXPECT_EQ(whole.exit_code, 2);
  EXPECT_THAT(whole.err,
              HasSubstr(Full() + "/results.json: provenance.shard: expected "
                                 "{\"index\": I, \"count\": N}, got null"));
}

TEST_F(ShardMergeE2E, OverlappingCaseRowsAreRefused) {
  std::string other = CopyShard(2);
  Json doc = ReadJson(other + "/results.json");
  Json first = ReadJson(Shard(1) + "/results.json");
  doc["results"].push_back(first["results"][0]);  // a case row of shard 1
  WriteJson(other + "/results.json", doc);
  Outcome merged = Merge({Shard(1), other, Shard(3)});
  EXPECT_EQ(merged.exit_code, 2);
  std::string name = fmt::format(
      "{} on tiny under {}", first["results"][0]["case"].get<std::string>(),
      first["results"][0]["tool"].get<std::string>());
  EXPECT_THAT(merged.err,
              HasSubstr(fmt::format("{}/results.json: results[{}] ({}) "
                                    "overlaps {}/results.json: results[0] ({})",
                                    other, doc["results"].size() - 1, name,
                                    Shard(1), name)));
}

TEST_F(ShardMergeE2E, BaselinesThatDifferBetweenShardsAreExit3) {
  std::string other = CopyShard(2);
  Json doc = ReadJson(other + "/results.json");
  std::size_t at = 0;
  while (doc["results"][at]["role"] != "baseline") ++at;
  std::uint64_t peak = doc["results"][at]["peak_bytes"];
  doc["results"][at]["peak_bytes"] = peak + 16;
  WriteJson(other + "/results.json", doc);
  Outcome merged = Merge({Shard(1), other, Shard(3)});
  EXPECT_EQ(merged.exit_code, 3);
  EXPECT_THAT(
      merged.err,
      HasSubstr(fmt::format(
          "baseline {}/results.json: results[{}] (baseline on tiny "
          "under {}) differs from {}/results.json",
          other, at, doc["results"][at]["tool"].get<std::string>(), Shard(1))));
  EXPECT_THAT(merged.err, HasSubstr(fmt::format("peak_bytes is {} vs {}", peak,
                                                peak + 16)));
}

TEST_F(ShardMergeE2E, MergedExitCodeFollowsTheRowsAndOutMayNotBeAShard) {
  std::string other = CopyShard(1);
  Json doc = ReadJson(other + "/results.json");
  doc["results"][0]["status"] = "fail";
  WriteJson(other + "/results.json", doc);
  Outcome failed = Merge({other, Shard(2), Shard(3)});
  EXPECT_EQ(failed.exit_code, 1) << failed.err;
  EXPECT_THAT(ReadText(out_ + "/junit.xml"), HasSubstr("failures=\"1\""));
  doc["results"][1]["status"] = "error";
  WriteJson(other + "/results.json", doc);
  EXPECT_EQ(Merge({other, Shard(2), Shard(3)}).exit_code, 3);
  Outcome into_shard =
      Heapbound({"merge", "--out", other, other, Shard(2), Shard(3)});
  EXPECT_EQ(into_shard.exit_code, 2);
  EXPECT_THAT(into_shard.err,
              HasSubstr("--out " + other +
                        " is one of the shards; merge into another directory"));
  EXPECT_TRUE(fs::exists(other + "/results.json"));
}

// Fails the first track row of shard 1 (track records no sites) in a copy
// whose provenance names `bounds`; returns the copy and the row.
std::pair<std::string, Json> FailATrackRow(const std::string& copy,
                                           const std::string& bounds) {
  Json doc = ReadJson(copy + "/results.json");
  Json row;
  for (Json& r : doc["results"]) {
    if (r["role"] == "case" && r["tool"] == "track") {
      r["status"] = "fail";
      r["message"] = "planted: net peak over the bound";
      row = r;
      break;
    }
  }
  doc["provenance"]["bounds_file"] = bounds;
  WriteJson(copy + "/results.json", doc);
  return {copy, row};
}

TEST_F(ShardMergeE2E, MergeAnnotatesAndWritesCodeQualityLikeARun) {
  ASSERT_EQ(Merge({Shard(1), Shard(2), Shard(3)}).exit_code, 0);
  EXPECT_EQ(ReadText(out_ + "/codequality.json"), "[]\n");

  auto [copy, row] = FailATrackRow(CopyShard(1), HEAPBOUND_BOUNDS_TOML);
  ASSERT_TRUE(row.is_object());
  ASSERT_TRUE(row["top_sites"].empty()) << row.dump();
  std::string name = row["case"];
  int line = MaxPeakLine(ReadText(HEAPBOUND_BOUNDS_TOML), name);
  ASSERT_GT(line, 0);
  std::vector<std::string> args = {"merge", "--out",  out_,
                                   copy,    Shard(2), Shard(3)};
  Outcome merged = Heapbound(
      args, {{"GITHUB_ACTIONS", "true"}, {"GITHUB_WORKSPACE", SourceDir()}});
  ASSERT_EQ(merged.exit_code, 1) << merged.out << merged.err;
  // At the case's max_peak line, from the bounds file the shards ran with.
  EXPECT_THAT(merged.out,
              HasSubstr(fmt::format(
                  "\n::error file=cases/bounds.toml,line={},title=heapbound%3A "
                  "{} on tiny under track broke its bound::planted: net peak "
                  "over the bound%0Ano allocation sites recorded\n",
                  line, name)));
  EXPECT_EQ(merged.err, "");
  Json report = ReadJson(out_ + "/codequality.json");
  ASSERT_EQ(report.size(), 1u) << report.dump(1);
  EXPECT_EQ(report[0]["check_name"], "heapbound/bound-broken");
  EXPECT_EQ(report[0]["location"], (Json{{"path", "cases/bounds.toml"},
                                         {"lines", {{"begin", line}}}}));

  // Without GITHUB_ACTIONS=true: no annotations.
  Outcome plain = Heapbound(args, {{"GITHUB_ACTIONS", "false"}});
  EXPECT_EQ(plain.exit_code, 1);
  EXPECT_EQ(plain.out.find("::error"), std::string::npos) << plain.out;
}

TEST_F(ShardMergeE2E, AChangedBoundsFileAnnotatesWithoutItsLinesAndSaysSo) {
  std::string bounds = dir_ + "/bounds.toml";
  fs::copy_file(HEAPBOUND_BOUNDS_TOML, bounds);
  auto [copy, row] = FailATrackRow(CopyShard(1), bounds);
  std::ofstream(bounds, std::ios::app) << "# changed after the shards ran\n";
  Outcome merged = Heapbound(
      {"merge", "--out", out_, copy, Shard(2), Shard(3)},
      {{"GITHUB_ACTIONS", "true"}, {"GITHUB_WORKSPACE", SourceDir()}});
  ASSERT_EQ(merged.exit_code, 1) << merged.out << merged.err;
  EXPECT_THAT(merged.err,
              HasSubstr(fmt::format(
                  "heapbound merge: note: {} has changed since the shards ran: "
                  "its xxh64 is ",
                  bounds)));
  EXPECT_THAT(merged.err, HasSubstr("; annotations name the allocation sites' "
                                    "user frames only, not bound lines\n"));
  EXPECT_THAT(merged.out,
              HasSubstr(fmt::format("\n::error title=heapbound%3A {} on tiny "
                                    "under track broke its bound::planted",
                                    row["case"].get<std::string>())));
  fs::remove(bounds);
  Outcome missing =
      Heapbound({"merge", "--out", out_, copy, Shard(2), Shard(3)});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_THAT(missing.err,
              HasSubstr(fmt::format("heapbound merge: note: cannot read {}, "
                                    "the shards' bounds file "
                                    "(provenance.bounds_file): ",
                                    bounds)));
}

// Shards of chunk and mmap under track with max_growth = "0 B", and a
// baseline run in which chunk was 512 B smaller.
class MergeBaselineE2E : public HeapboundTestDir {
 protected:
  MergeBaselineE2E() : HeapboundTestDir("heapbound-merge-baseline") {}

  void SetUp() override {
    HeapboundTestDir::SetUp();
    std::string text = ReadText(HEAPBOUND_BOUNDS_TOML);
    text.insert(text.find("[defaults]\n") + 11, "max_growth = \"0 B\"\n");
    bounds_ = dir_ + "/bounds.toml";
    std::ofstream(bounds_) << text;
    RunShards({});
    Outcome plain = Merge({}, dir_ + "/plain");
    ASSERT_EQ(plain.exit_code, 0) << plain.out << plain.err;
    Json doc = ReadJson(dir_ + "/plain/results.json");
    for (Json& row : doc["results"]) {
      if (row["case"] != "chunk") continue;
      row["peak_bytes"] = row["peak_bytes"].get<std::uint64_t>() - 512;
      row["net_peak_bytes"] = row["net_peak_bytes"].get<std::uint64_t>() - 512;
    }
    fs::create_directories(dir_ + "/smaller");
    WriteJson(dir_ + "/smaller/results.json", doc);
  }

  // Runs the two shards, with `more` flags.
  void RunShards(std::vector<std::string> more) {
    for (int i = 1; i <= 2; ++i) {
      std::vector<std::string> flags = {"--quiet",
                                        "--bounds",
                                        bounds_,
                                        "--case",
                                        "chunk",
                                        "--case",
                                        "mmap",
                                        "--tool",
                                        "track",
                                        "--shard",
                                        fmt::format("{}/2", i)};
      flags.insert(flags.end(), more.begin(), more.end());
      std::string out = fmt::format("{}/shard{}", dir_, i);
      Outcome shard = Heapbound(TinyRunArgs(out, flags));
      ASSERT_LE(shard.exit_code, 1) << shard.out << shard.err;
    }
  }

  // Merges the two shards into `out` (default: out_).
  Outcome Merge(std::vector<std::string> more, std::string out = "") {
    std::vector<std::string> args = {"merge", "--out", out.empty() ? out_ : out,
                                     dir_ + "/shard1", dir_ + "/shard2"};
    args.insert(args.end(), more.begin(), more.end());
    return Heapbound(args);
  }

  std::string bounds_;
};

constexpr char kGrew[] =
    "grew by 512 B since the baseline run (max_growth 0 B)";

TEST_F(MergeBaselineE2E, GrowthBeyondMaxGrowthFailsTheMerge) {
  Outcome merged = Merge({"--baseline", dir_ + "/smaller"});
  ASSERT_EQ(merged.exit_code, 1) << merged.out << merged.err;
  EXPECT_EQ(Occurrences(merged.out, kGrew), 1u) << merged.out;
  EXPECT_THAT(merged.out, HasSubstr(fmt::format("since the baseline run {}/"
                                                "smaller/results.json:\n",
                                                dir_)));
  EXPECT_THAT(merged.out, HasSubstr("heapbound merge: 2 shards; 2 pass, 1 "
                                    "fail; exit 1"));
  for (const Json& row : Results()["results"]) {
    if (row["case"] == "chunk") {
      EXPECT_EQ(row["status"], "fail");
      EXPECT_EQ(row["message"], kGrew);
    } else {
      EXPECT_NE(row["status"], "fail") << row.dump();
    }
  }
  Json compare = ReadJson(out_ + "/compare.json");
  ASSERT_FALSE(compare["rows"].empty());
  EXPECT_EQ(compare["rows"][0]["case"], "chunk");
  EXPECT_EQ(compare["rows"][0]["over_max_growth"], true);
  EXPECT_THAT(ReadText(out_ + "/compare.md"), HasSubstr("chunk"));
  EXPECT_THAT(ReadText(out_ + "/junit.xml"), HasSubstr("failures=\"1\""));
  EXPECT_THAT(ReadText(out_ + "/summary.md"), HasSubstr(kGrew));
  EXPECT_EQ(ReadJson(out_ + "/codequality.json").size(), 1u);
  // Without --baseline the same shards pass and leave no compare output.
  EXPECT_EQ(Merge({}).exit_code, 0);
  EXPECT_FALSE(fs::exists(out_ + "/compare.json"));
}

TEST_F(MergeBaselineE2E, ShardsThatComparedThemselvesGetNoSecondMessage) {
  RunShards({"--baseline", dir_ + "/smaller"});
  Outcome merged = Merge({"--baseline", dir_ + "/smaller"});
  ASSERT_EQ(merged.exit_code, 1) << merged.out << merged.err;
  EXPECT_EQ(Occurrences(merged.out, kGrew), 1u) << merged.out;
  for (const Json& row : Results()["results"]) {
    if (row["case"] == "chunk") {
      EXPECT_EQ(row["message"], kGrew);
    }
  }
  EXPECT_EQ(Occurrences(ReadText(out_ + "/summary.md"), kGrew), 1u);
}

TEST_F(MergeBaselineE2E, ABaselineWithoutTheShardsBoundsFileIsExitTwo) {
  std::ofstream(bounds_, std::ios::app) << "# changed\n";
  Outcome merged = Merge({"--baseline", dir_ + "/smaller"});
  EXPECT_EQ(merged.exit_code, 2) << merged.out << merged.err;
  EXPECT_THAT(merged.err,
              HasSubstr(fmt::format("--baseline {0}/smaller: the growth gate "
                                    "needs the shards' bounds file for "
                                    "max_growth, but {0}/bounds.toml has "
                                    "changed since the shards ran",
                                    dir_)));
  EXPECT_FALSE(fs::exists(out_ + "/results.json"));
}

}  // namespace
}  // namespace heapbound
