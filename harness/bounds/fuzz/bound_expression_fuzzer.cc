// Fuzzes bound expressions: BoundExpression::Parse either succeeds or
// raises BoundSyntaxError with an offset inside the text. A parsed bound
// must (1) sum its sizes without wrapping, (2) evaluate to its constant on
// an empty fixture and grow with the statistics, and (3) survive
// ToString -> Parse exactly (same constant, terms, text and value on every
// fixture). Any failed property or other escaping exception is a crash.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "bound_expression.h"
#include "fuzz_check.h"

namespace {

using heapbound::BoundExpression;
using heapbound::BoundSyntaxError;
using heapbound::FixtureStats;

// Fixtures from empty to absurd, each at least the one before in every
// statistic.
const std::vector<FixtureStats>& Fixtures() {
  constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();
  static const std::vector<FixtureStats> fixtures = [] {
    std::vector<FixtureStats> list(4);
    list[1].total_bytes = 2 << 20;  // tiny
    list[1].files = 40;
    list[1].max_file = 1 << 20;
    list[1].max_line = 4096;
    list[2].total_bytes = 1610612736;  // seed
    list[2].files = 5000;
    list[2].max_file = 268435456;
    list[2].max_line = 16384;
    list[3].total_bytes = kMax;
    list[3].files = kMax;
    list[3].max_file = kMax;
    list[3].max_line = kMax;
    return list;
  }();
  return fixtures;
}

// Checks that the sizes of `text` add up to the constant: exactly when the
// sum fits in 64 bits, else to at least the largest size (saturated).
void CheckSum(std::string_view text, const BoundExpression& expression) {
  unsigned __int128 sum = 0;
  std::uint64_t largest = 0;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t plus = text.find('+', start);
    if (plus == std::string_view::npos) plus = text.size();
    try {
      std::uint64_t size =
          heapbound::ParseSize(text.substr(start, plus - start));
      sum += size;
      if (size > largest) largest = size;
    } catch (const heapbound::SizeSyntaxError&) {
      // A `k * statistic` term.
    }
    start = plus + 1;
  }
  if (sum <= std::numeric_limits<std::uint64_t>::max()) {
    HEAPBOUND_FUZZ_CHECK(expression.constant() == sum,
                         "'{}': sizes sum to {}, the constant is {}", text,
                         static_cast<std::uint64_t>(sum),
                         expression.constant());
  } else {
    HEAPBOUND_FUZZ_CHECK(expression.constant() >= largest,
                         "'{}': sizes sum beyond 2^64 wrapped to {}", text,
                         expression.constant());
  }
}

// Checks that ToString writes text that parses back to the same bound;
// returns the bound read back.
BoundExpression CheckRoundTrip(std::string_view text,
                               const BoundExpression& expression) {
  const std::string written = expression.ToString();
  BoundExpression again;
  std::string error;
  try {
    again = BoundExpression::Parse(written);
  } catch (const BoundSyntaxError& syntax) {
    error = syntax.what();
  }
  HEAPBOUND_FUZZ_CHECK(error.empty(),
                       "'{}' was written as '{}', which does not parse: {}",
                       text, written, error);
  HEAPBOUND_FUZZ_CHECK(again.constant() == expression.constant(),
                       "'{}' -> '{}': constant {} became {}", text, written,
                       expression.constant(), again.constant());
  HEAPBOUND_FUZZ_CHECK(again.terms().size() == expression.terms().size(),
                       "'{}' -> '{}': {} terms became {}", text, written,
                       expression.terms().size(), again.terms().size());
  for (std::size_t i = 0; i < again.terms().size(); ++i) {
    const heapbound::BoundTerm& a = expression.terms()[i];
    const heapbound::BoundTerm& b = again.terms()[i];
    HEAPBOUND_FUZZ_CHECK(a == b,
                         "'{}' -> '{}': term {} changed ({} * {} became {} "
                         "* {})",
                         text, written, i, a.coefficient_text,
                         heapbound::StatisticName(a.statistic),
                         b.coefficient_text,
                         heapbound::StatisticName(b.statistic));
  }
  HEAPBOUND_FUZZ_CHECK(again.ToString() == written,
                       "'{}' -> '{}' -> '{}': ToString is not stable", text,
                       written, again.ToString());
  return again;
}

// Checks the value on each fixture: the constant on an empty one, never
// less on a larger one, and the same for the bound written and read back.
void CheckEvaluate(std::string_view text, const BoundExpression& expression,
                   const BoundExpression& again) {
  const std::vector<FixtureStats>& fixtures = Fixtures();
  HEAPBOUND_FUZZ_CHECK(
      expression.Evaluate(fixtures[0]) == expression.constant(),
      "'{}' on an empty fixture: {}, constant {}", text,
      expression.Evaluate(fixtures[0]), expression.constant());
  for (std::size_t i = 0; i < fixtures.size(); ++i) {
    std::uint64_t value = expression.Evaluate(fixtures[i]);
    HEAPBOUND_FUZZ_CHECK(again.Evaluate(fixtures[i]) == value,
                         "'{}' -> '{}': evaluates to {} instead of {} on "
                         "fixture {}",
                         text, again.ToString(), again.Evaluate(fixtures[i]),
                         value, i);
    if (i == 0) continue;
    std::uint64_t smaller = expression.Evaluate(fixtures[i - 1]);
    HEAPBOUND_FUZZ_CHECK(smaller <= value,
                         "'{}' is {} on fixture {} but {} on the larger "
                         "fixture {}",
                         text, smaller, i - 1, value, i);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  BoundExpression expression;
  try {
    expression = BoundExpression::Parse(text);
  } catch (const BoundSyntaxError& error) {
    HEAPBOUND_FUZZ_CHECK(error.offset() <= text.size(),
                         "'{}': error offset {} is past the end: {}", text,
                         error.offset(), error.what());
    return 0;
  }
  CheckSum(text, expression);
  BoundExpression again = CheckRoundTrip(text, expression);
  CheckEvaluate(text, expression, again);
  return 0;
}
