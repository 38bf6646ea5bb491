#pragma once

#include <string>

namespace heapbound {

// Returns the path of `program` in the directories of `path_variable` (a
// PATH value), or "" when it is not there or not executable. A name with a
// '/' is returned as it is when it is executable.
std::string FindProgram(const std::string& program,
                        const std::string& path_variable);

// Returns FindProgram over this process's $PATH.
std::string FindOnPath(const std::string& program);

// Returns true when `path` names an existing file.
bool FileExists(const std::string& path);

}  // namespace heapbound
