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

// One measuring tool: how to run a command under it, how to read what it
// wrote, and the facts the rest of heapbound needs about it (help texts,
// scheduling, the default cross-check). One implementation per file
// (massif.cc, heaptrack.cc, track.cc) plus one line in tool_registry.cc.
class ToolAdapter {
 public:
  virtual ~ToolAdapter() = default;

  virtual std::string name() const = 0;
  // The Debian package that provides the tool, for "missing tool" errors.
  virtual std::string debian_package() const = 0;
  // One line for `heapbound list` and help texts.
  virtual std::string summary() const { return std::string(); }
  // Wall time of a job under the tool relative to the tracker (1), so the
  // runner can start the slowest jobs first.
  virtual double cost_factor() const { return 1; }
  // True when the tool's peaks are exact to the byte for heapbound's
  // readers: it then joins the default cross-check.
  virtual bool exact() const { return false; }
  // Returns an empty string when the tool can run here, else why not
  // (e.g. "valgrind not found on PATH (Debian package: valgrind)").
  virtual std::string Unavailable() const = 0;
  // The tool's version as it reports it ("valgrind-3.19.0"), for
  // results.json's provenance; "unknown" when it cannot say.
  virtual std::string Version() const { return "unknown"; }

  // Returns the argv that runs `command` under the tool so that its raw
  // output lands at files starting with `raw_stem` (a path without
  // extension, unique per job), and the extra environment it needs.
  virtual std::vector<std::string> Wrap(const std::vector<std::string>& command,
                                        const std::string& raw_stem) const = 0;
  virtual std::vector<std::pair<std::string, std::string>> Environment(
      const std::string& raw_stem) const = 0;

  // The extra environment that makes the tool note a program's first open
  // of a regular file under `root` (Measurement::mark_bytes), or empty
  // when the tool offers no reading marker (massif).
  virtual std::vector<std::pair<std::string, std::string>> MarkerEnvironment(
      const std::string& /*root*/) const {
    return {};
  }

  // Reads the raw output of a run that exited normally (status 0). Throws
  // ToolOutputError.
  virtual Measurement Parse(const std::string& raw_stem) const = 0;
  // Reads what a run that crashed, was killed or hit its memory cap left:
  // the peak known so far. Throws ToolOutputError (e.g. untraced).
  virtual Measurement ParseUnfinished(const std::string& raw_stem) const {
    return Parse(raw_stem);
  }
  // The raw files a run leaves (for <out>/raw/ and clean-up).
  virtual std::vector<std::string> RawFiles(
      const std::string& raw_stem) const = 0;
};

// The registry (tool_registry.cc). Returns the adapter named `name`, or
// nullptr.
std::unique_ptr<ToolAdapter> MakeToolAdapter(const std::string& name);
// Returns one adapter of every registered tool, in registry order.
std::vector<std::unique_ptr<ToolAdapter>> AllToolAdapters();
// The names MakeToolAdapter knows, in registry order.
std::vector<std::string> ToolNames();
// The names of the exact tools: the default cross-check.
std::vector<std::string> ExactToolNames();
// Returns "massif, heaptrack or track" (every name, for messages).
std::string ToolNamesText(const std::string& last_separator = " or ");
// Runs `argv` (a version query, no shell) and returns the first line it
// printed on stdout, or "unknown" when it failed or printed nothing.
std::string VersionLine(const std::vector<std::string>& argv);
// Returns the tool's cost_factor(), or 1 for an unknown name.
double ToolCostFactor(const std::string& name);

}  // namespace heapbound
