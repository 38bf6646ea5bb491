#pragma once

#include <string>
#include <utility>
#include <vector>

#include "tool_adapter.h"

namespace heapbound {

// Reads the one JSON line libheapbound_track.so writes at exit (format in
// harness/track/heapbound_track.c). Throws ToolOutputError when it is
// missing (the process never exited normally: untraced) or malformed.
Measurement ParseTrackFile(const std::string& path);

// Runs a command with heapbound's own LD_PRELOAD tracker. The command is
// unchanged; the tracker comes in through the environment.
class TrackAdapter : public ToolAdapter {
 public:
  // Uses `library` instead of DefaultPaths::TrackLibrary() when not empty.
  explicit TrackAdapter(std::string library = std::string());

  std::string name() const override { return "track"; }
  std::string debian_package() const override { return "heapbound (built)"; }
  std::string summary() const override {
    return "heapbound's LD_PRELOAD tracker: exact peaks, near-native speed";
  }
  double cost_factor() const override { return 1; }
  bool exact() const override { return true; }
  std::string Unavailable() const override;
  std::string Version() const override;
  std::vector<std::string> Wrap(const std::vector<std::string>& command,
                                const std::string& raw_stem) const override;
  std::vector<std::pair<std::string, std::string>> MarkerEnvironment(
      const std::string& root) const override;
  std::vector<std::pair<std::string, std::string>> Environment(
      const std::string& raw_stem) const override;
  Measurement Parse(const std::string& raw_stem) const override;
  std::vector<std::string> RawFiles(const std::string& raw_stem) const override;

  static std::string OutputFile(const std::string& raw_stem);

 private:
  std::string library_;
};

}  // namespace heapbound
