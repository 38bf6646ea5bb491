#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace heapbound {

// heapbound cannot write its own output files (out dir missing, read-only,
// full, locked by another run): an infrastructure error, exit 3. The
// message names the file and the system's reason.
class OutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Returns "<path>: <what>: <strerror(error)>".
std::string SystemErrorText(const std::string& path, std::string_view what,
                            int error);

// Writes `text` to `<path>.tmp` and renames it over `path`, checking every
// write and the close. On failure removes `<path>.tmp`, leaves `path` as it
// was and throws OutputError naming the file and strerror.
void WriteFileAtomically(const std::string& path, std::string_view text);

}  // namespace heapbound
