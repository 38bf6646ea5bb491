#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace heapbound {

// The one size grammar of heapbound (bounds.toml, profiles.toml):
//
//   size   := number [unit]          white space around and between is fine
//   number := digits ['.' digits]    '_' may separate two digits (1_000)
//   unit   := B | KiB | MiB | GiB | TiB   (binary: 1 KiB = 1024 B)
//
// The value must be a whole number of bytes (`1.5 KiB`, not `1.3 B`) no
// larger than 2^64-1. Decimal units (KB, MB, GB) are rejected on purpose.

// A size that does not parse. `offset` is the byte offset of the offending
// part inside the text, so callers can turn it into a file:line:column.
class SizeSyntaxError : public std::runtime_error {
 public:
  SizeSyntaxError(std::size_t offset, const std::string& message)
      : std::runtime_error(message), offset_(offset) {}
  std::size_t offset() const { return offset_; }

 private:
  std::size_t offset_;
};

// Names the accepted units, for error messages.
inline constexpr char kSizeUnits[] = "B, KiB, MiB, GiB or TiB";

// A non-negative decimal number as written, split at the '.', with the '_'
// separators removed: "1_024.50" is {"1024", "50"}.
struct DecimalText {
  std::string whole;     // at least one digit
  std::string fraction;  // empty when there is no '.'
};

// Reads `number` (the grammar above) at the start of `text` and returns
// where it ends. Throws SizeSyntaxError when `text` does not start with one.
std::size_t ScanDecimal(std::string_view text, DecimalText* number);

// Returns the bytes of a size unit (`KiB` -> 1024), or 0 when `unit` is
// none of B, KiB, MiB, GiB, TiB.
std::uint64_t SizeUnitBytes(std::string_view unit);

// Parses a size (`123`, `64 KiB`, `1.5 MiB`, `2GiB`) exactly, without
// floating point. Throws SizeSyntaxError.
std::uint64_t ParseSize(std::string_view text);

// Formats bytes as the shortest exact size literal that ParseSize reads back
// to the same value: `8 KiB`, `1.5 MiB`, `4.25 KiB`, `4100`.
std::string FormatSize(std::uint64_t bytes);

// Formats bytes for people, rounded to one decimal: `17 B`, `4.0 KiB`,
// `312.5 MiB`.
std::string HumanBytes(std::uint64_t bytes);

}  // namespace heapbound
