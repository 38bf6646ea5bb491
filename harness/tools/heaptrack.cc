#include "heaptrack.h"

#include <fmt/format.h>

#include <filesystem>
#include <optional>
#include <system_error>

#include "default_paths.h"
#include "heaptrack_marker.h"
#include "heaptrack_trace.h"
#include "program_lookup.h"

namespace heapbound {

namespace fs = std::filesystem;

std::string HeaptrackAdapter::TraceFile(const std::string& raw_stem) {
  return raw_stem + ".heaptrack.zst";
}

std::string HeaptrackAdapter::GzipTraceFile(const std::string& raw_stem) {
  return raw_stem + ".heaptrack.gz";
}

namespace {

struct Needed {
  const char* program;
  const char* package;
  const char* why;
};

/* The programs the heaptrack 1.4 script (/usr/bin/heaptrack) runs on a
 * plain `heaptrack -o FILE COMMAND`. Without readlink it computes an empty
 * output path and falls back to `$(pwd)/heaptrack.$(basename COMMAND).$$`,
 * and without mkfifo zstd compresses nothing: a 13-byte trace in the
 * current directory. */
constexpr Needed kNeeded[] = {
    {"heaptrack", "heaptrack", ""},
    {"readlink", "coreutils", "the heaptrack script resolves its paths"},
    {"dirname", "coreutils", "the heaptrack script resolves its paths"},
    {"sed", "sed", "the heaptrack script expands -o"},
    {"hostname", "hostname", "the heaptrack script expands -o"},
    {"mkdir", "coreutils", "the heaptrack script creates the -o folder"},
    {"mkfifo", "coreutils", "the heaptrack script makes its fifo"},
    {"rm", "coreutils", "the heaptrack script removes its fifo"},
    // Without zstd the script falls back to gzip, which heapbound does not
    // read.
    {"zstd", "zstd",
     "heaptrack would write a gzip trace that heapbound "
     "does not read"},
};

}  // namespace

std::string HeaptrackAdapter::Unavailable() const {
  for (const Needed& needed : kNeeded) {
    if (!FindOnPath(needed.program).empty()) continue;
    std::string why = fmt::format("{} not found on PATH (Debian package: {})",
                                  needed.program, needed.package);
    if (*needed.why != '\0') why += fmt::format("; {}", needed.why);
    return why;
  }
  return std::string();
}

std::string HeaptrackAdapter::Version() const {
  return VersionLine({"heaptrack", "--version"});  // "heaptrack 1.4.0"
}

std::vector<std::string> HeaptrackAdapter::Wrap(
    const std::vector<std::string>& command,
    const std::string& raw_stem) const {
  // An absolute -o, so the trace never depends on the current directory.
  std::error_code error;
  fs::path stem = fs::absolute(raw_stem + ".heaptrack", error);
  std::vector<std::string> argv = {
      "heaptrack", "-o", error ? raw_stem + ".heaptrack" : stem.string()};
  argv.insert(argv.end(), command.begin(), command.end());
  return argv;
}

std::vector<std::pair<std::string, std::string>> HeaptrackAdapter::Environment(
    const std::string& /*raw_stem*/) const {
  return {};
}

// heaptrack keeps LD_PRELOAD after its own library, so the marker's open
// hooks run under its allocation hooks.
std::vector<std::pair<std::string, std::string>>
HeaptrackAdapter::MarkerEnvironment(const std::string& root) const {
  return {{"LD_PRELOAD", DefaultPaths::MarkLibrary()},
          {"HEAPBOUND_MARK_ROOT", root}};
}

Measurement HeaptrackAdapter::Parse(const std::string& raw_stem) const {
  std::string trace = TraceFile(raw_stem);
  if (!FileExists(trace) && FileExists(GzipTraceFile(raw_stem))) {
    throw ToolOutputError(fmt::format(
        "{}: heaptrack wrote a gzip trace because zstd was not on PATH; "
        "expected {} (install the Debian package zstd and run again)",
        GzipTraceFile(raw_stem), trace));
  }
  Measurement measurement = ReadHeaptrackTrace(trace);
  if (std::optional<ReadingMark> mark = FindReadingMarker(trace)) {
    measurement.mark_bytes = mark->mark_bytes;
    measurement.peak_after_mark_bytes = mark->peak_after_mark_bytes;
  }
  return measurement;
}

std::vector<std::string> HeaptrackAdapter::RawFiles(
    const std::string& raw_stem) const {
  std::vector<std::string> files;
  for (const std::string& file :
       {TraceFile(raw_stem), GzipTraceFile(raw_stem)}) {
    if (FileExists(file)) files.push_back(file);
  }
  if (files.empty()) files.push_back(TraceFile(raw_stem));
  return files;
}

}  // namespace heapbound
