// run --reuse: the job runner takes a stored measurement only when every
// input is unchanged, and the cache never turns a bad entry into a result.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "job_runner.h"
#include "measurement_cache.h"
#include "read_file.h"
#include "test_support.h"

namespace heapbound {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

// A missing file reads as empty (runs.log before any run).
std::string Slurp(const std::string& path) {
  std::string text, reason;
  if (!ReadWholeFile(path, &text, &reason)) return "";
  return text;
}

// The peak the fake driver wrote, with a site and an allocation count so
// that a reused row can be compared field by field.
class CountingTool : public PeakFileTool {
 public:
  std::string Version() const override { return "counting 1"; }

 protected:
  void Decorate(Measurement& m) const override {
    m.timeline = {{0, 0}, {1, m.peak_bytes}};
    m.top_sites = {{m.peak_bytes, {{"Read", "/src/cases/x.cc", 12}}}};
    m.allocs = 3;
  }
};

// Notes every run in runs.log above its directory (its neighbours are part
// of the key, as a script's imports); `fails` exits 1, `sleepy` takes
// 1.2 s.
constexpr char kDriver[] = R"(#!/bin/sh
echo "$2" >> "$(dirname "$0")/../runs.log"
[ "$2" = fails ] && exit 1
[ "$2" = sleepy ] && sleep 1.2
echo "{\"case\":\"$2\",\"bytes\":100,\"files\":3,\"digest\":\"00000000000000aa\"}"
echo PEAK > "$FAKE_STEM.fake"
)";

class MeasurementReuse : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteDriver(5000);
    fs::create_directories(dir_.path() + "/tree");
    std::ofstream(dir_.path() + "/tree/a.log") << "spider log\n";
    Fixture fixture;
    fixture.profile = "tiny";
    fixture.root = dir_.path() + "/tree";
    fixture.definition_hash = "0123456789abcdef";
    fixture.stats.total_bytes = 100;
    fixture.stats.files = 3;
    fixture.stats.digest = "00000000000000aa";
    options_.driver = dir_.path() + "/bin/driver.sh";
    options_.out_dir = dir_.path() + "/out";
    options_.jobs = 1;
    options_.fixtures["tiny"] = fixture;
    options_.make_tool = [](const std::string&) {
      return std::make_unique<CountingTool>();
    };
    reuse_ = true;
  }

  void WriteDriver(int peak) {
    std::string text = kDriver;
    text.replace(text.find("PEAK"), 4, std::to_string(peak));
    fs::create_directories(dir_.path() + "/bin");
    std::string path = dir_.path() + "/bin/driver.sh";
    std::ofstream(path) << text;
    chmod(path.c_str(), 0755);
  }

  // Each call is a run of its own: a cache opened afresh on the same dir.
  JobOutcome RunOne(const std::string& case_name = "chunk") {
    MeasurementCache cache(dir_.path() + "/cache");
    options_.reuse = reuse_ ? &cache : nullptr;
    Job job;
    job.case_name = case_name;
    job.fixture = "tiny";
    job.tool = "track";
    job.bound = BoundExpression::Literal(8192);
    return RunJobs({job}, options_).at(0);
  }

  int Runs() {
    std::istringstream lines(Slurp(dir_.path() + "/runs.log"));
    int count = 0;
    for (std::string line; std::getline(lines, line);) ++count;
    return count;
  }

  TempDir dir_;
  bool reuse_ = false;
  RunnerOptions options_;
};

TEST_F(MeasurementReuse, SameInputsTakeTheStoredMeasurementWithoutRunning) {
  JobOutcome first = RunOne();
  ASSERT_EQ(first.error, "");
  EXPECT_FALSE(first.reused);
  fs::remove(options_.out_dir + "/raw/chunk.tiny.track.fake");

  JobOutcome second = RunOne();
  EXPECT_EQ(second.error, "");
  EXPECT_TRUE(second.reused);
  EXPECT_EQ(Runs(), 1);
  EXPECT_EQ(second.measurement.peak_bytes, 5000u);
  EXPECT_EQ(second.measurement.top_sites.at(0).frames.at(0).line, 12);
  EXPECT_EQ(second.measurement.allocs, std::optional<std::uint64_t>(3));
  EXPECT_EQ(second.digest_ok, std::optional<bool>(true));
  EXPECT_EQ(second.max_rss_bytes, first.max_rss_bytes);
  // The raw file is back where the report links it.
  EXPECT_EQ(second.raw, std::vector<std::string>{"raw/chunk.tiny.track.fake"});
  EXPECT_EQ(Slurp(options_.out_dir + "/raw/chunk.tiny.track.fake"), "5000\n");
}

TEST_F(MeasurementReuse, ADriverWithOtherBytesIsMeasuredAgain) {
  RunOne();
  WriteDriver(6000);
  JobOutcome second = RunOne();
  EXPECT_FALSE(second.reused);
  EXPECT_EQ(second.measurement.peak_bytes, 6000u);
  EXPECT_EQ(Runs(), 2);
}

TEST_F(MeasurementReuse, AFixtureFileEditedInPlaceIsMeasuredAgain) {
  RunOne();
  // Same size, same manifest: only the tree's state tells.
  std::ofstream(dir_.path() + "/tree/a.log") << "spider LOG\n";
  fs::last_write_time(dir_.path() + "/tree/a.log",
                      fs::file_time_type::clock::now() + std::chrono::hours(1));
  EXPECT_FALSE(RunOne().reused);
  EXPECT_EQ(Runs(), 2);
}

TEST_F(MeasurementReuse, AnInheritedAllocatorVariableIsPartOfTheKey) {
  RunOne();
  setenv("MALLOC_ARENA_MAX", "1", 1);
  JobOutcome second = RunOne();
  unsetenv("MALLOC_ARENA_MAX");
  EXPECT_FALSE(second.reused);
  EXPECT_TRUE(RunOne().reused);  // the first entry still matches
  EXPECT_EQ(Runs(), 2);
}

TEST_F(MeasurementReuse, AFailedJobIsNeverStored) {
  EXPECT_NE(RunOne("fails").error, "");
  JobOutcome second = RunOne("fails");
  EXPECT_FALSE(second.reused);
  EXPECT_THAT(second.error, HasSubstr("exited with status 1"));
  EXPECT_EQ(Runs(), 2);
}

TEST_F(MeasurementReuse, AMeasurementSlowerThanTheTimeoutIsTakenAgain) {
  options_.timeout_seconds = 0;
  ASSERT_EQ(RunOne("sleepy").error, "");
  options_.timeout_seconds = 1;
  JobOutcome second = RunOne("sleepy");
  EXPECT_FALSE(second.reused);
  EXPECT_THAT(second.error, HasSubstr("timed out after 1 s"));
}

TEST_F(MeasurementReuse, WithoutACacheEveryJobRuns) {
  reuse_ = false;
  RunOne();
  EXPECT_FALSE(RunOne().reused);
  EXPECT_EQ(Runs(), 2);
  EXPECT_FALSE(fs::exists(dir_.path() + "/cache"));
}

// The cache itself, on hand-made entries.
class MeasurementCacheTest : public ::testing::Test {
 protected:
  MeasurementKey Key(const std::string& text) {
    return {text, "00112233445566778899aabbccddeeff"};
  }
  std::string Entry() const {
    return dir_.path() + "/00112233445566778899aabbccddeeff";
  }
  TempDir dir_;
  MeasurementCache cache_{dir_.path()};
};

TEST_F(MeasurementCacheTest, KeepsEveryFieldOfAMeasurement) {
  StoredMeasurement stored;
  stored.measurement.peak_bytes = 3219115;
  stored.measurement.time_unit = "bytes allocated";
  stored.measurement.timeline = {{0, 0}, {5, 3219115}};
  stored.measurement.top_sites = {{3219115, {{"Grow", "/s/x.cc", 7}, {}}}};
  stored.measurement.peak_stacks = {{19, {{"main", "", 0}}}};
  stored.measurement.leaked_bytes = 0;
  stored.measurement.mark_bytes = 4096;
  stored.measurement.peak_after_mark_bytes = 5000;
  stored.max_rss_bytes = 123456;
  stored.wall_seconds = 1.25;
  stored.digest_ok = false;
  StoredMeasurement back =
      ParseStoredMeasurement(StoredMeasurementJson(stored));
  EXPECT_EQ(StoredMeasurementJson(back), StoredMeasurementJson(stored));
  EXPECT_EQ(back.measurement.top_sites.at(0).frames.at(0).file, "/s/x.cc");
  EXPECT_EQ(back.measurement.allocs, std::nullopt);
  EXPECT_EQ(back.measurement.leaked_bytes, std::optional<std::uint64_t>(0));
  EXPECT_EQ(back.digest_ok, std::optional<bool>(false));
}

TEST_F(MeasurementCacheTest, AnEntryThatDoesNotReadBackIsAMiss) {
  std::string stem = dir_.path() + "/job";
  std::ofstream(stem + ".massif.out") << "massif";
  StoredMeasurement stored;
  stored.measurement.peak_bytes = 7;
  stored.raw_suffixes = {".massif.out"};
  ASSERT_EQ(cache_.Store(Key("key text"), stored, stem), "");
  fs::remove(stem + ".massif.out");
  ASSERT_TRUE(cache_.Restore(Key("key text"), stem));
  EXPECT_EQ(Slurp(stem + ".massif.out"), "massif");

  // Another key text under the same digest (a collision, an edit).
  EXPECT_FALSE(cache_.Restore(Key("other key text"), stem));
  // A truncated measurement.json.
  std::ofstream(Entry() + "/measurement.json") << "{\"peak_bytes\": 7";
  EXPECT_FALSE(cache_.Restore(Key("key text"), stem));
  // A raw file gone from the entry.
  ASSERT_EQ(cache_.Store(Key("key text"), stored, stem), "");
  fs::remove(Entry() + "/raw/massif.out");
  fs::remove(stem + ".massif.out");
  EXPECT_FALSE(cache_.Restore(Key("key text"), stem));
  EXPECT_FALSE(fs::exists(stem + ".massif.out"));
}

TEST_F(MeasurementCacheTest, PruneRemovesUnusedEntriesAndDeadTemporaries) {
  StoredMeasurement stored;
  ASSERT_EQ(cache_.Store(Key("old"), stored, dir_.path() + "/x"), "");
  auto long_ago = fs::file_time_type::clock::now() - std::chrono::hours(24 * 8);
  fs::last_write_time(Entry() + "/key.txt", long_ago);
  MeasurementKey fresh{"fresh", "ffeeddccbbaa99887766554433221100"};
  ASSERT_EQ(cache_.Store(fresh, stored, dir_.path() + "/x"), "");
  fs::create_directories(dir_.path() + "/tmp.1.0");
  fs::last_write_time(dir_.path() + "/tmp.1.0",
                      fs::file_time_type::clock::now() - std::chrono::hours(2));
  EXPECT_EQ(cache_.Prune(7), 2u);
  EXPECT_FALSE(fs::exists(Entry()));
  EXPECT_TRUE(fs::exists(dir_.path() + "/" + fresh.digest));
}

// The key, from hand-made inputs.
class MeasurementKeyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(dir_.path() + "/py");
    fs::create_directories(dir_.path() + "/tree");
    std::ofstream(dir_.path() + "/py/chunk.py") << "import spider_tree\n";
    std::ofstream(dir_.path() + "/py/spider_tree.py") << "def walk(): pass\n";
    inputs_.job_id = "py_chunk.tiny.track";
    inputs_.tool_version = "track 1";
    inputs_.argv = {"/usr/bin/python3", dir_.path() + "/py/chunk.py",
                    dir_.path() + "/tree"};
    inputs_.fixture_root = dir_.path() + "/tree";
    inputs_.placeholders = {{"{root}", dir_.path() + "/tree"}};
  }
  MeasurementKey Key() { return MakeMeasurementKey(inputs_, hasher_); }

  TempDir dir_;
  MeasurementKeyInputs inputs_;
  InputHasher hasher_;
};

TEST_F(MeasurementKeyTest, NamesPathsByPlaceholderAndFilesByContent) {
  MeasurementKey key = Key();
  EXPECT_THAT(key.text, HasSubstr("\narg {root}\n"));
  EXPECT_THAT(key.text, HasSubstr("\nfile /usr/bin/python3 "));
  EXPECT_THAT(key.text, HasSubstr("\nlibrary /"));  // python3's libc
  EXPECT_EQ(Key().digest, key.digest);              // stable
}

TEST_F(MeasurementKeyTest, AScriptsNeighbourIsPartOfTheKey) {
  std::string before = Key().digest;
  std::ofstream(dir_.path() + "/py/spider_tree.py") << "def walk(): 1\n";
  fs::last_write_time(dir_.path() + "/py/spider_tree.py",
                      fs::file_time_type::clock::now() + std::chrono::hours(1));
  EXPECT_NE(Key().digest, before);
}

}  // namespace
}  // namespace heapbound
