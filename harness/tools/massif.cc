#include "massif.h"

#include "massif_parser.h"
#include "program_lookup.h"

namespace heapbound {

std::string MassifAdapter::OutputFile(const std::string& raw_stem) {
  return raw_stem + ".massif.out";
}

std::string MassifAdapter::Unavailable() const {
  if (FindOnPath("valgrind").empty()) {
    return "valgrind not found on PATH (Debian package: valgrind)";
  }
  return std::string();
}

std::string MassifAdapter::Version() const {
  return VersionLine({"valgrind", "--version"});  // "valgrind-3.19.0"
}

std::vector<std::string> MassifAdapter::Wrap(
    const std::vector<std::string>& command,
    const std::string& raw_stem) const {
  // Uses exact peaks (--peak-inaccuracy=0.0; the default 1.0 misses peaks
  // within 1 %) and bytes as time, directly on the command, no shell.
  // --vgdb=no: no gdbserver, so no vgdb-pipe-* files in /tmp for a killed
  // job to leave behind. --fullpath-after= names source files by their
  // whole path ("/usr/include/c++/12/bits/stl_vector.h", not
  // "stl_vector.h"), so a site's frames tell the project's code apart.
  std::vector<std::string> argv = {"valgrind",
                                   "--tool=massif",
                                   "--vgdb=no",
                                   "--fullpath-after=",
                                   "--peak-inaccuracy=0.0",
                                   "--time-unit=B",
                                   "--massif-out-file=" + OutputFile(raw_stem)};
  argv.insert(argv.end(), command.begin(), command.end());
  return argv;
}

std::vector<std::pair<std::string, std::string>> MassifAdapter::Environment(
    const std::string& /*raw_stem*/) const {
  return {};
}

Measurement MassifAdapter::Parse(const std::string& raw_stem) const {
  return ParseMassifFile(OutputFile(raw_stem), MassifRunEnd::kNormalExit);
}

Measurement MassifAdapter::ParseUnfinished(const std::string& raw_stem) const {
  return ParseMassifFile(OutputFile(raw_stem), MassifRunEnd::kAny);
}

std::vector<std::string> MassifAdapter::RawFiles(
    const std::string& raw_stem) const {
  return {OutputFile(raw_stem)};
}

}  // namespace heapbound
