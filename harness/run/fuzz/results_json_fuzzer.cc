// Fuzzes the one results.json reader (ReadResults): any bytes either parse
// into typed rows or raise ResultsError naming the file; anything else
// escaping (nlohmann's own exceptions included) is a crash.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <tuple>

#include "fuzz_check.h"
#include "results_reader.h"

namespace {

constexpr char kPath[] = "fuzz/results.json";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  heapbound::ResultsFile file;
  try {
    file = heapbound::ReadResults(text, kPath);
  } catch (const heapbound::ResultsError& error) {
    HEAPBOUND_FUZZ_CHECK(heapbound::NamesFile(error.what(), kPath),
                         "error without the file name: {}", error.what());
    return 0;
  }
  // The reader promises unique (case, fixture, tool) rows.
  std::set<std::tuple<std::string, std::string, std::string>> seen;
  for (const heapbound::ResultRow& row : file.results) {
    HEAPBOUND_FUZZ_CHECK(
        seen.insert({row.case_name, row.fixture, row.tool}).second,
        "row {}.{}.{} appears twice", row.case_name, row.fixture, row.tool);
  }
  return 0;
}
