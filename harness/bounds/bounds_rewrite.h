#pragma once

#include <map>
#include <string>
#include <string_view>

#include "bounds_file.h"

namespace heapbound {

// The result of rewriting max_peak values in a bounds file's text.
struct BoundsRewrite {
  std::string text;  // the whole new file
  std::string diff;  // -/+ line pairs with line numbers, empty if unchanged
};

// Replaces the max_peak value of each case in `new_bounds` in place, keeping
// every other byte (comments, order, spacing). A string value is rewritten
// as a string, an integer as an integer when the new bound is a plain size.
// Throws ConfigError when a value is not where `file` says it is.
BoundsRewrite RewriteMaxPeaks(
    std::string_view text, const BoundsFile& file,
    const std::map<std::string, BoundExpression>& new_bounds);

}  // namespace heapbound
