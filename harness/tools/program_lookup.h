#pragma once

#include <string>

namespace heapbound {

// Returns the full path of `program` found in the directories of $PATH, or
// an empty string when it is not there (or not executable).
std::string FindOnPath(const std::string& program);

// Returns true when `path` names an existing file.
bool FileExists(const std::string& path);

}  // namespace heapbound
