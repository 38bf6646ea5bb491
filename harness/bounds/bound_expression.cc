#include "bound_expression.h"

#include <fmt/format.h>

#include <cctype>
#include <iterator>
#include <limits>
#include <utility>

namespace heapbound {
namespace {

constexpr std::string_view kStatisticNames[] = {"max_file", "max_line",
                                                "total_bytes", "files"};

constexpr char kExpected[] =
    "expected a size (123, 64 KiB, 1.5 MiB) or k * statistic "
    "(max_file, max_line, total_bytes, files)";

constexpr std::uint64_t kMaxBytes = std::numeric_limits<std::uint64_t>::max();
constexpr int kMaxDecimals = 19;  // 10^19 < 2^64

enum class TokenKind { kNumber, kWord, kStar, kPlus, kEnd };

struct Token {
  TokenKind kind;
  std::string_view text;
  std::size_t offset;
  std::size_t end() const { return offset + text.size(); }
};

bool IsWordStart(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_';
}
bool IsWordChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

// Returns a character for a message: itself when printable, else \xNN.
std::string Printable(char c) {
  const auto byte = static_cast<unsigned char>(c);
  if (byte >= 0x20 && byte < 0x7f) return std::string(1, c);
  return fmt::format("\\x{:02X}", byte);
}

// Splits an expression into numbers (the size grammar's), words, '*', '+'.
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
    const std::size_t start = pos_;
    if (pos_ == text_.size()) {
      token_ = {TokenKind::kEnd, {}, start};
      return;
    }
    const char c = text_[pos_];
    if (c == '*' || c == '+') {
      ++pos_;
      token_ = {c == '*' ? TokenKind::kStar : TokenKind::kPlus,
                text_.substr(start, 1), start};
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      DecimalText number;
      try {
        pos_ += ScanDecimal(text_.substr(start), &number);
      } catch (const SizeSyntaxError& error) {
        throw BoundSyntaxError(start + error.offset(), error.what());
      }
      token_ = {TokenKind::kNumber, text_.substr(start, pos_ - start), start};
    } else if (IsWordStart(c)) {
      while (pos_ < text_.size() && IsWordChar(text_[pos_])) ++pos_;
      token_ = {TokenKind::kWord, text_.substr(start, pos_ - start), start};
    } else if (c == '-') {
      throw BoundSyntaxError(start,
                             "negative values are not allowed in a bound");
    } else if (c == '.') {
      throw BoundSyntaxError(start,
                             "a number starts with a digit (0.5, not .5)");
    } else {
      throw BoundSyntaxError(
          start, fmt::format("unexpected '{}': {}", Printable(c), kExpected));
    }
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  Token token_{TokenKind::kEnd, {}, 0};
};

bool FindStatistic(std::string_view name, Statistic* statistic) {
  for (std::size_t i = 0; i < std::size(kStatisticNames); ++i) {
    if (kStatisticNames[i] == name) {
      *statistic = static_cast<Statistic>(i);
      return true;
    }
  }
  return false;
}

[[noreturn]] void UnknownStatistic(const Token& word) {
  throw BoundSyntaxError(
      word.offset,
      fmt::format("unknown statistic '{}' (expected max_file, max_line, "
                  "total_bytes or files)",
                  word.kind == TokenKind::kEnd ? "" : word.text));
}

// Reads a coefficient exactly as digits / 10^decimals.
BoundTerm ParseCoefficient(const Token& token) {
  DecimalText number;
  ScanDecimal(token.text, &number);  // the lexer has checked it
  std::string_view fraction = number.fraction;
  while (!fraction.empty() && fraction.back() == '0') fraction.remove_suffix(1);
  if (fraction.size() > static_cast<std::size_t>(kMaxDecimals)) {
    throw BoundSyntaxError(
        token.offset, fmt::format("coefficient '{}' has more than {} decimals",
                                  token.text, kMaxDecimals));
  }
  BoundTerm term;
  term.coefficient_text = std::string(token.text);
  term.coefficient_decimals = static_cast<int>(fraction.size());
  term.coefficient_digits = 0;
  for (std::string_view part : {std::string_view(number.whole), fraction}) {
    for (char c : part) {
      const std::uint64_t digit = static_cast<std::uint64_t>(c - '0');
      if (term.coefficient_digits > (kMaxBytes - digit) / 10) {
        throw BoundSyntaxError(
            token.offset,
            fmt::format("coefficient '{}' is too large: its digits must "
                        "form a number below 2^64",
                        token.text));
      }
      term.coefficient_digits = term.coefficient_digits * 10 + digit;
    }
  }
  return term;
}

// Returns floor(digits / 10^decimals * value), saturated at 2^64-1.
std::uint64_t ScaleTerm(const BoundTerm& term, std::uint64_t value) {
  unsigned __int128 product =
      static_cast<unsigned __int128>(term.coefficient_digits) * value;
  for (int i = 0; i < term.coefficient_decimals; ++i) product /= 10;
  return product > kMaxBytes ? kMaxBytes : static_cast<std::uint64_t>(product);
}

std::uint64_t SaturatingAdd(std::uint64_t a, std::uint64_t b) {
  return a > kMaxBytes - b ? kMaxBytes : a + b;
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

namespace {

// Reads one term: a size (added to `constant`) or `[k *] statistic`.
void ParseTerm(Lexer& lexer, std::string_view text,
               std::vector<BoundTerm>& terms, std::uint64_t& constant) {
  const Token token = lexer.Take();
  Statistic statistic;
  if (token.kind == TokenKind::kWord) {
    if (!FindStatistic(token.text, &statistic)) UnknownStatistic(token);
    BoundTerm term;
    term.statistic = statistic;
    terms.push_back(std::move(term));
    return;
  }
  if (token.kind != TokenKind::kNumber) {
    throw BoundSyntaxError(token.offset, fmt::format("unexpected '{}': {}",
                                                     token.text, kExpected));
  }
  if (lexer.peek().kind == TokenKind::kStar) {
    lexer.Take();
    const Token word = lexer.Take();
    if (word.kind != TokenKind::kWord || !FindStatistic(word.text, &statistic))
      UnknownStatistic(word);
    BoundTerm term = ParseCoefficient(token);
    term.statistic = statistic;
    terms.push_back(std::move(term));
    return;
  }
  std::size_t end = token.end();
  if (lexer.peek().kind == TokenKind::kWord) {
    const Token unit = lexer.Take();
    if (FindStatistic(unit.text, &statistic)) {
      throw BoundSyntaxError(unit.offset,
                             fmt::format("expected '*' between '{}' and '{}'",
                                         token.text, unit.text));
    }
    end = unit.end();
  }
  std::uint64_t bytes = 0;
  try {
    bytes = ParseSize(text.substr(token.offset, end - token.offset));
  } catch (const SizeSyntaxError& error) {
    throw BoundSyntaxError(token.offset + error.offset(), error.what());
  }
  if (constant > kMaxBytes - bytes) {
    throw BoundSyntaxError(
        token.offset,
        "the sizes of the bound add up to more than the largest size, "
        "18446744073709551615 bytes (2^64-1)");
  }
  constant += bytes;
}

}  // namespace

BoundExpression BoundExpression::Parse(std::string_view text) {
  Lexer lexer(text);
  if (lexer.peek().kind == TokenKind::kEnd)
    throw BoundSyntaxError(0, std::string("empty bound: ") + kExpected);
  BoundExpression expression;
  for (;;) {
    ParseTerm(lexer, text, expression.terms_, expression.constant_);
    const Token next = lexer.Take();
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
  std::uint64_t total = constant_;
  for (const BoundTerm& term : terms_) {
    total = SaturatingAdd(
        total, ScaleTerm(term, StatisticValue(term.statistic, stats)));
  }
  return total;
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

bool BoundTerm::operator==(const BoundTerm& other) const {
  return coefficient_digits == other.coefficient_digits &&
         coefficient_decimals == other.coefficient_decimals &&
         coefficient_text == other.coefficient_text &&
         statistic == other.statistic;
}

bool BoundExpression::operator==(const BoundExpression& other) const {
  return terms_ == other.terms_ && constant_ == other.constant_;
}

}  // namespace heapbound
