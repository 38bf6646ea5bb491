#pragma once

#include <string>
#include <utility>
#include <vector>

#include "tool_adapter.h"

namespace heapbound {

// Runs a command under heaptrack 1.4 (`heaptrack -o <stem>.heaptrack`) and
// reads the `<stem>.heaptrack.zst` trace it leaves (heaptrack_trace.h).
class HeaptrackAdapter : public ToolAdapter {
 public:
  std::string name() const override { return "heaptrack"; }
  std::string debian_package() const override { return "heaptrack"; }
  std::string summary() const override {
    return "KDE heaptrack: exact peaks and stacks (not memalign), ~4x slower";
  }
  double cost_factor() const override { return 4; }
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

  // The trace heaptrack writes when zstd is on PATH, and the gzip one it
  // writes otherwise (which heapbound does not read).
  static std::string TraceFile(const std::string& raw_stem);
  static std::string GzipTraceFile(const std::string& raw_stem);
};

}  // namespace heapbound
