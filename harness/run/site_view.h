#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "measurement.h"
#include "user_frame.h"

namespace heapbound {

// How one allocation site reads wherever heapbound shows it (terminal,
// junit.xml, summary.md, CI annotations): the user's own frame first,
// with the library function it called, then the stack.
struct SiteView {
  std::optional<std::size_t> user_frame;  // index into the site's frames
  // The project file of the user frame ("cases/chunk.cc"), when it is in
  // the source tree; annotations need it.
  std::optional<std::string> project_path;
  int line = 0;          // of the user frame (or the first shown), 0: unknown
  std::string location;  // "cases/chunk.cc:15", "??" when unknown
  std::string function;  // short name: no parameters, templates as <...>
  std::string via;       // the library function the user frame called, or ""
  // "function  location" lines from the first frame that is not the
  // allocator through the user frame's caller, innermost first.
  std::vector<std::string> stack;

  // Returns "cases/chunk.cc:15  ReadInChunks  <- via std::vector<...>::
  // push_back" (without the via part when there is none).
  std::string Headline() const;
};

// Describes `site`. Without a user frame the first frame that is not the
// allocator's takes its place.
SiteView ViewOf(const AllocationSite& site,
                const SourceTree& tree = ProjectSourceTree());

// Returns the function without its parameter list and with template
// arguments folded: "std::vector<char, std::allocator<char> >::push_back(
// char const&)" becomes "std::vector<...>::push_back".
std::string ShortFunction(const std::string& function);

// Returns "file:line" with the file relative to the tree when it is one of
// its files; "??" when the file is unknown.
std::string FrameLocation(const Frame& frame, const SourceTree& tree);

}  // namespace heapbound
