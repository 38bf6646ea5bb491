#include "growth_limit.h"

#include <fmt/format.h>

#include "byte_size.h"

namespace heapbound {
namespace {

constexpr std::size_t kMaxPercentDecimals = 6;
constexpr std::uint64_t kMaxPercentWhole = 1000000000;  // 10^9 %

// Parses "<number> %" (blanks allowed around both).
std::uint64_t ParsePercentMillionths(std::string_view text,
                                     std::size_t percent_at) {
  std::size_t pos = text.find_first_not_of(" \t");
  if (pos == percent_at)
    throw SizeSyntaxError(pos, "expected a number before '%' such as 1 %");
  if (text[pos] == '-')
    throw SizeSyntaxError(pos, "a growth limit must not be negative");
  DecimalText number;
  std::size_t end = pos;
  try {
    end += ScanDecimal(text.substr(pos), &number);
  } catch (const SizeSyntaxError& error) {
    throw SizeSyntaxError(pos + error.offset(), error.what());
  }
  std::size_t after = text.find_first_not_of(" \t", end);
  if (after != percent_at) {
    throw SizeSyntaxError(after,
                          "expected a percent such as \"1 %\" or a size such "
                          "as \"256 B\"");
  }
  if (percent_at + 1 < text.size() &&
      text.find_first_not_of(" \t", percent_at + 1) != std::string_view::npos) {
    throw SizeSyntaxError(percent_at + 1, "unexpected text after '%'");
  }
  if (number.fraction.size() > kMaxPercentDecimals) {
    throw SizeSyntaxError(pos, fmt::format("at most {} decimals in a percent",
                                           kMaxPercentDecimals));
  }
  std::size_t first = number.whole.find_first_not_of('0');
  std::string digits =
      first == std::string::npos ? "0" : number.whole.substr(first);
  if (digits.size() > 10 || std::stoull(digits) > kMaxPercentWhole)
    throw SizeSyntaxError(pos, "percent too large (at most 1000000000 %)");
  std::uint64_t millionths = std::stoull(digits) * 1000000;
  std::string fraction = number.fraction;
  fraction.resize(kMaxPercentDecimals, '0');
  return millionths + std::stoull(fraction);
}

}  // namespace

bool GrowthLimit::Exceeded(std::uint64_t before, std::uint64_t after) const {
  if (after <= before) return false;
  const std::uint64_t growth = after - before;
  if (!is_percent) return growth > bytes;
  // growth / before > p / 100 / 10^6, i.e. growth * 10^8 > p * before.
  using Wide = unsigned __int128;
  return static_cast<Wide>(growth) * 100000000u >
         static_cast<Wide>(percent_millionths) * before;
}

GrowthLimit ParseGrowthLimit(std::string_view text) {
  GrowthLimit limit;
  limit.text = std::string(text);
  std::size_t percent = text.find('%');
  if (percent != std::string_view::npos) {
    limit.is_percent = true;
    limit.percent_millionths = ParsePercentMillionths(text, percent);
  } else {
    limit.bytes = ParseSize(text);
  }
  return limit;
}

}  // namespace heapbound
