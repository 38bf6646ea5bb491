#include "status.h"

#include <array>
#include <utility>

namespace heapbound {
namespace {

constexpr std::array<std::pair<Status, std::string_view>, 5> kNames = {{
    {Status::kPass, "pass"},
    {Status::kFail, "fail"},
    {Status::kXfail, "xfail"},
    {Status::kXpass, "xpass"},
    {Status::kError, "error"},
}};

}  // namespace

std::string_view StatusName(Status status) {
  for (const auto& [value, name] : kNames) {
    if (value == status) return name;
  }
  return "error";
}

std::optional<Status> ParseStatus(std::string_view name) {
  for (const auto& [value, text] : kNames) {
    if (text == name) return value;
  }
  return std::nullopt;
}

bool IsBroken(Status status) {
  return status == Status::kFail || status == Status::kXpass ||
         status == Status::kError;
}

}  // namespace heapbound
