#include "bounds_names.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config_error.h"

namespace heapbound {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(DeclaredCaseNames, ListsTheBaselineAndTheCaseTablesNotThePrograms) {
  EXPECT_THAT(DeclaredCaseNames(R"([defaults]
baseline = "idle"
[case.chunk]
max_peak = "4 KiB"
[program.py_chunk]
command = ["/usr/bin/python3", "x.py"]
max_peak = "1 MiB"
[case.mmap]
max_peak = "1 KiB"
)",
                                "b.toml"),
              ElementsAre("idle", "chunk", "mmap"));
  EXPECT_THAT(DeclaredCaseNames("", "b.toml"), ElementsAre("baseline"));
}

TEST(DeclaredCaseNames, BadTomlNamesFileAndLine) {
  try {
    DeclaredCaseNames("[defaults]\nbaseline = \n", "b.toml");
    FAIL() << "no ConfigError";
  } catch (const ConfigError& error) {
    EXPECT_THAT(error.what(), HasSubstr("b.toml:2:"));
  }
}

}  // namespace
}  // namespace heapbound
