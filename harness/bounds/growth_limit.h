#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace heapbound {

// How much a case's net peak may grow since a baseline run (bounds.toml's
// max_growth): a size ("0 B", "256 B", "1 KiB") or a percent of the
// baseline's net peak ("1 %", "0.5 %").
struct GrowthLimit {
  std::string text;  // as written
  bool is_percent = false;
  std::uint64_t bytes = 0;  // when !is_percent
  // The percent in millionths (1 % = 1000000), exact for up to 6 decimals.
  std::uint64_t percent_millionths = 0;

  // Returns true when going from `before` to `after` grows by more than the
  // limit. Exact: integer arithmetic, no rounding. From 0, any growth
  // exceeds a percent.
  bool Exceeded(std::uint64_t before, std::uint64_t after) const;
};

// Parses a max_growth value. Throws SizeSyntaxError (byte_size.h) whose
// offset points into `text`.
GrowthLimit ParseGrowthLimit(std::string_view text);

}  // namespace heapbound
