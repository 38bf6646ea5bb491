// Runs the built heapbound on the tiny fixture and checks exit codes,
// printouts and output files end to end.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "child_process.h"
#include "e2e_support.h"
#include "testing_case_bounds.h"

namespace heapbound {
namespace {

namespace fs = std::filesystem;
using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using ::testing::Not;

class HeapboundE2E : public HeapboundTestDir {
 protected:
  HeapboundE2E() : HeapboundTestDir("heapbound-e2e") {}

  // The run arguments every test shares: tiny, the test cache, our out dir.
  std::vector<std::string> RunArgs(std::vector<std::string> more) {
    return TinyRunArgs(out_, std::move(more));
  }

  // Writes a copy of cases/bounds.toml with `from` replaced by `to`, plus
  // `extra` appended; returns its path.
  std::string Bounds(const std::string& from = "", const std::string& to = "",
                     const std::string& extra = "") {
    std::string text = ReadText(HEAPBOUND_BOUNDS_TOML);
    if (!from.empty()) {
      std::size_t at = text.find(from);
      EXPECT_NE(at, std::string::npos) << from;
      if (at != std::string::npos) text.replace(at, from.size(), to);
    }
    text += extra;
    std::string path = dir_ + "/bounds.toml";
    std::ofstream(path) << text;
    return path;
  }
};

TEST_F(HeapboundE2E, DefaultBoundsPassAndWriteEveryOutput) {
  Outcome run = Heapbound(RunArgs({}));
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_THAT(run.out, HasSubstr("case"));
  EXPECT_THAT(run.out, ContainsRegex("whole_file_readall +tiny"));
  nlohmann::json results = Results();
  EXPECT_EQ(results["schema"], 1);
  EXPECT_TRUE(results["fixtures"].contains("tiny"));
  int cases = 0, programs = 0, baselines = 0;
  for (const auto& row : results["results"]) {
    EXPECT_EQ(row["fixture"], "tiny");
    if (row["role"] == "baseline") {
      ++baselines;
      continue;
    }
    ++(row["program"] == true ? programs : cases);
    std::string status = row["status"];
    EXPECT_EQ(status, row["expect"] == "exceed" ? "xfail" : "pass")
        << row.dump();
    EXPECT_EQ(row["digest_ok"], true);
    // A program's net counts from its first open of a fixture file.
    if (row["net_method"] == "open_marker") {
      EXPECT_LE(row["net_peak_bytes"].get<std::uint64_t>(),
                row["peak_bytes"].get<std::uint64_t>() -
                    row["baseline_bytes"].get<std::uint64_t>());
    } else if (row["tool"] == "rss" &&
               row["peak_bytes"].get<std::uint64_t>() <
                   row["baseline_bytes"].get<std::uint64_t>()) {
      // A few pages under the baseline's resident set is a net of 0 for
      // rss (docs/results-schema.md), never more than 1 MiB under.
      EXPECT_EQ(row["net_peak_bytes"].get<std::uint64_t>(), 0u);
      EXPECT_LE(row["baseline_bytes"].get<std::uint64_t>() -
                    row["peak_bytes"].get<std::uint64_t>(),
                1u << 20);
    } else {
      EXPECT_EQ(row["net_peak_bytes"].get<std::uint64_t>(),
                row["peak_bytes"].get<std::uint64_t>() -
                    row["baseline_bytes"].get<std::uint64_t>());
    }
    for (const auto& raw : row["raw"])
      EXPECT_TRUE(fs::exists(out_ + "/" + raw.get<std::string>()));
    if (!row["timeline"].is_null()) {
      EXPECT_TRUE(fs::exists(out_ + "/" + row["timeline"].get<std::string>()))
          << row["timeline"];
    }
  }
  EXPECT_GE(cases, 5 * 3);  // every bounded case under three tools
  EXPECT_EQ(cases % 3, 0);
  // The Python readers under heaptrack and track, the Go readers under rss.
  EXPECT_EQ(programs, 3 * 2 + 4);
  // The driver's under three tools and each Go reader's own under rss.
  EXPECT_EQ(baselines, 3 + 4);
  // Baselines are suite properties, not tests.
  EXPECT_THAT(ReadText(out_ + "/junit.xml"),
              HasSubstr("tests=\"" + std::to_string(cases + programs) +
                        "\" failures=\"0\" errors=\"0\""));
  EXPECT_THAT(
      ReadText(out_ + "/summary.md"),
      HasSubstr(
          "| case | fixture | tool | net peak | bound | margin | status |"));
  EXPECT_FALSE(fs::exists(out_ + "/.scratch-" + std::to_string(getpid())));
}

TEST_F(HeapboundE2E, ChunkCutTo1KiBFailsNamingChunkAndItsBuffer) {
  std::string bounds = Bounds("max_peak = \"4.5 KiB\"", "max_peak = \"1 KiB\"");
  Outcome run = Heapbound(
      RunArgs({"--bounds", bounds, "--case", "chunk", "--tool", "massif"}));
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_THAT(run.out, HasSubstr("FAIL chunk on tiny under massif: net peak"));
  EXPECT_THAT(run.out,
              HasSubstr("vs bound 1024 B (1.0 KiB) = \"1 KiB\"; over by"));
  EXPECT_THAT(run.out, HasSubstr("top allocation sites at the peak (your "
                                 "code first, then the stack):"));
  EXPECT_THAT(run.out, HasSubstr("   cases/chunk.cc:"));
  EXPECT_EQ(Results()["results"][0]["status"], "fail");
}

TEST_F(HeapboundE2E, NegativeControlThatFitsIsXpassAndFails) {
  std::string bounds =
      Bounds("max_peak = \"max_file\"", "max_peak = \"4 * max_file\"");
  Outcome run = Heapbound(RunArgs(
      {"--bounds", bounds, "--case", "whole_file_readall", "--tool", "track"}));
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_THAT(run.out,
              HasSubstr("XPASS whole_file_readall on tiny under track"));
  EXPECT_THAT(run.out, HasSubstr("a negative control must exceed"));
  EXPECT_EQ(Results()["results"][0]["status"], "xpass");
}

TEST_F(HeapboundE2E, NegativeControlPointsAtTheGrowingBuffer) {
  Outcome run = Heapbound(
      RunArgs({"--case", "whole_file_readall", "--tool", "heaptrack"}));
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  nlohmann::json row = Results()["results"][0];
  EXPECT_EQ(row["status"], "xfail");
  ASSERT_FALSE(row["top_sites"].empty());
  std::string top = row["top_sites"][0].dump();
  EXPECT_THAT(top, HasSubstr("whole_file_readall.cc"));
  EXPECT_THAT(run.out,
              HasSubstr("xfail whole_file_readall on tiny under heaptrack"));
}

TEST_F(HeapboundE2E, ValgrindMissingFromPathIsAnInfrastructureError) {
  Outcome run = Heapbound(RunArgs({"--case", "chunk", "--tool", "massif"}),
                          {{"PATH", "/nonexistent-heapbound-path"}});
  EXPECT_EQ(run.exit_code, 3) << run.out << run.err;
  EXPECT_THAT(
      run.err,
      HasSubstr("valgrind not found on PATH (Debian package: valgrind)"));
  nlohmann::json row = Results()["results"][0];
  EXPECT_EQ(row["status"], "error");
  EXPECT_THAT(row["message"].get<std::string>(),
              HasSubstr("Debian package: valgrind"));
}

TEST_F(HeapboundE2E, SegfaultingCaseIsAnErrorWithTheSignal) {
  std::string bounds = Bounds("", "", kTestingCaseBounds);
  Outcome run =
      Heapbound(RunArgs({"--bounds", bounds, "--case", "segfault", "--case",
                         "chunk", "--driver", HEAPBOUND_TESTING_DRIVER}));
  EXPECT_EQ(run.exit_code, 3) << run.out << run.err;
  int crashed = 0;
  nlohmann::json results = Results();
  for (const auto& row : results["results"]) {
    if (row["case"] == "segfault") {
      ++crashed;
      EXPECT_EQ(row["status"], "error");
      EXPECT_THAT(row["message"].get<std::string>(), HasSubstr("SIGSEGV"))
          << row["tool"];
    } else {
      EXPECT_THAT(row["status"].get<std::string>(),
                  ::testing::AnyOf("pass", "xfail"))
          << "the other jobs still run";
    }
  }
  EXPECT_EQ(crashed, 3);
  EXPECT_THAT(
      run.out,
      HasSubstr(
          "ERROR segfault on tiny under track: killed by signal 11 (SIGSEGV)"));
}

TEST_F(HeapboundE2E, TimeoutKillsTheJobAndIsAnError) {
  std::string bounds = Bounds("", "", kTestingCaseBounds);
  Outcome run = Heapbound(
      RunArgs({"--bounds", bounds, "--case", "hang", "--tool", "track",
               "--timeout", "1", "--driver", HEAPBOUND_TESTING_DRIVER}));
  EXPECT_EQ(run.exit_code, 3) << run.out << run.err;
  EXPECT_THAT(run.out,
              HasSubstr("ERROR hang on tiny under track: timed out after 1 s"));
}

TEST_F(HeapboundE2E, InterruptKillsChildrenAndRemovesTemporaries) {
  std::string bounds = Bounds("", "", kTestingCaseBounds);
  ChildSpec spec;
  spec.argv = {HEAPBOUND_BIN};
  for (const std::string& arg :
       RunArgs({"--bounds", bounds, "--case", "hang", "--tool", "track",
                "--driver", HEAPBOUND_TESTING_DRIVER})) {
    spec.argv.push_back(arg);
  }
  spec.stdout_path = dir_ + "/stdout";
  spec.stderr_path = dir_ + "/stderr";
  std::atomic<int> pid{0};
  spec.on_started = [&pid](int started) { pid = started; };
  ChildResult child;
  std::thread runner([&] { child = RunChild(spec); });
  // Waits until the hanging job runs, then presses Ctrl-C.
  bool running = false;
  for (int i = 0; i < 200 && !running; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    running = ReadText(dir_ + "/stderr").find("driver") != std::string::npos &&
              fs::exists(out_) && !fs::is_empty(out_);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  ASSERT_NE(pid.load(), 0);
  kill(pid, SIGINT);
  auto start = std::chrono::steady_clock::now();
  runner.join();
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  ASSERT_TRUE(child.exited);
  EXPECT_EQ(child.exit_code, 3);
  EXPECT_LT(seconds, 10);
  EXPECT_THAT(ReadText(dir_ + "/stderr"), HasSubstr("interrupted by SIGINT"));
  for (const auto& entry : fs::directory_iterator(out_)) {
    EXPECT_THAT(entry.path().filename().string(), Not(HasSubstr(".scratch")))
        << "temporary left";
  }
}

// heaptrack writes its fifo to a hard-coded /tmp; when it cannot, the trace
// is an empty 13-byte zstd frame. A stand-in heaptrack that does exactly
// that must give an error, never a pass.
TEST_F(HeapboundE2E, UntracedHeaptrackRunIsAnErrorNotAPass) {
  std::string bin = dir_ + "/bin";
  fs::create_directories(bin);
  std::ofstream(bin + "/heaptrack")
      << "#!/bin/sh\n"
         "# Stand-in for heaptrack with an unwritable /tmp.\n"
         "out=\"$2\"; shift 2\n"
         "printf '' | zstd -q -c > \"$out.zst\"\n"
         "\"$@\"\n";
  chmod((bin + "/heaptrack").c_str(), 0755);
  std::string path = bin + ":" + std::getenv("PATH");
  Outcome run = Heapbound(RunArgs({"--case", "chunk", "--tool", "heaptrack"}),
                          {{"PATH", path}});
  EXPECT_EQ(run.exit_code, 3) << run.out << run.err;
  nlohmann::json results = Results();
  for (const auto& row : results["results"]) {
    EXPECT_EQ(row["status"], "error") << row.dump();
    EXPECT_EQ(fs::file_size(out_ + "/" + row["raw"][0].get<std::string>()),
              13u);
    EXPECT_THAT(row["message"].get<std::string>(), HasSubstr("untraced"));
  }
}

// The same with the real heaptrack and a read-only /tmp (a private mount
// namespace with /tmp bound read-only, our out dir bound writable again),
// where the machine allows it (root). heaptrack itself exits 0 there.
TEST_F(HeapboundE2E, ReadOnlyTmpForHeaptrackIsAnError) {
  if (FindProgram("unshare", std::getenv("PATH")).empty())
    GTEST_SKIP() << "no unshare";
  int status = std::system(
      "unshare --mount -- sh -c 'mount --bind /tmp /tmp && mount -o "
      "remount,ro,bind /tmp' "
      "2>/dev/null");
  if (status != 0)
    GTEST_SKIP() << "cannot mount a read-only /tmp here (needs root)";
  fs::create_directories(out_);
  std::string script =
      "mount --bind /tmp /tmp && mount -o remount,ro,bind /tmp && "
      "for d in \"$1\" \"$2\"; do mount --bind \"$d\" \"$d\" && mount -o "
      "remount,rw,bind \"$d\" "
      "|| exit 99; done; shift 2; touch /tmp/heapbound-ro-probe 2>/dev/null; "
      "[ ! -e /tmp/heapbound-ro-probe ] && exec \"$0\" \"$@\"";
  // Keeps the out dir and the fixture cache writable (they may be below /tmp).
  std::vector<std::string> args =
      RunArgs({"--case", "chunk", "--tool", "heaptrack"});
  args.insert(args.begin(), {out_, HEAPBOUND_TEST_FIXTURES});
  Outcome run =
      Heapbound(args, {}, {"unshare", "--mount", "--", "sh", "-c", script});
  EXPECT_EQ(run.exit_code, 3) << run.out << run.err;
  nlohmann::json results = Results();
  for (const auto& row : results["results"]) {
    EXPECT_EQ(row["status"], "error") << row.dump();
    EXPECT_EQ(fs::file_size(out_ + "/" + row["raw"][0].get<std::string>()),
              13u);
    EXPECT_THAT(row["message"].get<std::string>(), HasSubstr("untraced"));
  }
}

TEST_F(HeapboundE2E, BlessRewritesTheBoundsFromTheLastResults) {
  std::string bounds = Bounds("max_peak = \"4.5 KiB\"",
                              "max_peak = \"1 KiB\"  # cut by the test");
  Outcome run = Heapbound(
      RunArgs({"--bounds", bounds, "--case", "chunk", "--tool", "track"}));
  ASSERT_EQ(run.exit_code, 1) << run.out << run.err;
  Outcome bless =
      Heapbound({"bless", "--bounds", bounds, "--out", out_, "--margin", "25"});
  EXPECT_EQ(bless.exit_code, 0) << bless.out << bless.err;
  EXPECT_THAT(bless.out, HasSubstr("-max_peak = \"1 KiB\"  # cut by the test"));
  EXPECT_THAT(bless.out, HasSubstr("# cut by the test\n"));
  EXPECT_THAT(ReadText(bounds), HasSubstr("# cut by the test"));
  EXPECT_THAT(ReadText(bounds),
              Not(HasSubstr("max_peak = \"1 KiB\"  # cut by the test")));
  run = Heapbound(
      RunArgs({"--bounds", bounds, "--case", "chunk", "--tool", "track"}));
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
}

TEST_F(HeapboundE2E, BadBoundsFileIsAUsageErrorWithFileAndLine) {
  std::string bounds =
      Bounds("max_peak = \"4.5 KiB\"", "max_peak = \"4.5 KB\"");
  Outcome run = Heapbound(RunArgs({"--bounds", bounds}));
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr(bounds + ":"));
  EXPECT_THAT(run.err, HasSubstr("unknown unit 'KB'"));
}

TEST_F(HeapboundE2E, ListShowsCasesProfilesToolsAndBounds) {
  Outcome list = Heapbound({"list"});
  EXPECT_EQ(list.exit_code, 0) << list.out << list.err;
  for (const char* expected :
       {"whole_file_readall", "ladder-256", "massif", "heaptrack", "track",
        "max_peak = \"max_file\" (negative control: must exceed)",
        "sweep scaling"}) {
    EXPECT_THAT(list.out, HasSubstr(expected));
  }
}

TEST_F(HeapboundE2E, ListToolsPrintsTheRegistryOnePerLine) {
  Outcome list = Heapbound({"list", "--tools"});
  EXPECT_EQ(list.exit_code, 0) << list.err;
  std::vector<std::string> names;
  std::istringstream lines(list.out);
  for (std::string line; std::getline(lines, line);) {
    names.push_back(line.substr(0, line.find('\t')));
  }
  EXPECT_EQ(names,
            (std::vector<std::string>{"massif", "heaptrack", "track", "rss"}));
}

TEST_F(HeapboundE2E, VersionIsTheProjectVersion) {
  Outcome version = Heapbound({"--version"});
  EXPECT_EQ(version.exit_code, 0) << version.err;
  EXPECT_EQ(version.out, "heapbound " HEAPBOUND_VERSION "\n");
}

TEST_F(HeapboundE2E, TypoedSubcommandSuggestsTheClosestOne) {
  Outcome typo = Heapbound({"rn", "--case", "chunk"});
  EXPECT_EQ(typo.exit_code, 2);
  EXPECT_EQ(typo.err, "heapbound: unknown command 'rn'; did you mean 'run'?\n");
  EXPECT_EQ(typo.out, "");
}

TEST_F(HeapboundE2E, FarOffSubcommandListsTheCommands) {
  Outcome typo = Heapbound({"zzzzzz"});
  EXPECT_EQ(typo.exit_code, 2);
  EXPECT_EQ(typo.err,
            "heapbound: unknown command 'zzzzzz'; commands: list, fixtures, "
            "run, bless, report, compare, merge\n");
  EXPECT_EQ(typo.out, "");
}

}  // namespace
}  // namespace heapbound
