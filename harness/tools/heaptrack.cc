#include "heaptrack.h"

#include <fmt/format.h>

#include "heaptrack_trace.h"
#include "program_lookup.h"

namespace heapbound {

std::string HeaptrackAdapter::TraceFile(const std::string& raw_stem) {
  return raw_stem + ".heaptrack.zst";
}

std::string HeaptrackAdapter::GzipTraceFile(const std::string& raw_stem) {
  return raw_stem + ".heaptrack.gz";
}

std::string HeaptrackAdapter::Unavailable() const {
  if (FindOnPath("heaptrack").empty()) {
    return "heaptrack not found on PATH (Debian package: heaptrack)";
  }
  // Without zstd the heaptrack script falls back to gzip, which heapbound
  // does not read.
  if (FindOnPath("zstd").empty()) {
    return "zstd not found on PATH (Debian package: zstd); heaptrack would "
           "write a gzip trace that heapbound does not read";
  }
  return std::string();
}

std::vector<std::string> HeaptrackAdapter::Wrap(
    const std::vector<std::string>& command,
    const std::string& raw_stem) const {
  std::vector<std::string> argv = {"heaptrack", "-o", raw_stem + ".heaptrack"};
  argv.insert(argv.end(), command.begin(), command.end());
  return argv;
}

std::vector<std::pair<std::string, std::string>> HeaptrackAdapter::Environment(
    const std::string& /*raw_stem*/) const {
  return {};
}

Measurement HeaptrackAdapter::Parse(const std::string& raw_stem) const {
  std::string trace = TraceFile(raw_stem);
  if (!FileExists(trace) && FileExists(GzipTraceFile(raw_stem))) {
    throw ToolOutputError(fmt::format(
        "{}: heaptrack wrote a gzip trace because zstd was not on PATH; "
        "expected {} (install the Debian package zstd and run again)",
        GzipTraceFile(raw_stem), trace));
  }
  return ReadHeaptrackTrace(trace);
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
