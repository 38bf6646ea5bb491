#include "program_output.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <sstream>

namespace heapbound {
namespace {

// Returns the last line of `text` that parses as a JSON object: a program
// (or a tool around it) may print other lines first.
std::optional<nlohmann::json> LastJsonObject(const std::string& text,
                                             std::string* line_text) {
  std::optional<nlohmann::json> found;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.find('{') == std::string::npos) continue;
    nlohmann::json value = nlohmann::json::parse(line, nullptr, false);
    if (!value.is_discarded() && value.is_object()) {
      found = std::move(value);
      *line_text = line;
    }
  }
  return found;
}

}  // namespace

std::string CheckProgramOutput(const std::string& stdout_text, const Job& job,
                               const FixtureStats& stats,
                               std::optional<bool>* verified) {
  if (job.role == JobRole::kBaseline || !job.program ||
      job.program->verify == Verify::kNone) {
    return "";
  }
  std::string line;
  std::optional<nlohmann::json> result = LastJsonObject(stdout_text, &line);
  if (!result) {
    return "the program printed no JSON line with \"bytes\" and \"files\" on "
           "stdout (docs/digest.md); a third-party tool that cannot print "
           "one needs verify = \"none\"";
  }
  const nlohmann::json& object = *result;
  auto bytes = object.find("bytes");
  auto files = object.find("files");
  auto digest = object.find("digest");
  if (bytes == object.end() || !bytes->is_number_unsigned() ||
      files == object.end() || !files->is_number_unsigned() ||
      (digest != object.end() && !digest->is_string())) {
    return fmt::format(
        "the program's JSON line needs \"bytes\" and \"files\" as unsigned "
        "integers (and \"digest\", if any, as a string): {}",
        line.substr(0, 300));
  }
  std::string got_digest =
      digest == object.end() ? "" : digest->get<std::string>();
  std::uint64_t got_bytes = bytes->get<std::uint64_t>();
  std::uint64_t got_files = files->get<std::uint64_t>();
  *verified = got_bytes == stats.total_bytes && got_files == stats.files &&
              (got_digest.empty() || got_digest == stats.digest);
  if (**verified) return "";
  return fmt::format(
      "proof of work mismatch: expected {} files, {} bytes, digest {} (the "
      "fixture's manifest.json); got {} files, {} bytes, digest {}",
      stats.files, stats.total_bytes, stats.digest, got_files, got_bytes,
      got_digest.empty() ? "(none printed)" : got_digest);
}

}  // namespace heapbound
