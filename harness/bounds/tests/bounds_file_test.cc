#include "bounds_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config_error.h"

namespace heapbound {
namespace {

using ::testing::HasSubstr;

BoundsVocabulary Vocabulary() {
  BoundsVocabulary vocabulary;
  vocabulary.cases = {"baseline", "chunk", "line_stream", "whole_file_readall"};
  vocabulary.tools = {"massif", "heaptrack", "track"};
  vocabulary.is_profile = [](const std::string& name) {
    return name == "tiny" || name == "small" || name == "seed" ||
           name.rfind("ladder-", 0) == 0;
  };
  return vocabulary;
}

constexpr char kGood[] = R"(# comment
[defaults]
tools = ["massif", "heaptrack"]
fixtures = ["small", "seed"]
cross_check = ["massif", "heaptrack", "track"]

[case.chunk]
max_peak = "8 KiB"

[case.line_stream]
max_peak = "2 * max_line + 16 KiB"
tools = ["track"]

[case.whole_file_readall]
max_peak = "max_file"
expect = "exceed"
fixtures = ["tiny"]

[[sweep]]
name = "scaling"
tools = ["track"]
fixtures = ["ladder-1", "ladder-4"]
)";

// Returns the ConfigError message of parsing `text`, or "" when it parses.
std::string ErrorOf(const std::string& text) {
  try {
    ParseBoundsFile(text, "bounds.toml", Vocabulary());
  } catch (const ConfigError& error) {
    return error.what();
  }
  return "";
}

TEST(BoundsFile, DefaultCrossCheckIsTheVocabularysExactTools) {
  // The tool registry says which tools are exact; the list is no longer
  // written here.
  std::string text = kGood;
  text.erase(
      text.find("cross_check"),
      text.find('\n', text.find("cross_check")) - text.find("cross_check") + 1);
  BoundsVocabulary vocabulary = Vocabulary();
  vocabulary.exact_tools = {"heaptrack", "track"};
  EXPECT_EQ(ParseBoundsFile(text, "bounds.toml", vocabulary).cross_check,
            (std::vector<std::string>{"heaptrack", "track"}));
}

TEST(BoundsFile, ParsesDefaultsCasesAndSweeps) {
  BoundsFile file = ParseBoundsFile(kGood, "bounds.toml", Vocabulary());
  ASSERT_EQ(file.cases.size(), 3u);
  const CaseBound* chunk = file.Find("chunk");
  ASSERT_NE(chunk, nullptr);
  EXPECT_EQ(chunk->max_peak.constant(), 8192u);
  EXPECT_EQ(chunk->tools, (std::vector<std::string>{"massif", "heaptrack"}));
  EXPECT_EQ(chunk->fixtures, (std::vector<std::string>{"small", "seed"}));
  EXPECT_EQ(chunk->max_peak_position.line, 8);
  EXPECT_EQ(chunk->max_peak_position.column, 12);
  const CaseBound* line = file.Find("line_stream");
  EXPECT_EQ(line->tools, (std::vector<std::string>{"track"}));
  EXPECT_EQ(line->max_peak_text, "2 * max_line + 16 KiB");
  const CaseBound* readall = file.Find("whole_file_readall");
  EXPECT_EQ(readall->expect, Expectation::kExceed);
  EXPECT_EQ(readall->fixtures, (std::vector<std::string>{"tiny"}));
  ASSERT_EQ(file.sweeps.size(), 1u);
  EXPECT_EQ(file.sweeps[0].name, "scaling");
  EXPECT_EQ(file.sweeps[0].fixtures,
            (std::vector<std::string>{"ladder-1", "ladder-4"}));
  EXPECT_EQ(file.cross_check.size(), 3u);
  EXPECT_EQ(file.baseline_case, "baseline");
}

TEST(BoundsFile, TomlSyntaxErrorNamesLineAndColumn) {
  std::string text = kGood;
  text += "[case.chunk\n";
  EXPECT_THAT(ErrorOf(text), HasSubstr("bounds.toml:23:"));
}

TEST(BoundsFile, DuplicateTableIsAnErrorWithItsLine) {
  std::string text = kGood;
  text += "[case.chunk]\nmax_peak = \"4 KiB\"\n";
  EXPECT_THAT(ErrorOf(text), HasSubstr("bounds.toml:23:"));
}

TEST(BoundsFile, UnknownKeyIsAnError) {
  std::string text = kGood;
  text.replace(text.find("max_peak = \"8 KiB\""), 8, "max_peek");
  EXPECT_THAT(
      ErrorOf(text),
      HasSubstr("bounds.toml:8:1: unknown key 'max_peek' in [case.chunk]"));
}

TEST(BoundsFile, UnknownTopLevelKeyIsAnError) {
  EXPECT_THAT(
      ErrorOf(std::string("bound = 1\n") + kGood),
      HasSubstr("bounds.toml:1:1: unknown key 'bound' in the top level"));
}

TEST(BoundsFile, UnknownCaseIsAnError) {
  std::string text = kGood;
  text += "[case.chunky]\nmax_peak = \"4 KiB\"\n";
  EXPECT_THAT(ErrorOf(text),
              HasSubstr("bounds.toml:23:7: unknown case 'chunky': not "
                        "registered by the case driver (registered: baseline, "
                        "chunk, line_stream, whole_file_readall)"));
}

TEST(BoundsFile, UnknownCaseSaysToRebuildTheDriver) {
  std::string text = kGood;
  text += "[case.my_reader]\nmax_peak = \"4 KiB\"\n";
  EXPECT_THAT(ErrorOf(text),
              HasSubstr("; if you just added cases/my_reader.cc, rebuild: "
                        "cmake --build build"));
}

TEST(BoundsFile, UnknownStatisticPointsIntoTheString) {
  std::string text = kGood;
  text.replace(text.find("2 * max_line"), 12, "2 * max_lines");
  EXPECT_THAT(ErrorOf(text),
              HasSubstr("bounds.toml:11:17: bad max_peak \"2 * max_lines + 16 "
                        "KiB\": unknown statistic 'max_lines'"));
}

TEST(BoundsFile, BadAndNegativeSizesAreErrors) {
  std::string text = kGood;
  text.replace(text.find("\"8 KiB\""), 7, "\"8 KB\"");
  EXPECT_THAT(
      ErrorOf(text),
      HasSubstr("bounds.toml:8:15: bad max_peak \"8 KB\": unknown unit"));
  text = kGood;
  text.replace(text.find("\"8 KiB\""), 7, "-8192");
  EXPECT_THAT(ErrorOf(text),
              HasSubstr("bounds.toml:8:12: max_peak must not be negative"));
  text = kGood;
  text.replace(text.find("\"8 KiB\""), 7, "\"-8 KiB\"");
  EXPECT_THAT(ErrorOf(text),
              HasSubstr("bounds.toml:8:13: bad max_peak \"-8 KiB\": negative"));
  text = kGood;
  text.replace(text.find("\"8 KiB\""), 7, "true");
  EXPECT_THAT(ErrorOf(text),
              HasSubstr("bounds.toml:8:12: max_peak must be a size string"));
}

TEST(BoundsFile, MaxLeakedAndMaxAllocsComeFromTheCaseOrTheDefaults) {
  std::string text = kGood;
  text.replace(text.find("cross_check"), 0,
               "max_leaked = \"1 KiB\"\nmax_allocs = \"4 * files + 64\"\n");
  text.replace(text.find("tools = [\"track\"]"), 0,
               "max_allocs = 100\nmax_leaked = \"max_line\"\n");
  BoundsFile file = ParseBoundsFile(text, "bounds.toml", Vocabulary());
  const CaseBound* chunk = file.Find("chunk");
  ASSERT_TRUE(chunk->max_leaked && chunk->max_allocs);
  EXPECT_EQ(chunk->max_leaked->text, "1 KiB");
  EXPECT_EQ(chunk->max_allocs->text, "4 * files + 64");
  FixtureStats stats;
  stats.files = 50;
  stats.max_line = 80;
  EXPECT_EQ(chunk->max_allocs->expression.Evaluate(stats), 264u);
  const CaseBound* lines = file.Find("line_stream");
  EXPECT_EQ(lines->max_allocs->text, "100");
  EXPECT_EQ(lines->max_leaked->expression.Evaluate(stats), 80u);
  EXPECT_EQ(lines->max_leaked->position.line, 15);
}

TEST(BoundsFile, WithoutMaxLeakedOrMaxAllocsTheyAreNotChecked) {
  BoundsFile file = ParseBoundsFile(kGood, "bounds.toml", Vocabulary());
  EXPECT_FALSE(file.Find("chunk")->max_leaked);
  EXPECT_FALSE(file.Find("chunk")->max_allocs);
}

TEST(BoundsFile, BadMaxAllocsNamesItsKeyAndPlace) {
  std::string text = kGood;
  text.replace(text.find("tools = [\"track\"]"), 0,
               "max_allocs = \"4 * lines\"\n");
  EXPECT_THAT(ErrorOf(text),
              HasSubstr("bounds.toml:12:19: bad max_allocs \"4 * lines\": "
                        "unknown statistic 'lines'"));
  text = kGood;
  text.replace(text.find("cross_check"), 0, "max_leaked = -1\n");
  EXPECT_THAT(ErrorOf(text),
              HasSubstr("bounds.toml:5:14: max_leaked must not be negative"));
}

TEST(BoundsFile, IntegerMaxPeakIsBytes) {
  std::string text = kGood;
  text.replace(text.find("\"8 KiB\""), 7, "8192");
  BoundsFile file = ParseBoundsFile(text, "bounds.toml", Vocabulary());
  EXPECT_EQ(file.Find("chunk")->max_peak.constant(), 8192u);
}

TEST(BoundsFile, DuplicateListEntryIsAnError) {
  std::string text = kGood;
  text.replace(text.find("tools = [\"track\"]"), 17,
               "tools = [\"track\", \"track\"]");
  EXPECT_THAT(ErrorOf(text),
              HasSubstr("bounds.toml:12:19: 'track' is listed twice in tools"));
}

TEST(BoundsFile, UnknownToolAndFixtureAreErrors) {
  std::string text = kGood;
  text.replace(text.find("tools = [\"track\"]"), 17, "tools = [\"memcheck\"]");
  EXPECT_THAT(ErrorOf(text),
              HasSubstr("bounds.toml:12:10: unknown tools entry 'memcheck'"));
  text = kGood;
  text.replace(text.find("fixtures = [\"tiny\"]"), 19, "fixtures = [\"huge\"]");
  EXPECT_THAT(ErrorOf(text),
              HasSubstr("bounds.toml:17:13: unknown fixtures entry 'huge'"));
}

TEST(BoundsFile, BadExpectIsAnError) {
  std::string text = kGood;
  text.replace(text.find("\"exceed\""), 8, "\"exceeds\"");
  EXPECT_THAT(
      ErrorOf(text),
      HasSubstr("bounds.toml:16:10: expect must be \"fit\" or \"exceed\""));
}

TEST(BoundsFile, MissingMaxPeakIsAnError) {
  std::string text = kGood;
  text.replace(text.find("max_peak = \"8 KiB\""), 18, "");
  EXPECT_THAT(ErrorOf(text),
              HasSubstr("bounds.toml:7:7: [case.chunk] needs max_peak"));
}

TEST(BoundsFile, BaselineTakesNoBound) {
  std::string text = kGood;
  text += "[case.baseline]\n";
  EXPECT_THAT(ErrorOf(text),
              HasSubstr("bounds.toml:23:7: 'baseline' is the baseline"));
}

TEST(BoundsFile, RegisteredCaseWithoutBoundIsAnError) {
  std::string text = kGood;
  std::size_t at = text.find("[case.chunk]");
  text.erase(at, text.find("[case.line_stream]") - at);
  EXPECT_THAT(
      ErrorOf(text),
      HasSubstr("case 'chunk' is registered (heapbound-case --list) but "
                "has no bound; add\n  [case.chunk]"));
  EXPECT_THAT(ErrorOf(text), HasSubstr("to bounds.toml"));
}

TEST(BoundsFile, SweepNeedsNameToolsAndFixtures) {
  std::string text = kGood;
  text +=
      "[[sweep]]\nname = \"scaling\"\ntools = [\"track\"]\nfixtures = "
      "[\"tiny\"]\n";
  EXPECT_THAT(
      ErrorOf(text),
      HasSubstr("bounds.toml:24:8: a sweep named 'scaling' is defined twice"));
  text = kGood;
  text += "[[sweep]]\nname = \"more\"\ntools = [\"track\"]\n";
  EXPECT_THAT(
      ErrorOf(text),
      HasSubstr("bounds.toml:23:1: [[sweep]] 'more' needs tools and fixtures"));
  text = kGood;
  text += "[[sweep]]\nname = \"more\"\nlevels = 3\n";
  EXPECT_THAT(ErrorOf(text),
              HasSubstr("bounds.toml:25:1: unknown key 'levels' in [[sweep]]"));
  text = kGood;
  text +=
      "[[sweep]]\nname = \"x\"\ntools = [\"track\"]\nfixtures = "
      "[\"tiny\"]\ncases = [\"mmap\"]\n";
  EXPECT_THAT(ErrorOf(text),
              HasSubstr("bounds.toml:27:10: unknown cases entry 'mmap'"));
}

TEST(BoundsFile, DefaultsNeedToolsAndFixtures) {
  EXPECT_THAT(
      ErrorOf("[defaults]\ntools = [\"massif\"]\n"),
      HasSubstr("bounds.toml:1:1: [defaults] needs a non-empty fixtures list"));
}

// Returns the ConfigError message of loading `path`, or "" when it loads.
std::string LoadErrorOf(const std::string& path) {
  try {
    LoadBoundsFile(path, Vocabulary());
  } catch (const ConfigError& error) {
    return error.what();
  }
  return "";
}

TEST(BoundsFile, MissingFileIsAnErrorNamingTheReason) {
  EXPECT_EQ(LoadErrorOf("/nonexistent/bounds.toml"),
            "/nonexistent/bounds.toml: cannot read the bounds file: cannot "
            "open: No such file or directory");
}

TEST(BoundsFile, DirectoryIsAnErrorNotAnEmptyFile) {
  // Used to read as an empty file: "[defaults] needs a non-empty tools list".
  EXPECT_EQ(LoadErrorOf(HEAPBOUND_SOURCE_DIR "/cases"), HEAPBOUND_SOURCE_DIR
            "/cases: cannot read the bounds file: is a directory, not a file");
}

TEST(BoundsFile, ASumAbove64BitsIsAnErrorAtItsTerm) {
  std::string text = kGood;
  text.replace(text.find("\"8 KiB\""), 7,
               "\"8388607 TiB + 8388607 TiB + 2 TiB + 1024\"");
  EXPECT_THAT(ErrorOf(text),
              HasSubstr("bounds.toml:8:41: bad max_peak \"8388607 TiB + "
                        "8388607 TiB + 2 TiB + 1024\": the sizes of the bound "
                        "add up to more than the largest size"));
}

TEST(BoundsFile, AnEscapedStringErrorPointsAtTheValue) {
  // Offsets inside the text do not match columns once escapes are decoded.
  std::string text = kGood;
  text.replace(text.find("\"8 KiB\""), 7, "\"\\u0038 KB\"");
  EXPECT_THAT(ErrorOf(text),
              HasSubstr("bounds.toml:8:12: bad max_peak \"8 KB\": unknown "
                        "unit 'KB'"));
}

}  // namespace
}  // namespace heapbound
