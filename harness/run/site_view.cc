#include "site_view.h"

#include <fmt/format.h>

#include <string_view>

namespace heapbound {
namespace {

// At most this many stack lines; a longer stack keeps its first two and
// its last ones, where the user frame is.
constexpr std::size_t kMaxStack = 8;
constexpr std::size_t kStackHead = 2;
// Frames shown after the first one when no frame is the user's.
constexpr std::size_t kFramesWithoutUser = 3;

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() &&
         text.substr(text.size() - suffix.size()) == suffix;
}

// Returns the index of the '>' closing the '<' at `open`, or npos.
std::size_t ClosingAngle(const std::string& text, std::size_t open) {
  int depth = 0;
  for (std::size_t i = open; i < text.size(); ++i) {
    if (text[i] == '<') ++depth;
    if (text[i] == '>' && --depth == 0) return i;
  }
  return std::string::npos;
}

// Replaces every outermost template argument list with "<...>"; leaves the
// name as it is when the brackets do not match (operator<, operator>>).
std::string FoldTemplates(const std::string& name) {
  std::string folded;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (name[i] != '<' || EndsWith(folded, "operator") ||
        EndsWith(folded, "operator<")) {
      folded += name[i];
      continue;
    }
    std::size_t close = ClosingAngle(name, i);
    if (close == std::string::npos) return name;
    folded += "<...>";
    i = close;
  }
  return folded;
}

std::string StripParameters(std::string name) {
  for (bool stripped = true; stripped;) {
    stripped = false;
    for (const char* qualifier : {" const", " volatile", " &&", " &"}) {
      if (EndsWith(name, qualifier)) {
        name.resize(name.size() - std::string_view(qualifier).size());
        stripped = true;
      }
    }
  }
  if (name.empty() || name.back() != ')') return name;
  int depth = 0;
  for (std::size_t i = name.size(); i-- > 0;) {
    if (name[i] == ')') ++depth;
    if (name[i] == '(' && --depth == 0) {
      if (i > 0) name.resize(i);
      break;
    }
  }
  return name;
}

// Returns true for massif's "in 4 places, all below massif's threshold
// (1.00%)": small allocations summed up, not a function.
bool IsBelowThreshold(const Frame& frame) {
  return frame.file.empty() && frame.function.rfind("in ", 0) == 0 &&
         frame.function.find("below massif's threshold") != std::string::npos;
}

// Drops a return type ("void std::vector<...>::_M_realloc_insert<...>"):
// keeps what follows the last space outside brackets, unless that space
// belongs to "operator new" and the like.
std::string DropReturnType(const std::string& name) {
  int depth = 0;
  std::size_t cut = std::string::npos;
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if (c == '(' || c == '<') ++depth;
    if ((c == ')' || c == '>') && depth > 0) --depth;
    if (c == ' ' && depth == 0 && !EndsWith(name.substr(0, i), "operator"))
      cut = i;
  }
  return cut == std::string::npos ? name : name.substr(cut + 1);
}

std::string FrameLine(const Frame& frame, const SourceTree& tree) {
  if (IsBelowThreshold(frame)) return frame.function;
  return fmt::format("{}  {}", ShortFunction(frame.function),
                     FrameLocation(frame, tree));
}

// Returns the stack lines of frames [first, last].
std::vector<std::string> StackLines(const std::vector<Frame>& frames,
                                    std::size_t first, std::size_t last,
                                    const SourceTree& tree) {
  std::vector<std::string> lines;
  std::size_t count = last - first + 1;
  for (std::size_t i = first; i <= last; ++i) {
    bool hidden = count > kMaxStack && i >= first + kStackHead &&
                  i <= last - (kMaxStack - kStackHead - 1);
    if (!hidden) {
      lines.push_back(FrameLine(frames[i], tree));
    } else if (i == first + kStackHead) {
      lines.push_back(fmt::format("... {} more frames", count - kMaxStack + 1));
    }
  }
  return lines;
}

}  // namespace

std::string SiteView::Headline() const {
  std::string text =
      location == "??" ? function : fmt::format("{}  {}", location, function);
  if (!via.empty()) text += "  <- via " + via;
  return text;
}

std::string ShortFunction(const std::string& function) {
  if (function.empty()) return "??";
  return DropReturnType(FoldTemplates(StripParameters(function)));
}

std::string FrameLocation(const Frame& frame, const SourceTree& tree) {
  if (frame.file.empty()) return "??";
  std::string where = tree.ProjectPath(frame.file).value_or(frame.file);
  if (frame.line > 0) where += fmt::format(":{}", frame.line);
  return where;
}

SiteView ViewOf(const AllocationSite& site, const SourceTree& tree) {
  SiteView view;
  const std::vector<Frame>& frames = site.frames;
  if (frames.empty()) {
    view.location = view.function = "??";
    return view;
  }
  std::size_t first = 0;
  while (first < frames.size() && IsAllocatorFrame(frames[first])) ++first;
  if (first == frames.size()) first = 0;  // only the allocator: show it
  view.user_frame = UserFrame(site, tree);
  std::size_t shown = view.user_frame.value_or(first);
  const Frame& frame = frames[shown];
  if (IsBelowThreshold(frame)) {
    view.location = "??";
    view.function = frame.function;
    return view;
  }
  if (view.user_frame) view.project_path = tree.ProjectPath(frame.file);
  view.line = frame.line;
  view.location = FrameLocation(frame, tree);
  view.function = ShortFunction(frame.function);
  if (view.user_frame && shown > first)
    view.via = ShortFunction(frames[shown - 1].function);
  std::size_t last =
      view.user_frame ? shown + 1 : first + kFramesWithoutUser - 1;
  if (last >= frames.size()) last = frames.size() - 1;
  view.stack = StackLines(frames, first, last, tree);
  return view;
}

}  // namespace heapbound
