// The heapbound-case binary: its listing, its JSON line, its exit codes.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "case_registry.h"
#include "test_support.h"

namespace heapbound {
namespace {

using testing_support::CaseNames;
using testing_support::ProcessResult;
using testing_support::ReferenceDigest;
using testing_support::RunProcess;
using testing_support::TempDir;
using testing_support::TreeResult;
using testing_support::WriteFile;

constexpr char kDriver[] = HEAPBOUND_CASE_DRIVER;

class CaseDriver : public ::testing::Test {
 protected:
  ProcessResult Run(std::vector<std::string> args, long run_as_uid = -1) {
    args.insert(args.begin(), kDriver);
    return RunProcess(args, scratch_.path(), run_as_uid);
  }

  TempDir scratch_;
};

TEST_F(CaseDriver, ListsEveryRegisteredCaseFirstInEachLine) {
  ProcessResult result = Run({"--list"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::vector<std::string> listed;
  std::istringstream lines(result.out);
  for (std::string line; std::getline(lines, line);) {
    listed.push_back(line.substr(0, line.find('\t')));
    EXPECT_NE(line.find('\t'), std::string::npos) << "no summary: " << line;
  }
  EXPECT_EQ(listed, CaseNames(/*with_baseline=*/true));
}

TEST_F(CaseDriver, PrintsOneJsonLineMatchingTheReference) {
  TempDir tree;
  WriteFile(tree.Join("scrapy.cfg"), "[settings]\n");
  WriteFile(tree.Join("logs/s/20190820093000.log"), "a\r\nb\nno newline");
  WriteFile(tree.Join("assets/blob.bin"), std::string("\0\1\2\0", 4));
  TreeResult expected = ReferenceDigest(tree.path());
  for (const std::string& name : CaseNames(/*with_baseline=*/true)) {
    ProcessResult result = Run({"--case", name, "--root", tree.path()});
    ASSERT_EQ(result.exit_code, 0) << name << ": " << result.err;
    EXPECT_EQ(result.err, "");
    ASSERT_FALSE(result.out.empty());
    EXPECT_EQ(result.out.find('\n'), result.out.size() - 1) << result.out;
    nlohmann::json line = nlohmann::json::parse(result.out);
    EXPECT_EQ(line.at("case").get<std::string>(), name);
    EXPECT_EQ(line.at("files").get<std::uint64_t>(), 3u);
    if (name == "baseline") {
      EXPECT_EQ(line.at("bytes").get<std::uint64_t>(), 0u);
      EXPECT_EQ(line.at("digest").get<std::string>(),
                ReferenceDigest(tree.path(), /*empty_files=*/true).digest);
    } else {
      EXPECT_EQ(line.at("bytes").get<std::uint64_t>(), expected.bytes) << name;
      EXPECT_EQ(line.at("digest").get<std::string>(), expected.digest) << name;
    }
  }
}

TEST_F(CaseDriver, UsageErrorsExitTwo) {
  TempDir tree;
  const std::vector<std::vector<std::string>> bad = {
      {},
      {"--case"},
      {"--case", "chunk"},
      {"--root", tree.path()},
      {"--case", "chunk", "--root"},
      {"--case", "chunk", "--root", tree.path(), "--bogus"},
      {"positional"},
  };
  for (const std::vector<std::string>& args : bad) {
    ProcessResult result = Run(args);
    EXPECT_EQ(result.exit_code, 2) << ::testing::PrintToString(args);
    EXPECT_EQ(result.out, "") << ::testing::PrintToString(args);
    EXPECT_NE(result.err.find("usage:"), std::string::npos) << result.err;
  }
}

TEST_F(CaseDriver, UnknownCaseExitsTwoNamingIt) {
  TempDir tree;
  ProcessResult result = Run({"--case", "no_such_case", "--root", tree.path()});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.out, "");
  EXPECT_NE(result.err.find("no_such_case"), std::string::npos) << result.err;
}

TEST_F(CaseDriver, MissingRootExitsOneNamingThePath) {
  const std::string missing = scratch_.Join("no/such/root");
  for (const std::string& name : CaseNames(/*with_baseline=*/true)) {
    ProcessResult result = Run({"--case", name, "--root", missing});
    EXPECT_EQ(result.exit_code, 1) << name;
    EXPECT_EQ(result.out, "") << name;
    EXPECT_NE(result.err.find(missing), std::string::npos) << result.err;
  }
}

TEST_F(CaseDriver, UnreadableFileExitsOneNamingThePathAndPrintsNoDigest) {
  // Root reads anything, so the driver runs as nobody when we are root.
  const long uid = ::geteuid() == 0 ? 65534 : -1;
  TempDir tree;
  ASSERT_EQ(::chmod(tree.path().c_str(), 0755), 0);
  WriteFile(tree.Join("a.log"), "readable\n");
  const std::string locked = tree.Join("b.log");
  WriteFile(locked, "locked\n");
  WriteFile(tree.Join("c.log"), "readable\n");
  ASSERT_EQ(::chmod(locked.c_str(), 0), 0);
  ASSERT_EQ(::chmod(scratch_.path().c_str(), 0777), 0);
  ProcessResult probe = Run({"--case", "baseline", "--root", tree.path()}, uid);
  if (probe.exit_code != 0) {
    GTEST_SKIP() << "cannot run the driver as uid " << uid << ": " << probe.err;
  }
  for (const std::string& name : CaseNames(/*with_baseline=*/false)) {
    ProcessResult result = Run({"--case", name, "--root", tree.path()}, uid);
    EXPECT_EQ(result.exit_code, 1) << name;
    EXPECT_EQ(result.out, "") << name;
    EXPECT_NE(result.err.find(locked), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("Permission denied"), std::string::npos)
        << result.err;
  }
}

}  // namespace
}  // namespace heapbound
