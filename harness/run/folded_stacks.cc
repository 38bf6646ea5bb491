#include "folded_stacks.h"

#include <fmt/format.h>

#include <cstdint>
#include <map>

namespace heapbound {

std::string FoldedFrame(const Frame& frame) {
  std::string text = frame.function.empty() ? "??" : frame.function;
  if (!frame.file.empty()) {
    text += frame.line > 0 ? fmt::format(" ({}:{})", frame.file, frame.line)
                           : fmt::format(" ({})", frame.file);
  }
  for (char& c : text) {
    if (c == ';') c = ':';
    if (c == '\n' || c == '\r') c = ' ';
  }
  return text;
}

std::string FoldedStacks(const std::vector<AllocationSite>& stacks) {
  std::map<std::string, std::uint64_t> bytes_by_stack;  // sorted bytewise
  for (const AllocationSite& stack : stacks) {
    if (stack.bytes == 0) continue;
    std::string key;
    for (auto frame = stack.frames.rbegin(); frame != stack.frames.rend();
         ++frame) {
      if (!key.empty()) key += ';';
      key += FoldedFrame(*frame);
    }
    if (key.empty()) key = "(unknown)";
    bytes_by_stack[key] += stack.bytes;
  }
  std::string text;
  for (const auto& [key, bytes] : bytes_by_stack) {
    text += fmt::format("{} {}\n", key, bytes);
  }
  return text;
}

}  // namespace heapbound
