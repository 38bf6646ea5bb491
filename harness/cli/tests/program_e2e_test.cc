// Program cases end to end: the real Python readers on tiny under massif,
// heaptrack and track; a program whose proof of work is wrong; a
// third-party tool with verify = "none".
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <map>

#include "e2e_support.h"

namespace heapbound {
namespace {

using ::testing::HasSubstr;
using Json = nlohmann::json;

// Appended to the testing bounds: programs that run only when named.
constexpr char kPrograms[] = R"(
[program.py_whole_massif]
command = ["/usr/bin/python3", "cases/programs/python/whole_file.py", "{root}"]
baseline = ["/usr/bin/python3", "cases/programs/python/whole_file.py", "--start-up-only"]
env = { PYTHONMALLOC = "malloc", PYTHONHASHSEED = "0", PYTHONDONTWRITEBYTECODE = "1" }
tools = ["massif"]
max_peak = "2 * max_file"

[program.wrong_count]
command = ["/usr/bin/python3", "-c", "print('{\"bytes\": 7, \"files\": 1}')", "{root}"]
tools = ["track"]
max_peak = "1 MiB"

[program.grep_all]
command = ["/usr/bin/grep", "-r", "-c", "", "{root}"]
verify = "none"
tools = ["track"]
max_peak = "1 MiB"
)";

class ProgramE2E : public HeapboundTestDir {
 protected:
  ProgramE2E() : HeapboundTestDir("heapbound-program-e2e") {}

  std::string WriteBounds() {
    std::string path = WriteTestingBounds();
    std::ofstream(path, std::ios::app) << kPrograms;
    return path;
  }

  // Rows by "<case>.<tool>".
  std::map<std::string, Json> RowsByCaseAndTool() {
    std::map<std::string, Json> rows;
    for (const Json& row : Results()["results"])
      rows[row["case"].get<std::string>() + "." +
           row["tool"].get<std::string>()] = row;
    return rows;
  }
};

TEST_F(ProgramE2E, PythonReadersOnTinyUnderEveryTool) {
  Outcome run = Heapbound(TestingRunArgs(
      out_, WriteBounds(),
      {"--case", "py_chunk", "--case", "py_line_stream", "--case",
       "py_whole_file", "--case", "py_whole_massif", "--tool", "massif",
       "--tool", "heaptrack", "--tool", "track"}));
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  Json fixture = Results()["fixtures"]["tiny"];
  const std::uint64_t max_file = fixture["max_file"];
  std::map<std::string, Json> rows = RowsByCaseAndTool();
  for (const char* tool : {"heaptrack", "track"}) {
    SCOPED_TRACE(tool);
    const Json& chunk = rows.at(std::string("py_chunk.") + tool);
    EXPECT_EQ(chunk["status"], "pass") << chunk["message"];
    EXPECT_EQ(chunk["program"], true);
    EXPECT_EQ(chunk["verified"], true);
    EXPECT_EQ(chunk["digest_ok"], true);
    EXPECT_EQ(chunk["net_method"], "open_marker");
    // The 4096-byte buffer shows; the interpreter's ~2.9 MB start-up
    // does not.
    EXPECT_GT(chunk["net_peak_bytes"].get<std::uint64_t>(), 4096u);
    EXPECT_LT(chunk["net_peak_bytes"].get<std::uint64_t>(), 64u * 1024);
    EXPECT_GT(chunk["baseline_bytes"].get<std::uint64_t>(), 1000000u);
    const Json& whole = rows.at(std::string("py_whole_file.") + tool);
    EXPECT_EQ(whole["status"], "xfail") << whole["message"];
    EXPECT_GT(whole["net_peak_bytes"].get<std::uint64_t>(), max_file);
    EXPECT_EQ(rows.at(std::string("py_line_stream.") + tool)["status"], "pass");
  }
  // The same reads, the same allocations: track and heaptrack agree to the
  // byte on these two.
  for (const char* name : {"py_whole_file", "py_line_stream"}) {
    EXPECT_EQ(rows.at(std::string(name) + ".track")["net_peak_bytes"],
              rows.at(std::string(name) + ".heaptrack")["net_peak_bytes"])
        << name;
  }
  // massif has no marker: with no baseline command it reports the gross
  // peak, with one it subtracts that command's peak.
  const Json& gross = rows.at("py_chunk.massif");
  EXPECT_EQ(gross["net_method"], "gross");
  EXPECT_EQ(gross["net_peak_bytes"], gross["peak_bytes"]);
  EXPECT_EQ(gross["baseline_bytes"], 0);
  const Json& second = rows.at("py_whole_massif.massif");
  EXPECT_EQ(second["net_method"], "baseline");
  const Json& start_up = rows.at("py_whole_massif.baseline.massif");
  EXPECT_EQ(start_up["role"], "baseline");
  EXPECT_EQ(start_up["program"], true);
  EXPECT_EQ(second["baseline_bytes"], start_up["peak_bytes"]);
  EXPECT_EQ(second["net_peak_bytes"].get<std::uint64_t>(),
            second["peak_bytes"].get<std::uint64_t>() -
                start_up["peak_bytes"].get<std::uint64_t>());
  EXPECT_EQ(second["status"], "pass") << second["message"];
  EXPECT_THAT(run.out, HasSubstr("py_chunk"));
}

TEST_F(ProgramE2E, WrongProofOfWorkIsAnErrorNamingExpectedAndGot) {
  Outcome run =
      Heapbound(TestingRunArgs(out_, WriteBounds(), {"--case", "wrong_count"}));
  EXPECT_EQ(run.exit_code, 3) << run.out << run.err;
  Json fixture = Results()["fixtures"]["tiny"];
  const Json& row = RowsByCaseAndTool().at("wrong_count.track");
  EXPECT_EQ(row["status"], "error");
  EXPECT_EQ(row["digest_ok"], false);
  EXPECT_THAT(row["message"].get<std::string>(),
              HasSubstr(fmt::format(
                  "proof of work mismatch: expected {} files, {} bytes, "
                  "digest {} (the fixture's manifest.json); got 1 files, 7 "
                  "bytes, digest (none printed)",
                  fixture["files"].get<std::uint64_t>(),
                  fixture["total_bytes"].get<std::uint64_t>(),
                  fixture["digest"].get<std::string>())));
}

TEST_F(ProgramE2E, VerifyNoneIsShownAsUnverifiedEverywhere) {
  Outcome run =
      Heapbound(TestingRunArgs(out_, WriteBounds(), {"--case", "grep_all"}));
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  const Json& row = RowsByCaseAndTool().at("grep_all.track");
  EXPECT_EQ(row["status"], "pass") << row["message"];
  EXPECT_EQ(row["verified"], false);
  EXPECT_EQ(row["digest_ok"], nullptr);
  EXPECT_EQ(row["net_method"], "open_marker");
  EXPECT_THAT(run.out, HasSubstr("pass (unverified)"));
  EXPECT_THAT(ReadText(out_ + "/summary.md"),
              HasSubstr("| pass (unverified) |"));
}

TEST_F(ProgramE2E, ListShowsProgramsAndTheirCommands) {
  Outcome list = Heapbound({"list", "--bounds", WriteBounds(), "--driver",
                            HEAPBOUND_TESTING_DRIVER});
  EXPECT_EQ(list.exit_code, 0) << list.err;
  EXPECT_THAT(list.out, HasSubstr("py_chunk"));
  EXPECT_THAT(list.out, HasSubstr("program: /usr/bin/grep -r -c  {root} "
                                  "(unverified)"));
}

}  // namespace
}  // namespace heapbound
