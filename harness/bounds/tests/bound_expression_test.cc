#include "bound_expression.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

namespace heapbound {
namespace {

FixtureStats Stats() {
  FixtureStats stats;
  stats.max_file = 1000;
  stats.max_line = 300;
  stats.total_bytes = 5000;
  stats.files = 7;
  return stats;
}

TEST(BoundExpression, EvaluatesStatisticTermsPlusConstant) {
  BoundExpression e = BoundExpression::Parse("2 * max_line + 16 KiB");
  EXPECT_EQ(e.Evaluate(Stats()), 600u + 16384);
  EXPECT_EQ(BoundExpression::Parse("max_file").Evaluate(Stats()), 1000u);
  EXPECT_EQ(BoundExpression::Parse("1.5 * max_file + 1 KiB").Evaluate(Stats()),
            1500u + 1024);
  EXPECT_EQ(
      BoundExpression::Parse("total_bytes + 64 * files").Evaluate(Stats()),
      5000u + 448);
  EXPECT_EQ(BoundExpression::Parse("8 KiB").Evaluate(Stats()), 8192u);
}

TEST(BoundExpression, ReportsTheOffsetOfTheBadToken) {
  try {
    BoundExpression::Parse("2 * max_lines + 1 KiB");
    FAIL() << "no error";
  } catch (const BoundSyntaxError& error) {
    EXPECT_EQ(error.offset(), 4u);
    EXPECT_NE(std::string(error.what()).find("unknown statistic 'max_lines'"),
              std::string::npos);
  }
  try {
    BoundExpression::Parse("max_file - 4 KiB");
    FAIL() << "no error";
  } catch (const BoundSyntaxError& error) {
    EXPECT_EQ(error.offset(), 9u);
  }
  EXPECT_THROW(BoundExpression::Parse("max_file +"), BoundSyntaxError);
  EXPECT_THROW(BoundExpression::Parse("max_file + \xff"), BoundSyntaxError);
  EXPECT_THROW(BoundExpression::Parse("2 max_file"), BoundSyntaxError);
  EXPECT_THROW(BoundExpression::Parse("4 KiB 4 KiB"), BoundSyntaxError);
}

TEST(BoundExpression, FormatsBackInItsOwnForm) {
  EXPECT_EQ(BoundExpression::Parse("2 * max_line + 16 KiB").ToString(),
            "2 * max_line + 16 KiB");
  EXPECT_EQ(BoundExpression::Parse("max_file").ToString(), "max_file");
  EXPECT_EQ(BoundExpression::Parse("1.5 MiB").ToString(), "1.5 MiB");
  EXPECT_EQ(
      BoundExpression::Parse("max_file + 4 KiB").WithConstant(4608).ToString(),
      "max_file + 4.5 KiB");
  EXPECT_EQ(BoundExpression::Literal(4100).ToString(), "4100");
}

TEST(BoundExpression, SizesFollowTheSharedSizeGrammar) {
  EXPECT_EQ(BoundExpression::Parse("1_024 + 2GiB").constant(),
            1024u + (2ull << 30));
  try {
    BoundExpression::Parse("max_file + 12 KB");
    FAIL() << "no error";
  } catch (const BoundSyntaxError& error) {
    EXPECT_EQ(error.offset(), 14u);
    EXPECT_EQ(std::string(error.what()),
              "unknown unit 'KB' (expected B, KiB, MiB, GiB or TiB; sizes are "
              "binary: did you mean KiB?)");
  }
  EXPECT_THROW(BoundExpression::Parse("1.3 B"), BoundSyntaxError);
  EXPECT_THROW(BoundExpression::Parse("1..2 KiB"), BoundSyntaxError);
  EXPECT_THROW(BoundExpression::Parse(".5 KiB"), BoundSyntaxError);
  EXPECT_THROW(BoundExpression::Parse("1_ * max_file"), BoundSyntaxError);
  try {
    BoundExpression::Parse("2 max_file");
    FAIL() << "no error";
  } catch (const BoundSyntaxError& error) {
    EXPECT_EQ(error.offset(), 2u);
    EXPECT_EQ(std::string(error.what()),
              "expected '*' between '2' and 'max_file'");
  }
}

TEST(BoundExpression, RejectsASumOfSizesAbove64Bits) {
  // Used to wrap around to 1 KiB.
  try {
    BoundExpression::Parse("8388607 TiB + 8388607 TiB + 2 TiB + 1024");
    FAIL() << "no error";
  } catch (const BoundSyntaxError& error) {
    EXPECT_EQ(error.offset(), 28u);  // at "2 TiB"
    EXPECT_EQ(std::string(error.what()),
              "the sizes of the bound add up to more than the largest size, "
              "18446744073709551615 bytes (2^64-1)");
  }
  EXPECT_EQ(BoundExpression::Parse("8388607 TiB + 8388607 TiB + 1 TiB + 1023")
                .constant(),
            (16777215ull << 40) + 1023);
  EXPECT_THROW(BoundExpression::Parse("18446744073709551615 + 1"),
               BoundSyntaxError);
}

TEST(BoundExpression, KeepsSizesAbove2To53Exact) {
  EXPECT_EQ(BoundExpression::Parse("9007199254740993").constant(),
            9007199254740993u);
  EXPECT_EQ(
      BoundExpression::Parse("max_file + 18446744073709551615").constant(),
      std::numeric_limits<std::uint64_t>::max());
}

TEST(BoundExpression, SaturatesHugeTermsInsteadOfWrapping) {
  // Used to evaluate to 0 B (a float-to-integer cast out of range).
  const BoundExpression huge =
      BoundExpression::Parse("100000000000000 * max_file");
  EXPECT_EQ(huge.Evaluate(Stats()), 100000000000000000u);
  FixtureStats big = Stats();
  big.max_file = std::uint64_t{1} << 40;
  EXPECT_EQ(huge.Evaluate(big), std::numeric_limits<std::uint64_t>::max());
  big.max_file = std::uint64_t{1} << 63;
  EXPECT_EQ(BoundExpression::Parse("max_file + max_file").Evaluate(big),
            std::numeric_limits<std::uint64_t>::max());
  EXPECT_EQ(BoundExpression::Parse("max_file + 18446744073709551615")
                .Evaluate(Stats()),
            std::numeric_limits<std::uint64_t>::max());
  big.max_file = 0;
  EXPECT_EQ(huge.Evaluate(big), 0u);
}

TEST(BoundExpression, EvaluatesDecimalCoefficientsExactly) {
  FixtureStats stats = Stats();
  stats.max_file = 10;
  // 0.3 has no double; 0.3 * 10 was 2.999... and rounded down to 2.
  EXPECT_EQ(BoundExpression::Parse("0.3 * max_file").Evaluate(stats), 3u);
  EXPECT_EQ(BoundExpression::Parse("0.35 * max_file").Evaluate(stats), 3u);
  EXPECT_EQ(BoundExpression::Parse("1.10 * max_file").Evaluate(stats), 11u);
  stats.max_file = std::numeric_limits<std::uint64_t>::max();
  EXPECT_EQ(BoundExpression::Parse("0.5 * max_file").Evaluate(stats),
            stats.max_file / 2);
  EXPECT_EQ(BoundExpression::Parse("0.0000000000000000001 * max_file")
                .Evaluate(stats),
            1u);
}

TEST(BoundExpression, RejectsCoefficientsItCannotHoldExactly) {
  EXPECT_THROW(BoundExpression::Parse("18446744073709551616 * max_file"),
               BoundSyntaxError);
  EXPECT_THROW(BoundExpression::Parse("0.00000000000000000001 * files"),
               BoundSyntaxError);
  // Trailing zeros are no precision.
  EXPECT_EQ(BoundExpression::Parse("2.0000000000000000000000 * files")
                .Evaluate(Stats()),
            14u);
}

TEST(BoundExpression, ToStringParsesBackToTheSameExpression) {
  const char* const kTexts[] = {
      "8388607 TiB + 8388607 TiB + 1 TiB + 1023",
      "18446744073709551615",
      "100000000000000 * max_file",
      "1_000 * files + 0.25 * total_bytes + 01.50 * max_line + 3 KiB",
      "4 KiB + max_file + 4 KiB",
      "max_file + 0",
      "0.0000000000000000001 * max_line + 16500000000000000.25 KiB",
  };
  for (const char* text : kTexts) {
    const BoundExpression parsed = BoundExpression::Parse(text);
    EXPECT_EQ(BoundExpression::Parse(parsed.ToString()), parsed)
        << text << " -> " << parsed.ToString();
  }
  EXPECT_EQ(BoundExpression::Parse("4 KiB + max_file + 4 KiB").ToString(),
            "max_file + 8 KiB");
  EXPECT_EQ(BoundExpression::Parse("16500000000000000.25 KiB").ToString(),
            "16500000000000000.25 KiB");
}

// Returns deterministic pseudo-random 64-bit values (splitmix64).
std::uint64_t Next(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

TEST(BoundExpression, RoundTripsAndEvaluatesTheSameForManyExpressions) {
  const char* const kCoefficients[] = {
      "", "2", "1.5", "0.25", "1_000", "007", "0.001", "12.5", "3.14159"};
  const char* const kStatistics[] = {"max_file", "max_line", "total_bytes",
                                     "files"};
  std::uint64_t state = 11;
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    const int parts = 1 + static_cast<int>(Next(state) % 4);
    for (int p = 0; p < parts; ++p) {
      if (!text.empty()) text += " + ";
      const std::uint64_t pick = Next(state);
      if (pick % 2 == 0) {
        const std::uint64_t raw = Next(state);
        text += FormatSize((raw >> (raw % 64)) >> 3);  // sums stay < 2^64
        continue;
      }
      std::string coefficient = kCoefficients[(pick >> 8) % 9];
      if (!coefficient.empty()) text += coefficient + " * ";
      text += kStatistics[(pick >> 16) % 4];
    }
    const BoundExpression parsed = BoundExpression::Parse(text);
    const BoundExpression again = BoundExpression::Parse(parsed.ToString());
    ASSERT_EQ(again, parsed) << text << " -> " << parsed.ToString();
    FixtureStats stats;
    stats.max_file = Next(state) >> (Next(state) % 64);
    stats.max_line = Next(state) >> (Next(state) % 64);
    stats.total_bytes = Next(state);
    stats.files = Next(state) % 100000;
    ASSERT_EQ(again.Evaluate(stats), parsed.Evaluate(stats)) << text;
  }
}

}  // namespace
}  // namespace heapbound
