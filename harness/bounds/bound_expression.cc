#include "bound_expression.h"

#include <fmt/format.h>

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace heapbound {
namespace {

struct Unit {
  std::string_view name;
  std::uint64_t bytes;
};

constexpr Unit kUnits[] = {
    {"B", 1},
    {"KiB", std::uint64_t{1} << 10},
    {"MiB", std::uint64_t{1} << 20},
    {"GiB", std::uint64_t{1} << 30},
    {"TiB", std::uint64_t{1} << 40},
};

constexpr std::string_view kStatisticNames[] = {"max_file", "max_line",
                                                "total_bytes", "files"};

constexpr char kExpected[] =
    "expected a size (123, 64 KiB, 1.5 MiB) or k * statistic "
    "(max_file, max_line, total_bytes, files)";

enum class TokenKind { kNumber, kWord, kStar, kPlus, kEnd };

struct Token {
  TokenKind kind;
  std::string_view text;
  std::size_t offset;
};

// Splits an expression into numbers, words, '*' and '+'.
class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) { Advance(); }

  const Token& peek() const { return token_; }
  Token Take() {
    Token token = token_;
    Advance();
    return token;
  }

 private:
  void Advance() {
    while (pos_ < text_.size() &&
           std::isspace(static_cast<unsigned char>(text_[pos_])))
      ++pos_;
    std::size_t start = pos_;
    if (pos_ == text_.size()) {
      token_ = {TokenKind::kEnd, {}, start};
      return;
    }
    char c = text_[pos_];
    if (c == '*' || c == '+') {
      ++pos_;
      token_ = {c == '*' ? TokenKind::kStar : TokenKind::kPlus,
                text_.substr(start, 1), start};
      return;
    }
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') {
      while (pos_ < text_.size() &&
             (std::isdigit(static_cast<unsigned char>(text_[pos_])) ||
              text_[pos_] == '.' || text_[pos_] == '_')) {
        ++pos_;
      }
      token_ = {TokenKind::kNumber, text_.substr(start, pos_ - start), start};
      return;
    }
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      while (pos_ < text_.size() &&
             (std::isalnum(static_cast<unsigned char>(text_[pos_])) ||
              text_[pos_] == '_')) {
        ++pos_;
      }
      token_ = {TokenKind::kWord, text_.substr(start, pos_ - start), start};
      return;
    }
    if (c == '-')
      throw BoundSyntaxError(start,
                             "negative values are not allowed in a bound");
    throw BoundSyntaxError(start,
                           fmt::format("unexpected '{}': {}", c, kExpected));
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  Token token_{TokenKind::kEnd, {}, 0};
};

// Parses a non-negative decimal number (digits, one optional '.', '_' as a
// digit separator like TOML).
double ParseNumber(const Token& token) {
  std::string digits;
  int dots = 0;
  for (char c : token.text) {
    if (c == '_') continue;
    if (c == '.') ++dots;
    digits.push_back(c);
  }
  if (dots > 1 || digits.empty() || digits == "." || digits.front() == '.' ||
      digits.back() == '.') {
    throw BoundSyntaxError(token.offset,
                           fmt::format("'{}' is not a number", token.text));
  }
  return std::strtod(digits.c_str(), nullptr);
}

const Unit* FindUnit(std::string_view name) {
  for (const Unit& unit : kUnits) {
    if (unit.name == name) return &unit;
  }
  return nullptr;
}

bool FindStatistic(std::string_view name, Statistic* statistic) {
  for (std::size_t i = 0; i < std::size(kStatisticNames); ++i) {
    if (kStatisticNames[i] == name) {
      *statistic = static_cast<Statistic>(i);
      return true;
    }
  }
  return false;
}

std::uint64_t ToBytes(double value, std::uint64_t unit, const Token& token) {
  long double bytes = static_cast<long double>(value) * unit;
  if (bytes >
      static_cast<long double>(std::numeric_limits<std::int64_t>::max())) {
    throw BoundSyntaxError(token.offset,
                           fmt::format("size '{}' is too large", token.text));
  }
  long double whole = std::floor(bytes);
  if (whole != bytes) {
    throw BoundSyntaxError(
        token.offset,
        fmt::format("size '{}' is not a whole number of bytes", token.text));
  }
  return static_cast<std::uint64_t>(whole);
}

}  // namespace

std::string_view StatisticName(Statistic statistic) {
  return kStatisticNames[static_cast<int>(statistic)];
}

std::uint64_t StatisticValue(Statistic statistic, const FixtureStats& stats) {
  switch (statistic) {
    case Statistic::kMaxFile:
      return stats.max_file;
    case Statistic::kMaxLine:
      return stats.max_line;
    case Statistic::kTotalBytes:
      return stats.total_bytes;
    case Statistic::kFiles:
      return stats.files;
  }
  return 0;
}

BoundExpression BoundExpression::Parse(std::string_view text) {
  BoundExpression expression;
  Lexer lexer(text);
  if (lexer.peek().kind == TokenKind::kEnd)
    throw BoundSyntaxError(0, std::string("empty bound: ") + kExpected);
  for (;;) {
    Token token = lexer.Take();
    Statistic statistic;
    if (token.kind == TokenKind::kNumber) {
      double value = ParseNumber(token);
      if (lexer.peek().kind == TokenKind::kStar) {
        lexer.Take();
        Token word = lexer.Take();
        if (word.kind != TokenKind::kWord ||
            !FindStatistic(word.text, &statistic)) {
          throw BoundSyntaxError(
              word.offset,
              fmt::format("unknown statistic '{}' (expected max_file, "
                          "max_line, total_bytes or files)",
                          word.text));
        }
        expression.terms_.push_back(
            {value, std::string(token.text), statistic});
      } else {
        std::uint64_t unit = 1;
        if (lexer.peek().kind == TokenKind::kWord) {
          Token unit_token = lexer.Take();
          const Unit* found = FindUnit(unit_token.text);
          if (found == nullptr) {
            throw BoundSyntaxError(
                unit_token.offset,
                fmt::format("unknown unit '{}' (expected B, KiB, MiB, GiB "
                            "or TiB)",
                            unit_token.text));
          }
          unit = found->bytes;
        }
        expression.constant_ += ToBytes(value, unit, token);
      }
    } else if (token.kind == TokenKind::kWord) {
      if (!FindStatistic(token.text, &statistic)) {
        throw BoundSyntaxError(
            token.offset,
            fmt::format("unknown statistic '{}' (expected max_file, max_line, "
                        "total_bytes or files)",
                        token.text));
      }
      expression.terms_.push_back({1, "", statistic});
    } else {
      throw BoundSyntaxError(token.offset, std::string("unexpected '") +
                                               std::string(token.text) +
                                               "': " + kExpected);
    }
    Token next = lexer.Take();
    if (next.kind == TokenKind::kEnd) break;
    if (next.kind != TokenKind::kPlus) {
      throw BoundSyntaxError(
          next.offset,
          fmt::format("expected '+' or the end of the bound, found '{}'",
                      next.text));
    }
  }
  return expression;
}

BoundExpression BoundExpression::Literal(std::uint64_t bytes) {
  BoundExpression expression;
  expression.constant_ = bytes;
  return expression;
}

std::uint64_t BoundExpression::Evaluate(const FixtureStats& stats) const {
  long double total = constant_;
  for (const BoundTerm& term : terms_) {
    total += std::floor(static_cast<long double>(term.coefficient) *
                        StatisticValue(term.statistic, stats));
  }
  return static_cast<std::uint64_t>(total);
}

BoundExpression BoundExpression::WithConstant(std::uint64_t constant) const {
  BoundExpression copy = *this;
  copy.constant_ = constant;
  return copy;
}

std::string BoundExpression::ToString() const {
  std::string text;
  for (const BoundTerm& term : terms_) {
    if (!text.empty()) text += " + ";
    if (!term.coefficient_text.empty()) text += term.coefficient_text + " * ";
    text += StatisticName(term.statistic);
  }
  if (constant_ != 0 || terms_.empty()) {
    if (!text.empty()) text += " + ";
    text += FormatSize(constant_);
  }
  return text;
}

std::uint64_t ParseSize(std::string_view text) {
  BoundExpression expression = BoundExpression::Parse(text);
  if (!expression.is_literal()) {
    throw BoundSyntaxError(0, fmt::format("'{}' is not a size", text));
  }
  return expression.constant();
}

std::string FormatSize(std::uint64_t bytes) {
  // Prefers the largest unit in which the size is whole or has one or two
  // decimals that are exact (1.5 MiB, 4.25 KiB).
  for (int i = static_cast<int>(std::size(kUnits)) - 1; i >= 1; --i) {
    std::uint64_t unit = kUnits[i].bytes;
    if (bytes < unit) continue;
    if (bytes % unit == 0)
      return fmt::format("{} {}", bytes / unit, kUnits[i].name);
    if ((bytes * 4) % unit == 0) {
      return fmt::format("{} {}", static_cast<double>(bytes) / unit,
                         kUnits[i].name);
    }
  }
  return std::to_string(bytes);
}

std::string HumanBytes(std::uint64_t bytes) {
  if (bytes < 1024) return fmt::format("{} B", bytes);
  int i = 1;
  while (i + 1 < static_cast<int>(std::size(kUnits)) &&
         bytes >= kUnits[i + 1].bytes)
    ++i;
  return fmt::format("{:.1f} {}", static_cast<double>(bytes) / kUnits[i].bytes,
                     kUnits[i].name);
}

}  // namespace heapbound
