#pragma once

#include <string>

namespace heapbound {

// Where heapbound finds its inputs and puts its outputs when no flag says
// otherwise. Relative to the build that produced the binary, so the CLI
// works from any working directory.
struct DefaultPaths {
  static std::string SourceDir() { return HEAPBOUND_SOURCE_DIR; }
  static std::string BinaryDir() { return HEAPBOUND_BINARY_DIR; }
  static std::string ProfilesFile() {
    return SourceDir() + "/fixtures/profiles.toml";
  }
  static std::string BoundsFile() { return SourceDir() + "/cases/bounds.toml"; }
  // Holds fixture profiles only: CMake builds the parts in build/cmake/.
  static std::string FixtureCache() { return BinaryDir() + "/fixtures"; }
  static std::string OutDir() { return BinaryDir() + "/heapbound-out"; }
  // Measurements kept for `heapbound run --reuse`.
  static std::string MeasurementCache() {
    return BinaryDir() + "/measurements";
  }
  static std::string CaseDriver() {
    return BinaryDir() + "/bin/heapbound-case";
  }
  // The small process jobs are forked from (harness/spawn/).
  static std::string Spawner() { return BinaryDir() + "/bin/heapbound-spawn"; }
  static std::string TrackLibrary() {
    return BinaryDir() + "/lib/libheapbound_track.so";
  }
  // The reading marker for heaptrack (harness/track/heapbound_mark.c).
  static std::string MarkLibrary() {
    return BinaryDir() + "/lib/libheapbound_mark.so";
  }
  static std::string ReportScript() {
    return SourceDir() + "/reports/heapbound_report.py";
  }
  static std::string Python() {
    return HEAPBOUND_PYTHON[0] ? HEAPBOUND_PYTHON : "/usr/bin/python3";
  }
};

}  // namespace heapbound
