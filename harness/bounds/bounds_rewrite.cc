#include "bounds_rewrite.h"

#include <fmt/format.h>

#include <cctype>
#include <vector>

#include "config_error.h"

namespace heapbound {
namespace {

std::vector<std::string> SplitLines(std::string_view text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) {
      lines.emplace_back(text.substr(start));
      break;
    }
    lines.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

// Returns the length of the TOML value starting at `column` (0-based) of
// `line`: a basic or literal string with its quotes, or a bare number.
std::size_t ValueLength(const std::string& line, std::size_t column) {
  char quote = line[column];
  if (quote == '"' || quote == '\'') {
    for (std::size_t i = column + 1; i < line.size(); ++i) {
      if (quote == '"' && line[i] == '\\') {
        ++i;
      } else if (line[i] == quote) {
        return i + 1 - column;
      }
    }
    return 0;
  }
  std::size_t i = column;
  while (i < line.size() &&
         (std::isalnum(static_cast<unsigned char>(line[i])) || line[i] == '_' ||
          line[i] == '+')) {
    ++i;
  }
  return i - column;
}

}  // namespace

BoundsRewrite RewriteMaxPeaks(
    std::string_view text, const BoundsFile& file,
    const std::map<std::string, BoundExpression>& new_bounds) {
  std::vector<std::string> lines = SplitLines(text);
  std::string diff;
  for (const CaseBound& bound : file.cases) {
    auto found = new_bounds.find(bound.name);
    if (found == new_bounds.end()) continue;
    const SourcePosition& at = bound.max_peak_position;
    if (at.line < 1 || static_cast<std::size_t>(at.line) > lines.size()) {
      throw ConfigError(
          fmt::format("{}: max_peak of case '{}' is not on this line",
                      at.ToString(), bound.name));
    }
    std::string& line = lines[at.line - 1];
    std::size_t column = static_cast<std::size_t>(at.column - 1);
    std::size_t length = column < line.size() ? ValueLength(line, column) : 0;
    if (length == 0) {
      throw ConfigError(
          fmt::format("{}: cannot find the max_peak value of case '{}'",
                      at.ToString(), bound.name));
    }
    const BoundExpression& expression = found->second;
    bool was_string = line[column] == '"' || line[column] == '\'';
    std::string value = (was_string || !expression.is_literal())
                            ? "\"" + expression.ToString() + "\""
                            : std::to_string(expression.constant());
    if (line.compare(column, length, value) == 0) continue;
    std::string old_line = line;
    line.replace(column, length, value);
    diff += fmt::format("@@ {}:{} [case.{}]\n-{}\n+{}\n", file.path, at.line,
                        bound.name, old_line, line);
  }
  BoundsRewrite rewrite;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    rewrite.text += lines[i];
    if (i + 1 < lines.size()) rewrite.text += '\n';
  }
  rewrite.diff = std::move(diff);
  return rewrite;
}

}  // namespace heapbound
