#pragma once

#include <fmt/format.h>

#include <cstdlib>
#include <string>
#include <string_view>

// Aborts the fuzzer (a crash, with the input saved) when a property of the
// parsed result does not hold; the rest of the arguments format the details.
#define HEAPBOUND_FUZZ_CHECK(condition, ...)                       \
  do {                                                             \
    if (!(condition)) {                                            \
      ::heapbound::FuzzCheckFailed(#condition, __FILE__, __LINE__, \
                                   ::fmt::format(__VA_ARGS__));    \
    }                                                              \
  } while (false)

namespace heapbound {

[[noreturn]] inline void FuzzCheckFailed(const char* condition,
                                         const char* file, int line,
                                         const std::string& details) {
  fmt::print(stderr, "{}:{}: fuzz check failed: {}\n  {}\n", file, line,
             condition, details);
  std::abort();
}

// Returns whether an error message starts with `path`: every parser's error
// names the file it read.
inline bool NamesFile(std::string_view message, std::string_view path) {
  return message.substr(0, path.size()) == path;
}

}  // namespace heapbound
