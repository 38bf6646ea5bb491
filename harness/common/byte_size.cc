#include "byte_size.h"

#include <fmt/format.h>

#include <cctype>
#include <iterator>
#include <limits>
#include <vector>

namespace heapbound {
namespace {

constexpr std::uint64_t kMaxBytes = std::numeric_limits<std::uint64_t>::max();

struct Unit {
  std::string_view name;
  int shift;  // the unit is 2^shift bytes
};

constexpr Unit kUnits[] = {
    {"B", 0}, {"KiB", 10}, {"MiB", 20}, {"GiB", 30}, {"TiB", 40},
};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsBlank(char c) {
  return std::isspace(static_cast<unsigned char>(c)) != 0;
}
bool IsLetter(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) != 0;
}

// Returns a character for a message: itself when printable, else \xNN.
std::string Printable(char c) {
  const auto byte = static_cast<unsigned char>(c);
  if (byte >= 0x20 && byte < 0x7f) return std::string(1, c);
  return fmt::format("\\x{:02X}", byte);
}

std::size_t SkipBlanks(std::string_view text, std::size_t pos) {
  while (pos < text.size() && IsBlank(text[pos])) ++pos;
  return pos;
}

// Reads digits with '_' between two of them into `digits`; returns the end.
std::size_t ScanDigits(std::string_view text, std::size_t pos,
                       std::string* digits) {
  while (pos < text.size()) {
    if (IsDigit(text[pos])) {
      digits->push_back(text[pos++]);
    } else if (text[pos] == '_' && pos + 1 < text.size() &&
               IsDigit(text[pos + 1]) && !digits->empty()) {
      ++pos;
    } else {
      break;
    }
  }
  if (pos < text.size() && text[pos] == '_')
    throw SizeSyntaxError(pos, "'_' must stand between two digits");
  return pos;
}

std::string UnknownUnitMessage(std::string_view word) {
  std::string message =
      fmt::format("unknown unit '{}' (expected {}", word, kSizeUnits);
  const char first =
      static_cast<char>(std::toupper(static_cast<unsigned char>(word[0])));
  if (std::string_view("KMGT").find(first) != std::string_view::npos) {
    message += fmt::format("; sizes are binary: did you mean {}iB?", first);
  }
  return message + ")";
}

// Returns whole + fraction as a count of 2^shift-byte units, or throws at
// `offset` naming `literal`.
std::uint64_t ToBytes(const DecimalText& number, int shift,
                      std::string_view literal, std::size_t offset) {
  auto too_large = [&] {
    return SizeSyntaxError(
        offset, fmt::format("size '{}' is larger than the largest size, "
                            "18446744073709551615 bytes (2^64-1)",
                            literal));
  };
  std::uint64_t whole = 0;
  for (char c : number.whole) {
    const std::uint64_t digit = static_cast<std::uint64_t>(c - '0');
    if (whole > (kMaxBytes - digit) / 10) throw too_large();
    whole = whole * 10 + digit;
  }
  if (whole > (kMaxBytes >> shift)) throw too_large();
  whole <<= shift;

  // Doubles the decimal fraction `shift` times; the carries are the bits of
  // fraction * 2^shift, which is whole only when nothing is left over.
  std::string_view fraction = number.fraction;
  while (!fraction.empty() && fraction.back() == '0') fraction.remove_suffix(1);
  auto not_whole = [&] {
    return SizeSyntaxError(
        offset,
        fmt::format("size '{}' is not a whole number of bytes", literal));
  };
  if (fraction.size() > static_cast<std::size_t>(shift)) throw not_whole();
  std::vector<int> digits;
  for (char c : fraction) digits.push_back(c - '0');
  std::uint64_t part = 0;
  for (int i = 0; i < shift; ++i) {
    int carry = 0;
    for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
      const int doubled = *it * 2 + carry;
      *it = doubled % 10;
      carry = doubled / 10;
    }
    part = part * 2 + static_cast<std::uint64_t>(carry);
  }
  for (int digit : digits) {
    if (digit != 0) throw not_whole();
  }
  if (whole > kMaxBytes - part) throw too_large();
  return whole + part;
}

// Returns the decimal digits of remainder / 2^shift (remainder < 2^shift),
// without trailing zeros.
std::string FractionDigits(std::uint64_t remainder, int shift) {
  std::string digits;
  const std::uint64_t unit = std::uint64_t{1} << shift;
  while (remainder != 0) {
    remainder *= 10;
    digits.push_back(static_cast<char>('0' + remainder / unit));
    remainder %= unit;
  }
  return digits;
}

}  // namespace

std::size_t ScanDecimal(std::string_view text, DecimalText* number) {
  *number = DecimalText{};
  if (text.empty() || !IsDigit(text[0])) {
    throw SizeSyntaxError(0, "expected a number such as 123 or 1.5");
  }
  std::size_t pos = ScanDigits(text, 0, &number->whole);
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    if (pos == text.size() || !IsDigit(text[pos]))
      throw SizeSyntaxError(pos, "expected a digit after '.'");
    pos = ScanDigits(text, pos, &number->fraction);
  }
  return pos;
}

std::uint64_t SizeUnitBytes(std::string_view unit) {
  for (const Unit& known : kUnits) {
    if (known.name == unit) return std::uint64_t{1} << known.shift;
  }
  return 0;
}

std::uint64_t ParseSize(std::string_view text) {
  std::size_t pos = SkipBlanks(text, 0);
  if (pos == text.size()) {
    throw SizeSyntaxError(pos,
                          "empty size: expected a number and an optional "
                          "unit (123, 64 KiB, 1.5 MiB)");
  }
  if (text[pos] == '-')
    throw SizeSyntaxError(pos, "a size must not be negative");
  if (!IsDigit(text[pos])) {
    throw SizeSyntaxError(
        pos, fmt::format("unexpected '{}': expected a number and an optional "
                         "unit (123, 64 KiB, 1.5 MiB)",
                         Printable(text[pos])));
  }
  const std::size_t start = pos;
  DecimalText number;
  try {
    pos += ScanDecimal(text.substr(pos), &number);
  } catch (const SizeSyntaxError& error) {
    throw SizeSyntaxError(start + error.offset(), error.what());
  }
  pos = SkipBlanks(text, pos);
  int shift = 0;
  const std::size_t unit_start = pos;
  while (pos < text.size() && IsLetter(text[pos])) ++pos;
  std::size_t end = pos;
  if (pos > unit_start) {
    const std::string_view word = text.substr(unit_start, pos - unit_start);
    const Unit* unit = nullptr;
    for (const Unit& known : kUnits) {
      if (known.name == word) unit = &known;
    }
    if (unit == nullptr)
      throw SizeSyntaxError(unit_start, UnknownUnitMessage(word));
    shift = unit->shift;
  } else {
    end = unit_start;
    while (end > start && IsBlank(text[end - 1])) --end;
  }
  pos = SkipBlanks(text, pos);
  if (pos != text.size()) {
    throw SizeSyntaxError(
        pos, fmt::format("unexpected '{}' after the size (expected a unit: {})",
                         Printable(text[pos]), kSizeUnits));
  }
  return ToBytes(number, shift, text.substr(start, end - start), start);
}

std::string FormatSize(std::uint64_t bytes) {
  // Prefers the largest unit in which the size is whole or has one or two
  // exact decimals (1.5 MiB, 4.25 KiB).
  for (auto it = std::rbegin(kUnits); it != std::rend(kUnits); ++it) {
    if (it->shift == 0) break;
    const std::uint64_t unit = std::uint64_t{1} << it->shift;
    if (bytes < unit || bytes % (unit / 4) != 0) continue;
    const std::uint64_t remainder = bytes % unit;
    if (remainder == 0) return fmt::format("{} {}", bytes / unit, it->name);
    return fmt::format("{}.{} {}", bytes / unit,
                       FractionDigits(remainder, it->shift), it->name);
  }
  return std::to_string(bytes);
}

std::string HumanBytes(std::uint64_t bytes) {
  if (bytes < 1024) return fmt::format("{} B", bytes);
  std::size_t i = 1;
  while (i + 1 < std::size(kUnits) && (bytes >> kUnits[i + 1].shift) != 0) ++i;
  // Rounds to tenths, halves to even like printf's %.1f on the exact value.
  for (;; ++i) {
    const int shift = kUnits[i].shift;
    const std::uint64_t unit = std::uint64_t{1} << shift;
    const std::uint64_t scaled = (bytes % unit) * 10;  // < 10 * 2^40
    std::uint64_t tenths = (bytes >> shift) * 10 + scaled / unit;
    const std::uint64_t rest = scaled % unit;
    if (rest * 2 > unit || (rest * 2 == unit && tenths % 2 == 1)) ++tenths;
    if (tenths >= 10240 && i + 1 < std::size(kUnits)) continue;
    return fmt::format("{}.{} {}", tenths / 10, tenths % 10, kUnits[i].name);
  }
}

}  // namespace heapbound
