#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "byte_size.h"  // ParseSize, FormatSize, HumanBytes: kept here for callers
#include "fixture.h"

namespace heapbound {

// The fixture statistics a bound may refer to (manifest.json fields).
enum class Statistic { kMaxFile, kMaxLine, kTotalBytes, kFiles };

std::string_view StatisticName(Statistic statistic);
std::uint64_t StatisticValue(Statistic statistic, const FixtureStats& stats);

// A bound expression that does not parse. `offset` is the byte offset of the
// offending token inside the expression text, so callers can turn it into a
// file:line:column.
class BoundSyntaxError : public std::runtime_error {
 public:
  BoundSyntaxError(std::size_t offset, const std::string& message)
      : std::runtime_error(message), offset_(offset) {}
  std::size_t offset() const { return offset_; }

 private:
  std::size_t offset_;
};

// One `k * statistic` term. The coefficient is the exact decimal
// `coefficient_digits / 10^coefficient_decimals` (1.5 is 15 / 10^1);
// `coefficient_text` keeps the number as written so that `heapbound bless`
// writes the expression back unchanged.
struct BoundTerm {
  std::uint64_t coefficient_digits = 1;
  int coefficient_decimals = 0;  // at most 19
  std::string coefficient_text;  // empty when written without `k *`
  Statistic statistic = Statistic::kMaxFile;

  bool operator==(const BoundTerm& other) const;
  bool operator!=(const BoundTerm& other) const { return !(*this == other); }
};

// A bound on the net peak heap: a sum of sizes and `k * statistic` terms,
// e.g. `8 KiB`, `max_file`, `2 * max_line + 16 KiB`.
//
// Grammar: expr := term ('+' term)*
//          term := size | [number '*'] statistic
//          size := number [B | KiB | MiB | GiB | TiB]
// Sizes follow the size grammar of byte_size.h: whole, non-negative byte
// counts (`1.5 MiB` is fine, `1.3 B` is not); a coefficient is a decimal
// number below 2^64 with at most 19 decimals. The sizes of one bound may
// not add up to more than 2^64-1 bytes.
class BoundExpression {
 public:
  BoundExpression() = default;
  // Throws BoundSyntaxError (and nothing else).
  static BoundExpression Parse(std::string_view text);
  static BoundExpression Literal(std::uint64_t bytes);

  // Returns the bound in bytes on a fixture: each term exactly, rounded
  // down; a bound beyond 2^64-1 bytes saturates at 2^64-1 (no bound).
  std::uint64_t Evaluate(const FixtureStats& stats) const;
  // Returns the part that does not depend on the fixture.
  std::uint64_t constant() const { return constant_; }
  const std::vector<BoundTerm>& terms() const { return terms_; }
  bool is_literal() const { return terms_.empty(); }

  // Returns the same statistic terms with another constant.
  BoundExpression WithConstant(std::uint64_t constant) const;
  // Formats as `2 * max_line + 16 KiB` (terms first, then the constant).
  // Parse(ToString()) gives back an equal expression.
  std::string ToString() const;

  // Compares terms (with their text) and constant.
  bool operator==(const BoundExpression& other) const;
  bool operator!=(const BoundExpression& other) const {
    return !(*this == other);
  }

 private:
  std::vector<BoundTerm> terms_;
  std::uint64_t constant_ = 0;
};

}  // namespace heapbound
