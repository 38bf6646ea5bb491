#include "rss.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>

#include "default_paths.h"
#include "program_lookup.h"

namespace heapbound {
namespace {

std::uint64_t Unsigned(const nlohmann::json& line, const char* key,
                       const std::string& path) {
  auto it = line.find(key);
  if (it == line.end() || !it->is_number_unsigned()) {
    throw ToolOutputError(fmt::format(
        "{}:1: expected \"{}\": <unsigned integer> in heapbound-spawn's JSON "
        "line",
        path, key));
  }
  return it->get<std::uint64_t>();
}

std::vector<TimelinePoint> Timeline(const nlohmann::json& line,
                                    const std::string& path) {
  auto timeline = line.find("timeline");
  if (timeline == line.end() || !timeline->is_array()) {
    throw ToolOutputError(fmt::format(
        "{}:1: expected \"timeline\": [[<ms>, <bytes>], ...]", path));
  }
  std::vector<TimelinePoint> points;
  for (const nlohmann::json& point : *timeline) {
    if (!point.is_array() || point.size() != 2 ||
        !point[0].is_number_unsigned() || !point[1].is_number_unsigned()) {
      throw ToolOutputError(
          fmt::format("{}:1: expected timeline points [<ms>, <bytes>], got {}",
                      path, point.dump()));
    }
    points.push_back(
        {point[0].get<std::uint64_t>(), point[1].get<std::uint64_t>()});
  }
  return points;
}

}  // namespace

Measurement ParseRssFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    throw ToolOutputError(fmt::format(
        "{}: untraced: heapbound-spawn wrote no output ({}); expected the "
        "JSON line it writes when the measured process ends",
        path, std::strerror(errno)));
  }
  std::string text;
  if (!std::getline(in, text) || text.empty()) {
    throw ToolOutputError(fmt::format(
        "{}:1: untraced: empty heapbound-spawn output; expected one JSON line",
        path));
  }
  nlohmann::json line = nlohmann::json::parse(text, nullptr, false);
  if (line.is_discarded() || !line.is_object()) {
    throw ToolOutputError(fmt::format(
        "{}:1: expected one JSON object from heapbound-spawn, got '{}'", path,
        text.substr(0, 200)));
  }
  Measurement result;
  result.peak_bytes = Unsigned(line, "max_rss_bytes", path);
  if (result.peak_bytes == 0) {
    throw ToolOutputError(
        fmt::format("{}:1: max_rss_bytes is 0: the process did not run", path));
  }
  result.time_unit = "ms";
  result.timeline = Timeline(line, path);
  return result;
}

RssAdapter::RssAdapter(std::string spawner)
    : spawner_(spawner.empty() ? DefaultPaths::Spawner() : std::move(spawner)) {
}

std::string RssAdapter::OutputFile(const std::string& raw_stem) {
  return raw_stem + ".rss.json";
}

std::string RssAdapter::Unavailable() const {
  if (FindProgram(spawner_, "").empty()) {
    return fmt::format(
        "{} not found; build the heapbound-spawn target (cmake --build build "
        "--target heapbound-spawn)",
        spawner_);
  }
  return std::string();
}

std::vector<std::string> RssAdapter::Wrap(
    const std::vector<std::string>& command,
    const std::string& raw_stem) const {
  // heapbound-spawn execs a path: it does no PATH lookup of its own.
  std::string program = command.empty() ? std::string() : command[0];
  std::string found = FindOnPath(program);
  std::vector<std::string> argv = {spawner_, "--rss-out", OutputFile(raw_stem),
                                   "--", found.empty() ? program : found};
  argv.insert(argv.end(), command.begin() + (command.empty() ? 0 : 1),
              command.end());
  return argv;
}

std::vector<std::pair<std::string, std::string>> RssAdapter::Environment(
    const std::string& /*raw_stem*/) const {
  return {};
}

Measurement RssAdapter::Parse(const std::string& raw_stem) const {
  return ParseRssFile(OutputFile(raw_stem));
}

std::vector<std::string> RssAdapter::RawFiles(
    const std::string& raw_stem) const {
  return {OutputFile(raw_stem)};
}

}  // namespace heapbound
