#include "byte_size.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

namespace heapbound {
namespace {

constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();

// Returns the SizeSyntaxError of parsing `text` as "offset: message".
std::string ErrorOf(std::string_view text) {
  try {
    ParseSize(text);
  } catch (const SizeSyntaxError& error) {
    return std::to_string(error.offset()) + ": " + error.what();
  }
  return "parsed";
}

TEST(ParseSize, ReadsBytesAndBinaryUnits) {
  EXPECT_EQ(ParseSize("123"), 123u);
  EXPECT_EQ(ParseSize("17 B"), 17u);
  EXPECT_EQ(ParseSize("64 KiB"), 64u << 10);
  EXPECT_EQ(ParseSize("1.5 MiB"), 3u << 19);
  EXPECT_EQ(ParseSize("2GiB"), 2ull << 30);
  EXPECT_EQ(ParseSize("3 TiB"), 3ull << 40);
  EXPECT_EQ(ParseSize("  4.25 KiB\t"), 4352u);
  EXPECT_EQ(ParseSize("8\nKiB"), 8192u);
  EXPECT_EQ(ParseSize("1_000"), 1000u);
  EXPECT_EQ(ParseSize("1.50 KiB"), 1536u);
  EXPECT_EQ(ParseSize("0.0009765625 MiB"), 1024u);
  EXPECT_EQ(ParseSize("0.0000000000009094947017729282379150390625 TiB"), 1u);
}

TEST(ParseSize, ReadsLargeIntegersExactly) {
  // 2^53 + 1 has no double; it must not be rounded.
  EXPECT_EQ(ParseSize("9007199254740993"), 9007199254740993u);
  EXPECT_EQ(ParseSize("18446744073709551615"), kMax);
  EXPECT_EQ(ParseSize("16777215.75 TiB"), kMax - (std::uint64_t{1} << 38) + 1);
  EXPECT_EQ(ParseSize("17592186044415.99999904632568359375 MiB"), kMax);
}

TEST(ParseSize, RejectsSizesAbove64Bits) {
  EXPECT_EQ(ErrorOf("18446744073709551616"),
            "0: size '18446744073709551616' is larger than the largest size, "
            "18446744073709551615 bytes (2^64-1)");
  EXPECT_EQ(ErrorOf(" 16777216 TiB").substr(0, 28),
            "1: size '16777216 TiB' is la");
  EXPECT_NE(ErrorOf("99999999999999999999999 B"), "parsed");
  EXPECT_NE(ErrorOf("17592186044416 MiB"), "parsed");
}

TEST(ParseSize, RejectsDecimalUnitsNamingTheBinaryOnes) {
  EXPECT_EQ(ErrorOf("12 KB"),
            "3: unknown unit 'KB' (expected B, KiB, MiB, GiB or TiB; sizes are "
            "binary: did you mean KiB?)");
  EXPECT_EQ(ErrorOf("3 mb"),
            "2: unknown unit 'mb' (expected B, KiB, MiB, GiB or TiB; sizes are "
            "binary: did you mean MiB?)");
  EXPECT_EQ(ErrorOf("12 parsecs"),
            "3: unknown unit 'parsecs' (expected B, KiB, MiB, GiB or TiB)");
}

TEST(ParseSize, RejectsBadSyntaxAtTheOffendingByte) {
  EXPECT_EQ(ErrorOf(""),
            "0: empty size: expected a number and an optional unit (123, 64 "
            "KiB, 1.5 MiB)");
  EXPECT_EQ(ErrorOf("-1 KiB"), "0: a size must not be negative");
  EXPECT_EQ(ErrorOf("1.3 B"), "0: size '1.3 B' is not a whole number of bytes");
  EXPECT_EQ(ErrorOf("0.1 KiB"),
            "0: size '0.1 KiB' is not a whole number of bytes");
  EXPECT_EQ(ErrorOf("1..2 KiB"), "2: expected a digit after '.'");
  EXPECT_EQ(ErrorOf("1."), "2: expected a digit after '.'");
  EXPECT_EQ(ErrorOf("1_"), "1: '_' must stand between two digits");
  EXPECT_EQ(ErrorOf("1__0"), "1: '_' must stand between two digits");
  EXPECT_EQ(ErrorOf("MiB").substr(0, 18), "0: unexpected 'M':");
  EXPECT_EQ(ErrorOf("4 KiB 4"),
            "6: unexpected '4' after the size (expected a unit: B, KiB, MiB, "
            "GiB or TiB)");
  EXPECT_EQ(ErrorOf("4\xff").substr(0, 20), "1: unexpected '\\xFF'");
}

TEST(FormatSize, PicksTheLargestExactUnit) {
  EXPECT_EQ(FormatSize(0), "0");
  EXPECT_EQ(FormatSize(1023), "1023");
  EXPECT_EQ(FormatSize(4100), "4100");
  EXPECT_EQ(FormatSize(4608), "4.5 KiB");
  EXPECT_EQ(FormatSize(8192), "8 KiB");
  EXPECT_EQ(FormatSize(4352), "4.25 KiB");
  EXPECT_EQ(FormatSize(3u << 19), "1.5 MiB");
  EXPECT_EQ(FormatSize(2ull << 30), "2 GiB");
  EXPECT_EQ(FormatSize(5ull << 40), "5 TiB");
  EXPECT_EQ(FormatSize(kMax), "18446744073709551615");
  EXPECT_EQ(FormatSize(kMax - (std::uint64_t{1} << 38) + 1), "16777215.75 TiB");
}

TEST(FormatSize, NeverWritesAnExponent) {
  // The old formatter wrote this as `1.65e+16 KiB`, which does not parse.
  const std::uint64_t bytes = 16'500'000'000'000'000ull * 1024 + 256;
  EXPECT_EQ(FormatSize(bytes), "16500000000000000.25 KiB");
  EXPECT_EQ(ParseSize(FormatSize(bytes)), bytes);
}

// Returns deterministic pseudo-random 64-bit values (splitmix64).
std::uint64_t Next(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

TEST(FormatSize, ParsesBackToTheSameBytesForManyValues) {
  std::uint64_t state = 7;
  int checked = 0;
  for (int i = 0; i < 200000; ++i) {
    const std::uint64_t raw = Next(state);
    // Clears low bits and shortens the value so every unit and fraction
    // shape (whole, .25, .5, .75, plain bytes) comes up often.
    const std::uint64_t bytes = (raw >> (raw % 64)) & ~((1ull << (i % 44)) - 1);
    const std::string text = FormatSize(bytes);
    ASSERT_EQ(ParseSize(text), bytes) << text;
    ++checked;
  }
  for (int shift = 0; shift < 64; ++shift) {
    for (std::uint64_t bytes :
         {std::uint64_t{1} << shift, (std::uint64_t{1} << shift) - 1,
          (std::uint64_t{1} << shift) + 1, kMax >> shift, kMax - shift}) {
      ASSERT_EQ(ParseSize(FormatSize(bytes)), bytes) << FormatSize(bytes);
      ++checked;
    }
  }
  EXPECT_EQ(checked, 200000 + 64 * 5);
}

TEST(HumanBytes, RoundsToOneDecimal) {
  EXPECT_EQ(HumanBytes(0), "0 B");
  EXPECT_EQ(HumanBytes(1023), "1023 B");
  EXPECT_EQ(HumanBytes(4096), "4.0 KiB");
  EXPECT_EQ(HumanBytes(327680000), "312.5 MiB");
  EXPECT_EQ(HumanBytes(1280), "1.2 KiB");  // 1.25: halves go to even
  EXPECT_EQ(HumanBytes(1792), "1.8 KiB");  // 1.75
  EXPECT_EQ(HumanBytes(1100), "1.1 KiB");
}

TEST(HumanBytes, MovesUpAUnitWhenRoundingReaches1024) {
  EXPECT_EQ(HumanBytes((1u << 20) - 1), "1.0 MiB");
  EXPECT_EQ(HumanBytes((1ull << 40) - 1), "1.0 TiB");
  EXPECT_EQ(HumanBytes(kMax), "16777216.0 TiB");
}

}  // namespace
}  // namespace heapbound
