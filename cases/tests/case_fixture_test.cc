// Every reader case, run through the heapbound-case binary on the generated
// test fixtures, must print the manifest's digest, bytes and file count.
// ctest's test_fixtures setup generates them into $HEAPBOUND_TEST_FIXTURES.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <tuple>

#include "test_support.h"

namespace heapbound {
namespace {

using testing_support::CaseNames;
using testing_support::ProcessResult;
using testing_support::RunProcess;
using testing_support::TempDir;

constexpr char kDriver[] = HEAPBOUND_CASE_DRIVER;

class CaseOnFixture
    : public ::testing::TestWithParam<std::tuple<std::string, std::string>> {};

TEST_P(CaseOnFixture, PrintsTheManifestDigest) {
  const auto& [profile, name] = GetParam();
  const char* fixtures = std::getenv("HEAPBOUND_TEST_FIXTURES");
  ASSERT_NE(fixtures, nullptr) << "HEAPBOUND_TEST_FIXTURES is not set";
  const std::string dir = std::string(fixtures) + "/" + profile;
  std::ifstream in(dir + "/manifest.json");
  ASSERT_TRUE(in) << dir << "/manifest.json is missing: the test_fixtures "
                  << "setup test generates it";
  const nlohmann::json manifest = nlohmann::json::parse(in);
  TempDir scratch;
  ProcessResult result = RunProcess(
      {kDriver, "--case", name, "--root", dir + "/spiders"}, scratch.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const nlohmann::json line = nlohmann::json::parse(result.out);
  EXPECT_EQ(line.at("case").get<std::string>(), name);
  EXPECT_EQ(line.at("digest").get<std::string>(),
            manifest.at("digest").get<std::string>());
  EXPECT_EQ(line.at("bytes").get<std::uint64_t>(),
            manifest.at("total_bytes").get<std::uint64_t>());
  EXPECT_EQ(line.at("files").get<std::uint64_t>(),
            manifest.at("files").get<std::uint64_t>());
}

INSTANTIATE_TEST_SUITE_P(
    TestFixtures, CaseOnFixture,
    ::testing::Combine(::testing::Values("tiny", "edge"),
                       ::testing::ValuesIn(CaseNames(/*with_baseline=*/false))),
    [](const ::testing::TestParamInfo<CaseOnFixture::ParamType>& info) {
      return std::get<0>(info.param) + "_" + std::get<1>(info.param);
    });

}  // namespace
}  // namespace heapbound
