#pragma once

#include <string>
#include <vector>

#include "bounds_file.h"
#include "fixture_cache.h"

namespace heapbound {

// A case as `heapbound-case --list` prints it.
struct CaseInfo {
  std::string name;
  std::string summary;
};

// Returns the case driver to run: `flag` when set, else the environment
// variable HEAPBOUND_CASE_DRIVER (test-only drivers), else the built
// heapbound-case.
std::string ResolveDriver(const std::string& flag);

// Runs `driver --list`. Throws std::runtime_error when the driver is missing
// or fails (an infrastructure error: exit 3).
std::vector<CaseInfo> ListDriverCases(const std::string& driver);

// What bounds.toml may name: the driver's cases, the tools, the profiles.
BoundsVocabulary MakeVocabulary(const std::vector<CaseInfo>& cases,
                                const ProfileCatalog& catalog);

}  // namespace heapbound
