// Fuzzes the heaptrack trace reader (ReadHeaptrackTrace) on the text of a
// trace: the input is compressed with libzstd first, so every input reaches
// the record parser (`s`, `i`, `t`, `a`, `+`, `-` lines). Parsed traces must
// give a consistent measurement; anything but ToolOutputError naming the
// file escaping is a crash.
#include <zstd.h>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "fuzz_check.h"
#include "fuzz_input_file.h"
#include "heaptrack_trace.h"
#include "measurement_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  static heapbound::FuzzInputFile file;
  static std::vector<std::uint8_t> compressed;
  // Reuses one compression context: a fresh one per input costs more than
  // the parse.
  static ZSTD_CCtx* const context = ZSTD_createCCtx();
  compressed.resize(ZSTD_compressBound(size));
  std::size_t packed = ZSTD_compressCCtx(context, compressed.data(),
                                         compressed.size(), data, size, 1);
  HEAPBOUND_FUZZ_CHECK(!ZSTD_isError(packed), "ZSTD_compress: {}",
                       ZSTD_getErrorName(packed));
  const std::string& path = file.Write(compressed.data(), packed);
  return heapbound::FuzzToolOutput(path, heapbound::ReadHeaptrackTrace);
}
