#pragma once

#include <string>
#include <utility>
#include <vector>

#include "massif_parser.h"
#include "tool_adapter.h"

namespace heapbound {

// Runs a command under valgrind's massif with the settings of docs/design.md.
class MassifAdapter : public ToolAdapter {
 public:
  std::string name() const override { return "massif"; }
  std::string debian_package() const override { return "valgrind"; }
  std::string summary() const override {
    return "valgrind's massif: exact peaks and stacks, ~40x slower";
  }
  double cost_factor() const override { return 40; }
  bool exact() const override { return true; }
  std::string Unavailable() const override;
  std::string Version() const override;
  std::vector<std::string> Wrap(const std::vector<std::string>& command,
                                const std::string& raw_stem) const override;
  std::vector<std::pair<std::string, std::string>> Environment(
      const std::string& raw_stem) const override;
  // Requires a heap_tree=peak snapshot (massif_parser.h, kNormalExit).
  Measurement Parse(const std::string& raw_stem) const override;
  Measurement ParseUnfinished(const std::string& raw_stem) const override;
  std::vector<std::string> RawFiles(const std::string& raw_stem) const override;

  // The file massif writes for `raw_stem`.
  static std::string OutputFile(const std::string& raw_stem);
};

}  // namespace heapbound
