#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "fixture_cache.h"

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

// One `k * statistic` term; `coefficient_text` keeps the number as written
// so that `heapbound bless` can write the expression back unchanged.
struct BoundTerm {
  double coefficient = 1;
  std::string coefficient_text;  // empty when written without `k *`
  Statistic statistic = Statistic::kMaxFile;
};

// A bound on the net peak heap: a sum of sizes and `k * statistic` terms,
// e.g. `8 KiB`, `max_file`, `2 * max_line + 16 KiB`.
//
// Grammar: expr := term ('+' term)*
//          term := size | [number '*'] statistic
//          size := number [B | KiB | MiB | GiB | TiB]
// Sizes are whole, non-negative byte counts (`1.5 MiB` is fine, `1.3 B`
// is not).
class BoundExpression {
 public:
  BoundExpression() = default;
  // Throws BoundSyntaxError.
  static BoundExpression Parse(std::string_view text);
  static BoundExpression Literal(std::uint64_t bytes);

  // Returns the bound in bytes on a fixture (terms rounded down).
  std::uint64_t Evaluate(const FixtureStats& stats) const;
  // Returns the part that does not depend on the fixture.
  std::uint64_t constant() const { return constant_; }
  const std::vector<BoundTerm>& terms() const { return terms_; }
  bool is_literal() const { return terms_.empty(); }

  // Returns the same statistic terms with another constant.
  BoundExpression WithConstant(std::uint64_t constant) const;
  // Formats as `2 * max_line + 16 KiB` (terms first, then the constant).
  std::string ToString() const;

 private:
  std::vector<BoundTerm> terms_;
  std::uint64_t constant_ = 0;
};

// Parses a size (`123`, `64 KiB`, `1.5 MiB`, `2 GiB`). Throws
// BoundSyntaxError.
std::uint64_t ParseSize(std::string_view text);
// Formats bytes as the shortest exact size literal: `8 KiB`, `1.5 MiB`,
// `4608`.
std::string FormatSize(std::uint64_t bytes);
// Formats bytes for people, rounded: `4.0 KiB`, `312.5 MiB`, `17 B`.
std::string HumanBytes(std::uint64_t bytes);

}  // namespace heapbound
