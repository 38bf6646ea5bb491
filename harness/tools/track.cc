#include "track.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>

#include "default_paths.h"
#include "program_lookup.h"

namespace heapbound {
namespace {

std::uint64_t Field(const nlohmann::json& line, const char* key,
                    const std::string& path) {
  auto it = line.find(key);
  if (it == line.end() || !it->is_number_unsigned()) {
    throw ToolOutputError(fmt::format(
        "{}:1: expected \"{}\": <unsigned integer> in the tracker's JSON line",
        path, key));
  }
  return it->get<std::uint64_t>();
}

}  // namespace

Measurement ParseTrackFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    throw ToolOutputError(fmt::format(
        "{}: untraced: the tracker wrote no output ({}); expected the JSON "
        "line libheapbound_track.so writes when the process exits normally "
        "(did it crash, call _exit, or not load the library?)",
        path, std::strerror(errno)));
  }
  std::string text;
  if (!std::getline(in, text) || text.empty()) {
    throw ToolOutputError(fmt::format(
        "{}:1: untraced: empty tracker output; expected one JSON line", path));
  }
  nlohmann::json line = nlohmann::json::parse(text, nullptr, false);
  if (line.is_discarded() || !line.is_object()) {
    throw ToolOutputError(fmt::format(
        "{}:1: expected one JSON object from libheapbound_track.so, got '{}'",
        path, text.substr(0, 200)));
  }
  auto error = line.find("error");
  if (error != line.end() && error->is_string() &&
      !error->get<std::string>().empty()) {
    throw ToolOutputError(fmt::format("{}:1: the tracker failed: {}", path,
                                      error->get<std::string>()));
  }
  Measurement result;
  result.peak_bytes = Field(line, "peak_bytes", path);
  result.leaked_bytes = Field(line, "live_at_exit", path);
  result.allocs = Field(line, "allocations", path);
  result.time_unit = "allocations and frees";
  // Written only when HEAPBOUND_MARK_ROOT was set and a file under it was
  // opened.
  if (line.contains("mark_bytes")) {
    result.mark_bytes = Field(line, "mark_bytes", path);
    result.peak_after_mark_bytes = Field(line, "peak_after_mark_bytes", path);
    if (result.peak_after_mark_bytes < *result.mark_bytes ||
        result.peak_after_mark_bytes > result.peak_bytes) {
      throw ToolOutputError(fmt::format(
          "{}:1: peak_after_mark_bytes {} must lie between mark_bytes {} and "
          "peak_bytes {}",
          path, result.peak_after_mark_bytes, *result.mark_bytes,
          result.peak_bytes));
    }
  }
  auto timeline = line.find("timeline");
  if (timeline != line.end()) {
    if (!timeline->is_array()) {
      throw ToolOutputError(fmt::format(
          "{}:1: expected \"timeline\": [[<time>, <bytes>], ...]", path));
    }
    for (const nlohmann::json& point : *timeline) {
      if (!point.is_array() || point.size() != 2 ||
          !point[0].is_number_unsigned() || !point[1].is_number_unsigned()) {
        throw ToolOutputError(fmt::format(
            "{}:1: expected timeline points [<time>, <bytes>], got {}", path,
            point.dump()));
      }
      result.timeline.push_back(
          {point[0].get<std::uint64_t>(), point[1].get<std::uint64_t>()});
    }
  }
  return result;
}

TrackAdapter::TrackAdapter(std::string library)
    : library_(library.empty() ? DefaultPaths::TrackLibrary()
                               : std::move(library)) {}

std::string TrackAdapter::OutputFile(const std::string& raw_stem) {
  return raw_stem + ".track.json";
}

// The tracker is built with heapbound.
std::string TrackAdapter::Version() const {
  return "heapbound_track " HEAPBOUND_VERSION;
}

std::string TrackAdapter::Unavailable() const {
  if (!FileExists(library_)) {
    return fmt::format(
        "{} not found; build the heapbound_track target (cmake --build "
        "build --target heapbound_track)",
        library_);
  }
  return std::string();
}

std::vector<std::string> TrackAdapter::Wrap(
    const std::vector<std::string>& command,
    const std::string& /*raw_stem*/) const {
  return command;
}

std::vector<std::pair<std::string, std::string>> TrackAdapter::Environment(
    const std::string& raw_stem) const {
  return {{"LD_PRELOAD", library_},
          {"HEAPBOUND_TRACK_OUT", OutputFile(raw_stem)}};
}

std::vector<std::pair<std::string, std::string>>
TrackAdapter::MarkerEnvironment(const std::string& root) const {
  return {{"HEAPBOUND_MARK_ROOT", root}};
}

Measurement TrackAdapter::Parse(const std::string& raw_stem) const {
  return ParseTrackFile(OutputFile(raw_stem));
}

std::vector<std::string> TrackAdapter::RawFiles(
    const std::string& raw_stem) const {
  return {OutputFile(raw_stem)};
}

}  // namespace heapbound
