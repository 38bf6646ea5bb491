// Fuzzes the massif.out parser (ParseMassifFile): any bytes either parse
// into a consistent measurement or raise ToolOutputError naming the file.
// Anything else escaping (std::length_error, bad_alloc, ...) is a crash.
#include <cstddef>
#include <cstdint>

#include "fuzz_check.h"
#include "fuzz_input_file.h"
#include "massif.h"
#include "measurement_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  static heapbound::FuzzInputFile file;
  const std::string& path = file.Write(data, size);
  return heapbound::FuzzToolOutput(path, [](const std::string& input) {
    return heapbound::ParseMassifFile(input);
  });
}
