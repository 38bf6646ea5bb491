#pragma once

#include <string>

namespace heapbound {

// Reads the whole file at `path` into `text`. Returns false and says why in
// `reason` ("is a directory", "cannot open: No such file or directory",
// "cannot read: ...") when it cannot; a directory never reads as empty.
bool ReadWholeFile(const std::string& path, std::string* text,
                   std::string* reason);

}  // namespace heapbound
