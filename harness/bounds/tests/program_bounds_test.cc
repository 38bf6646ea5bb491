#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "bounds_file.h"
#include "config_error.h"

namespace heapbound {
namespace {

using ::testing::HasSubstr;

BoundsVocabulary Vocabulary() {
  BoundsVocabulary vocabulary;
  vocabulary.cases = {"baseline", "chunk"};
  vocabulary.tools = {"massif", "heaptrack", "track"};
  vocabulary.is_profile = [](const std::string& name) {
    return name == "tiny" || name == "small";
  };
  vocabulary.source_dir = "/src";
  return vocabulary;
}

// Line 1 is the header; the program table starts on line 8.
constexpr char kHead[] = R"([defaults]
tools = ["massif", "track"]
fixtures = ["tiny"]

[case.chunk]
max_peak = "8 KiB"

)";

std::string ErrorOf(const std::string& program_table) {
  try {
    ParseBoundsFile(kHead + program_table, "b.toml", Vocabulary());
  } catch (const ConfigError& error) {
    return error.what();
  }
  return "";
}

TEST(ProgramBounds, ParsesCommandEnvVerifyAndBaseline) {
  BoundsFile file = ParseBoundsFile(
      std::string(kHead) +
          "[program.py_chunk]\n"
          "command = [\"/bin/sh\", \"cases/programs/python/chunk.py\", "
          "\"{root}\", \"-x\", \"python3\"]\n"
          "baseline = [\"/bin/sh\", \"-c\", \"exit 0\"]\n"
          "env = { PYTHONMALLOC = \"malloc\", B = \"2\" }\n"
          "verify = \"none\"\n"
          "max_peak = \"64 KiB\"\n"
          "expect = \"exceed\"\n"
          "tools = [\"track\"]\n",
      "b.toml", Vocabulary());
  ASSERT_EQ(file.cases.size(), 2u);
  const CaseBound* program = file.Find("py_chunk");
  ASSERT_NE(program, nullptr);
  ASSERT_TRUE(program->program.has_value());
  EXPECT_FALSE(file.Find("chunk")->program.has_value());
  // A relative path resolves against the source dir; a bare name, an
  // option and the placeholder stay as written.
  EXPECT_EQ(program->program->command,
            (std::vector<std::string>{"/bin/sh",
                                      "/src/cases/programs/python/chunk.py",
                                      "{root}", "-x", "python3"}));
  EXPECT_EQ(program->program->baseline,
            (std::vector<std::string>{"/bin/sh", "-c", "exit 0"}));
  ASSERT_EQ(program->program->env.size(), 2u);
  // toml++ keeps a table's keys sorted.
  EXPECT_EQ(program->program->env[0].first, "B");
  EXPECT_EQ(program->program->env[1].first, "PYTHONMALLOC");
  EXPECT_EQ(program->program->env[1].second, "malloc");
  EXPECT_EQ(program->program->verify, Verify::kNone);
  EXPECT_EQ(program->max_peak.constant(), 65536u);
  EXPECT_EQ(program->expect, Expectation::kExceed);
  EXPECT_EQ(program->tools, (std::vector<std::string>{"track"}));
  EXPECT_EQ(program->fixtures, (std::vector<std::string>{"tiny"}));
  EXPECT_EQ(program->position.line, 8);
  EXPECT_EQ(program->max_peak_position.line, 13);
}

TEST(ProgramBounds, ExpandCommandReplacesEveryRootPlaceholder) {
  EXPECT_EQ(ExpandCommand({"sort", "{root}/a", "--root={root}:{root}"}, "/f"),
            (std::vector<std::string>{"sort", "/f/a", "--root=/f:/f"}));
}

TEST(ProgramBounds, NameOfARegisteredCaseIsAnError) {
  EXPECT_THAT(ErrorOf("[program.chunk]\ncommand = [\"sort\"]\nmax_peak = 1\n"),
              HasSubstr("b.toml:8:10: program 'chunk' has the name of a "
                        "registered case"));
}

TEST(ProgramBounds, EmptyCommandIsAnError) {
  EXPECT_THAT(ErrorOf("[program.p]\ncommand = []\nmax_peak = 1\n"),
              HasSubstr("b.toml:9:11: command must be a non-empty array of "
                        "strings"));
}

TEST(ProgramBounds, CommandThatIsNotAnArrayIsAnError) {
  EXPECT_THAT(ErrorOf("[program.p]\ncommand = \"sort {root}\"\nmax_peak = 1\n"),
              HasSubstr("b.toml:9:11: command must be a non-empty array"));
}

TEST(ProgramBounds, MissingCommandIsAnError) {
  EXPECT_THAT(ErrorOf("[program.p]\nmax_peak = 1\n"),
              HasSubstr("b.toml:8:1: [program.p] needs command = [...]"));
}

TEST(ProgramBounds, MissingMaxPeakIsAnError) {
  EXPECT_THAT(ErrorOf("[program.p]\ncommand = [\"sort\"]\n"),
              HasSubstr("b.toml:8:10: [program.p] needs max_peak"));
}

TEST(ProgramBounds, MissingProgramFileIsAnError) {
  EXPECT_THAT(
      ErrorOf("[program.p]\ncommand = [\"/no/such/python\"]\nmax_peak = 1\n"),
      HasSubstr("b.toml:9:12: command[0] '/no/such/python' does not exist"));
}

TEST(ProgramBounds, UnknownVerifyIsAnError) {
  EXPECT_THAT(ErrorOf("[program.p]\ncommand = [\"sort\"]\nmax_peak = 1\n"
                      "verify = \"digest\"\n"),
              HasSubstr("b.toml:11:10: verify must be \"full\""));
}

TEST(ProgramBounds, EnvMayNotSetLdPreload) {
  EXPECT_THAT(ErrorOf("[program.p]\ncommand = [\"sort\"]\nmax_peak = 1\n"
                      "env = { LD_PRELOAD = \"x.so\" }\n"),
              HasSubstr("b.toml:11:9: env may not set LD_PRELOAD"));
}

TEST(ProgramBounds, UnknownKeyNamesTheProgramTable) {
  EXPECT_THAT(ErrorOf("[program.p]\ncommand = [\"sort\"]\nmax_peak = 1\n"
                      "cmd = [\"sort\"]\n"),
              HasSubstr("b.toml:11:1: unknown key 'cmd' in [program.p]"));
}

TEST(ProgramBounds, ASweepMayNameAProgram) {
  BoundsFile file = ParseBoundsFile(
      std::string(kHead) +
          "[program.p]\ncommand = [\"sort\"]\nmax_peak = 1\n"
          "[[sweep]]\nname = \"s\"\ntools = [\"track\"]\nfixtures = "
          "[\"small\"]\ncases = [\"p\"]\n",
      "b.toml", Vocabulary());
  EXPECT_EQ(file.sweeps[0].cases, (std::vector<std::string>{"p"}));
}

}  // namespace
}  // namespace heapbound
