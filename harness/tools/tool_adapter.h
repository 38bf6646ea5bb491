#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "measurement.h"

namespace heapbound {

// A measuring tool's raw output could not be turned into a measurement:
// missing, empty (an untraced heaptrack run), truncated or malformed. The
// message names the file, the line when there is one, and what was expected.
class ToolOutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// One measuring tool: how to run a command under it and how to read what it
// wrote. One implementation per file (massif.cc, heaptrack.cc, track.cc).
class ToolAdapter {
 public:
  virtual ~ToolAdapter() = default;

  virtual std::string name() const = 0;
  // The Debian package that provides the tool, for "missing tool" errors.
  virtual std::string debian_package() const = 0;
  // Returns an empty string when the tool can run here, else why not
  // (e.g. "valgrind not found on PATH (Debian package: valgrind)").
  virtual std::string Unavailable() const = 0;

  // Returns the argv that runs `command` under the tool so that its raw
  // output lands at files starting with `raw_stem` (a path without
  // extension, unique per job), and the extra environment it needs.
  virtual std::vector<std::string> Wrap(const std::vector<std::string>& command,
                                        const std::string& raw_stem) const = 0;
  virtual std::vector<std::pair<std::string, std::string>> Environment(
      const std::string& raw_stem) const = 0;

  // Reads the raw output of a finished run. Throws ToolOutputError.
  virtual Measurement Parse(const std::string& raw_stem) const = 0;
  // The raw files a run leaves (for <out>/raw/ and clean-up).
  virtual std::vector<std::string> RawFiles(
      const std::string& raw_stem) const = 0;
};

// Returns the adapter for "massif", "heaptrack" or "track", or nullptr.
std::unique_ptr<ToolAdapter> MakeToolAdapter(const std::string& name);
// The names MakeToolAdapter knows, in a stable order.
std::vector<std::string> ToolNames();

}  // namespace heapbound
