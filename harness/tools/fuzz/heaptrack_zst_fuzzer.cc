// Fuzzes the heaptrack trace reader (ReadHeaptrackTrace) on raw bytes: the
// zstd layer first (corrupt, truncated, concatenated frames). Anything but
// ToolOutputError naming the file escaping is a crash. heaptrack_text
// reaches the record parser behind it.
#include <cstddef>
#include <cstdint>

#include "fuzz_check.h"
#include "fuzz_input_file.h"
#include "heaptrack_trace.h"
#include "measurement_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  static heapbound::FuzzInputFile file;
  const std::string& path = file.Write(data, size);
  return heapbound::FuzzToolOutput(path, heapbound::ReadHeaptrackTrace);
}
