#pragma once

#include <string>
#include <utility>
#include <vector>

#include "tool_adapter.h"

namespace heapbound {

// Reads a valgrind massif output file (massif.out format, any time unit).
// peak_bytes is the maximum mem_heap_B over all snapshots; the timeline is
// (time, mem_heap_B) of every snapshot; top_sites come from the detailed
// snapshot nearest the peak (see massif.cc). Throws ToolOutputError naming
// file:line and the expected format.
Measurement ParseMassifFile(const std::string& path);

// Runs a command under valgrind's massif with the settings of DESIGN.md.
class MassifAdapter : public ToolAdapter {
 public:
  std::string name() const override { return "massif"; }
  std::string debian_package() const override { return "valgrind"; }
  std::string Unavailable() const override;
  std::vector<std::string> Wrap(const std::vector<std::string>& command,
                                const std::string& raw_stem) const override;
  std::vector<std::pair<std::string, std::string>> Environment(
      const std::string& raw_stem) const override;
  Measurement Parse(const std::string& raw_stem) const override;
  std::vector<std::string> RawFiles(const std::string& raw_stem) const override;

  // The file massif writes for `raw_stem`.
  static std::string OutputFile(const std::string& raw_stem);
};

}  // namespace heapbound
