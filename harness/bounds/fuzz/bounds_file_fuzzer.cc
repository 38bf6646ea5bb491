// Fuzzes the bounds file parser (ParseBoundsFile) with the vocabulary of
// the default suite: any text either parses or raises ConfigError naming
// the file; anything else escaping (toml++ or BoundSyntaxError included) is
// a crash.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "bounds_file.h"
#include "config_error.h"
#include "fuzz_check.h"

namespace {

constexpr char kPath[] = "fuzz/bounds.toml";

const heapbound::BoundsVocabulary& Vocabulary() {
  static const heapbound::BoundsVocabulary vocabulary = [] {
    heapbound::BoundsVocabulary v;
    v.cases = {"baseline",         "chunk",
               "line_stream",      "mmap",
               "whole_file_exact", "whole_file_readall"};
    v.tools = {"massif", "heaptrack", "track"};
    v.exact_tools = v.tools;
    v.is_profile = [](const std::string& name) {
      static const std::set<std::string> kProfiles = {
          "tiny",     "small",     "seed",      "edge",      "ladder-1",
          "ladder-4", "ladder-16", "ladder-64", "ladder-256"};
      return kProfiles.count(name) != 0;
    };
    return v;
  }();
  return vocabulary;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  heapbound::BoundsFile file;
  try {
    file = heapbound::ParseBoundsFile(text, kPath, Vocabulary());
  } catch (const heapbound::ConfigError& error) {
    HEAPBOUND_FUZZ_CHECK(heapbound::NamesFile(error.what(), kPath),
                         "error without the file name: {}", error.what());
    return 0;
  }
  for (const heapbound::CaseBound& bound : file.cases) {
    HEAPBOUND_FUZZ_CHECK(file.Find(bound.name) == &bound,
                         "case '{}' appears twice", bound.name);
  }
  return 0;
}
