#pragma once

// Scaffolding shared by the end-to-end tests: a scratch dir per test, and
// heapbound run as a child on the tiny fixture.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace heapbound {

// Returns the bytes of `path`, or "" when it cannot be read.
std::string ReadText(const std::string& path);

// What a heapbound child did: its exit code (minus the signal that killed
// it) and what it printed.
struct Outcome {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Returns `run --fixture tiny --cache <test fixtures> --out <out>` + `more`.
std::vector<std::string> TinyRunArgs(const std::string& out,
                                     std::vector<std::string> more);

// Returns TinyRunArgs with `--bounds <bounds> --driver <testing driver>`
// before `more`.
std::vector<std::string> TestingRunArgs(const std::string& out,
                                        const std::string& bounds,
                                        std::vector<std::string> more);

// A test with its own scratch dir (removed in TearDown) and out dir in it.
class HeapboundTestDir : public ::testing::Test {
 protected:
  // Names the scratch dir `<name>-XXXXXX` under the gtest temp dir.
  explicit HeapboundTestDir(std::string name) : name_(std::move(name)) {}

  void SetUp() override;
  void TearDown() override;

  // Runs heapbound with `args` behind `prefix`; `environment` is added to
  // ours. stdout and stderr go to <dir>/stdout and <dir>/stderr.
  Outcome Heapbound(
      std::vector<std::string> args,
      std::vector<std::pair<std::string, std::string>> environment = {},
      std::vector<std::string> prefix = {});

  // Writes cases/bounds.toml with the test-only case bounds appended to
  // <dir>/bounds.toml; returns its path.
  std::string WriteTestingBounds();

  // Returns the parsed <out>/results.json.
  nlohmann::json Results();

  std::string dir_;
  std::string out_;

 private:
  std::string name_;
};

}  // namespace heapbound
