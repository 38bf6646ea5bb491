#include "e2e_support.h"

#include <stdlib.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "child_process.h"
#include "testing_case_bounds.h"

namespace heapbound {

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> TinyRunArgs(const std::string& out,
                                     std::vector<std::string> more) {
  std::vector<std::string> args = {
      "run",   "--fixture", "tiny", "--cache", HEAPBOUND_TEST_FIXTURES,
      "--out", out};
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

std::vector<std::string> TestingRunArgs(const std::string& out,
                                        const std::string& bounds,
                                        std::vector<std::string> more) {
  std::vector<std::string> args = {"--bounds", bounds, "--driver",
                                   HEAPBOUND_TESTING_DRIVER};
  args.insert(args.end(), more.begin(), more.end());
  return TinyRunArgs(out, std::move(args));
}

void HeapboundTestDir::SetUp() {
  std::string base = ::testing::TempDir() + name_ + "-XXXXXX";
  ASSERT_NE(mkdtemp(base.data()), nullptr);
  dir_ = base;
  out_ = dir_ + "/out";
}

void HeapboundTestDir::TearDown() {
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

Outcome HeapboundTestDir::Heapbound(
    std::vector<std::string> args,
    std::vector<std::pair<std::string, std::string>> environment,
    std::vector<std::string> prefix) {
  ChildSpec spec;
  spec.argv = std::move(prefix);
  spec.argv.push_back(HEAPBOUND_BIN);
  spec.argv.insert(spec.argv.end(), args.begin(), args.end());
  spec.environment = std::move(environment);
  spec.stdout_path = dir_ + "/stdout";
  spec.stderr_path = dir_ + "/stderr";
  spec.timeout_seconds = 280;
  std::atomic<bool> never{false};
  ChildResult child = RunChild(spec, never);
  Outcome outcome;
  outcome.exit_code = child.exited ? child.exit_code : -child.signal;
  outcome.out = ReadText(spec.stdout_path);
  outcome.err = ReadText(spec.stderr_path);
  return outcome;
}

std::string HeapboundTestDir::WriteTestingBounds() {
  std::string path = dir_ + "/bounds.toml";
  std::ofstream(path) << ReadText(HEAPBOUND_BOUNDS_TOML) << kTestingCaseBounds;
  return path;
}

nlohmann::json HeapboundTestDir::Results() {
  return nlohmann::json::parse(ReadText(out_ + "/results.json"));
}

}  // namespace heapbound
