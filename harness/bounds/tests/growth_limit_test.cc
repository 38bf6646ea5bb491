#include "growth_limit.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "bounds_file.h"
#include "byte_size.h"
#include "config_error.h"

namespace heapbound {
namespace {

TEST(GrowthLimit, ParsesSizes) {
  GrowthLimit zero = ParseGrowthLimit("0 B");
  EXPECT_FALSE(zero.is_percent);
  EXPECT_EQ(zero.bytes, 0u);
  EXPECT_EQ(zero.text, "0 B");
  EXPECT_EQ(ParseGrowthLimit("256 B").bytes, 256u);
  EXPECT_EQ(ParseGrowthLimit("1.5 KiB").bytes, 1536u);
}

TEST(GrowthLimit, ParsesPercentsExactly) {
  GrowthLimit one = ParseGrowthLimit("1 %");
  EXPECT_TRUE(one.is_percent);
  EXPECT_EQ(one.percent_millionths, 1000000u);
  EXPECT_EQ(ParseGrowthLimit("0.5%").percent_millionths, 500000u);
  EXPECT_EQ(ParseGrowthLimit(" 12.000001 % ").percent_millionths, 12000001u);
  EXPECT_EQ(ParseGrowthLimit("007 %").percent_millionths, 7000000u);
}

// Returns the SizeSyntaxError of parsing `text` as "offset: message".
std::string ErrorOf(const std::string& text) {
  try {
    ParseGrowthLimit(text);
  } catch (const SizeSyntaxError& error) {
    return std::to_string(error.offset()) + ": " + error.what();
  }
  return "no error";
}

TEST(GrowthLimit, RejectsWhatIsNeitherASizeNorAPercent) {
  EXPECT_EQ(ErrorOf("%"), "0: expected a number before '%' such as 1 %");
  EXPECT_EQ(ErrorOf("-1 %"), "0: a growth limit must not be negative");
  EXPECT_EQ(ErrorOf("1 % B"), "3: unexpected text after '%'");
  EXPECT_EQ(ErrorOf("1 B %"),
            "2: expected a percent such as \"1 %\" or a size such as \"256 "
            "B\"");
  EXPECT_EQ(ErrorOf("0.0000001 %"), "0: at most 6 decimals in a percent");
  EXPECT_EQ(ErrorOf("99999999999 %"),
            "0: percent too large (at most 1000000000 %)");
  EXPECT_THAT(ErrorOf("5 KB"), ::testing::HasSubstr("KB"));
}

TEST(GrowthLimit, ZeroBytesFailsOnAnyGrowth) {
  GrowthLimit zero = ParseGrowthLimit("0 B");
  EXPECT_FALSE(zero.Exceeded(4096, 4096));
  EXPECT_FALSE(zero.Exceeded(4096, 100));
  EXPECT_TRUE(zero.Exceeded(4096, 4097));
  GrowthLimit some = ParseGrowthLimit("256 B");
  EXPECT_FALSE(some.Exceeded(4096, 4352));
  EXPECT_TRUE(some.Exceeded(4096, 4353));
}

TEST(GrowthLimit, PercentIsOfTheBaselinePeakExactly) {
  GrowthLimit one = ParseGrowthLimit("1 %");
  EXPECT_FALSE(one.Exceeded(10000, 10100));  // exactly 1 %
  EXPECT_TRUE(one.Exceeded(10000, 10101));
  EXPECT_TRUE(one.Exceeded(0, 1));  // any growth from nothing
  EXPECT_FALSE(one.Exceeded(0, 0));
  GrowthLimit huge = ParseGrowthLimit("1000000000 %");
  EXPECT_FALSE(huge.Exceeded(UINT64_MAX / 2, UINT64_MAX));
}

BoundsVocabulary Vocabulary() {
  BoundsVocabulary vocabulary;
  vocabulary.cases = {"baseline", "chunk", "line_stream"};
  vocabulary.tools = {"massif", "track"};
  vocabulary.is_profile = [](const std::string&) { return true; };
  return vocabulary;
}

TEST(BoundsFileMaxGrowth, CaseOverridesDefaults) {
  BoundsFile file = ParseBoundsFile(R"([defaults]
tools = ["track"]
fixtures = ["tiny"]
max_growth = "0 B"

[case.chunk]
max_peak = "8 KiB"
max_growth = "1 %"

[case.line_stream]
max_peak = "8 KiB"
)",
                                    "bounds.toml", Vocabulary());
  ASSERT_TRUE(file.default_max_growth);
  EXPECT_EQ(file.default_max_growth->text, "0 B");
  ASSERT_TRUE(file.Find("chunk")->max_growth);
  EXPECT_TRUE(file.Find("chunk")->max_growth->is_percent);
  ASSERT_TRUE(file.Find("line_stream")->max_growth);
  EXPECT_EQ(file.Find("line_stream")->max_growth->text, "0 B");
}

TEST(BoundsFileMaxGrowth, IsOptional) {
  BoundsFile file = ParseBoundsFile(
      "[defaults]\ntools = [\"track\"]\nfixtures = [\"tiny\"]\n"
      "[case.chunk]\nmax_peak = \"8 KiB\"\n"
      "[case.line_stream]\nmax_peak = \"8 KiB\"\n",
      "bounds.toml", Vocabulary());
  EXPECT_FALSE(file.default_max_growth);
  EXPECT_FALSE(file.Find("chunk")->max_growth);
}

std::string ConfigErrorOf(const std::string& text) {
  try {
    ParseBoundsFile(text, "cases/bounds.toml", Vocabulary());
  } catch (const ConfigError& error) {
    return error.what();
  }
  return "no error";
}

TEST(BoundsFileMaxGrowth, ErrorsNameFileLineAndColumn) {
  const std::string head =
      "[defaults]\ntools = [\"track\"]\nfixtures = [\"tiny\"]\n";
  const std::string cases =
      "[case.chunk]\nmax_peak = \"8 KiB\"\n[case.line_stream]\nmax_peak = "
      "\"8 KiB\"\n";
  EXPECT_EQ(ConfigErrorOf(head + "max_growth = \"5 KB\"\n" + cases),
            "cases/bounds.toml:4:14: bad max_growth \"5 KB\": unknown unit "
            "'KB' (expected B, KiB, MiB, GiB or TiB; sizes are binary: did you "
            "mean KiB?)");
  EXPECT_EQ(ConfigErrorOf(head + cases + "max_growth = 0\n"),
            "cases/bounds.toml:8:14: max_growth must be a size string (\"0 "
            "B\", \"256 B\") or a percent (\"1 %\")");
  EXPECT_EQ(ConfigErrorOf(head + cases + "max_growth = \"1 % more\"\n"),
            "cases/bounds.toml:8:14: bad max_growth \"1 % more\": unexpected "
            "text after '%'");
}

}  // namespace
}  // namespace heapbound
