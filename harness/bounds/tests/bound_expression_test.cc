#include "bound_expression.h"

#include <gtest/gtest.h>

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

TEST(ParseSize, ReadsBytesAndBinaryUnits) {
  EXPECT_EQ(ParseSize("123"), 123u);
  EXPECT_EQ(ParseSize("64 KiB"), 64u * 1024);
  EXPECT_EQ(ParseSize("1.5 MiB"), 3u * 512 * 1024);
  EXPECT_EQ(ParseSize("2 GiB"), 2ull << 30);
  EXPECT_EQ(ParseSize("17 B"), 17u);
  EXPECT_EQ(ParseSize("1_000"), 1000u);
}

TEST(ParseSize, RejectsBadSizes) {
  EXPECT_THROW(ParseSize("-1"), BoundSyntaxError);
  EXPECT_THROW(ParseSize("12 KB"), BoundSyntaxError);
  EXPECT_THROW(ParseSize("1.3 B"), BoundSyntaxError);
  EXPECT_THROW(ParseSize("1..2 KiB"), BoundSyntaxError);
  EXPECT_THROW(ParseSize(""), BoundSyntaxError);
  EXPECT_THROW(ParseSize("max_file"), BoundSyntaxError);
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

TEST(FormatSize, PicksTheLargestExactUnit) {
  EXPECT_EQ(FormatSize(0), "0");
  EXPECT_EQ(FormatSize(1023), "1023");
  EXPECT_EQ(FormatSize(8192), "8 KiB");
  EXPECT_EQ(FormatSize(4352), "4.25 KiB");
  EXPECT_EQ(FormatSize(3u << 19), "1.5 MiB");
  EXPECT_EQ(FormatSize(2ull << 30), "2 GiB");
  for (std::uint64_t bytes :
       {0ull, 5ull, 4097ull, 4608ull, 123456789ull, 3ull << 29}) {
    EXPECT_EQ(ParseSize(FormatSize(bytes)), bytes) << FormatSize(bytes);
  }
}

TEST(HumanBytes, RoundsToOneDecimal) {
  EXPECT_EQ(HumanBytes(17), "17 B");
  EXPECT_EQ(HumanBytes(4096), "4.0 KiB");
  EXPECT_EQ(HumanBytes(327680000), "312.5 MiB");
}

}  // namespace
}  // namespace heapbound
