#include "user_frame.h"

#include <filesystem>
#include <string_view>
#include <utility>

#include "default_paths.h"

namespace heapbound {
namespace {

namespace fs = std::filesystem;

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

bool Contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

// Returns true for functions of the C++ standard library, whatever file
// the tool names (massif without full paths says "stl_vector.h").
bool IsLibraryFunction(const std::string& function) {
  for (const char* prefix : {"std::", "__gnu_cxx::", "__cxxabiv1::"}) {
    if (StartsWith(function, prefix)) return true;
  }
  return false;
}

bool IsRegularFile(const fs::path& path) {
  std::error_code ignored;
  return fs::is_regular_file(path, ignored);
}

// Returns the path made absolute against nothing but itself, with links
// resolved where they exist, so two spellings of one folder compare equal.
fs::path Canonical(const std::string& path) {
  std::error_code error;
  fs::path canonical = fs::weakly_canonical(path, error);
  return error ? fs::path(path).lexically_normal() : canonical;
}

// Returns `path` relative to `base` when it lies inside it, else empty.
fs::path Inside(const fs::path& path, const fs::path& base) {
  fs::path relative = path.lexically_relative(base);
  if (relative.empty() || *relative.begin() == "..") return fs::path();
  return relative;
}

}  // namespace

SourceTree::SourceTree(std::string root)
    : root_(root.empty() ? root : Canonical(root).lexically_normal().string()) {
  while (root_.size() > 1 && root_.back() == '/') root_.pop_back();
}

std::optional<std::string> SourceTree::ProjectPath(
    const std::string& file) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto found = cache_.find(file);
  if (found != cache_.end()) return found->second;
  std::optional<std::string> resolved = Resolve(file);
  cache_.emplace(file, resolved);
  return resolved;
}

std::optional<std::string> SourceTree::Resolve(const std::string& file) const {
  if (file.empty() || root_.empty() || IsSystemFile(file)) return {};
  fs::path path = fs::path(file).lexically_normal();
  fs::path root(root_);
  if (path.is_absolute()) {
    fs::path relative = Inside(path, root);
    if (!relative.empty() && IsRegularFile(root / relative))
      return relative.generic_string();
  }
  // Tries the tails of the path, longest first: "a/b/cases/x.cc",
  // "b/cases/x.cc", "cases/x.cc", "x.cc".
  std::vector<fs::path> parts;
  for (const fs::path& part : path) {
    if (part.empty() || part == "/" || part == "." || part == "..") continue;
    parts.push_back(part);
  }
  for (std::size_t first = 0; first < parts.size(); ++first) {
    fs::path tail;
    for (std::size_t i = first; i < parts.size(); ++i) tail /= parts[i];
    if (IsRegularFile(root / tail)) return tail.generic_string();
  }
  return {};
}

const SourceTree& ProjectSourceTree() {
  static const SourceTree tree(DefaultPaths::SourceDir());
  return tree;
}

bool IsAllocatorFrame(const Frame& frame) {
  static const char* const kExact[] = {
      "malloc",         "calloc",        "realloc",  "free",   "reallocarray",
      "posix_memalign", "aligned_alloc", "memalign", "valloc", "pvalloc"};
  static const char* const kPrefixes[] = {
      "operator new",         "__libc_",        "__gnu_cxx::new_allocator",
      "std::__new_allocator", "std::allocator", "std::allocator_traits"};
  std::string name = frame.function.substr(0, frame.function.find('('));
  for (const char* exact : kExact) {
    if (name == exact) return true;
  }
  for (const char* prefix : kPrefixes) {
    if (StartsWith(name, prefix)) return true;
  }
  return false;
}

bool IsSystemFile(const std::string& file) {
  for (const char* prefix : {"/usr/", "/lib/", "/lib64/", "/lib32/"}) {
    if (StartsWith(file, prefix)) return true;
  }
  // glibc's and GCC's own sources, as their debug info names them
  // ("../sysdeps/x86_64/start.S", "../../../../libstdc++-v3/...").
  for (const char* part : {"sysdeps/", "libstdc++", "libsupc++", "/c++/"}) {
    if (Contains(file, part)) return true;
  }
  return false;
}

std::optional<std::size_t> UserFrame(const AllocationSite& site,
                                     const SourceTree& tree) {
  const std::vector<Frame>& frames = site.frames;
  for (std::size_t i = 0; i < frames.size(); ++i) {
    if (!IsAllocatorFrame(frames[i]) && tree.ProjectPath(frames[i].file))
      return i;
  }
  // No file of the tree (results from another machine, or the tree is
  // gone): the first frame with a line in a file that is not the system's.
  for (std::size_t i = 0; i < frames.size(); ++i) {
    const Frame& frame = frames[i];
    if (!IsAllocatorFrame(frame) && !IsLibraryFunction(frame.function) &&
        frame.line > 0 && !frame.file.empty() && !IsSystemFile(frame.file)) {
      return i;
    }
  }
  return {};
}

std::string RepoPath(const std::string& project_path, const SourceTree& tree,
                     const std::string& repo_root) {
  if (repo_root.empty() || tree.root().empty()) return project_path;
  fs::path file = (fs::path(tree.root()) / project_path).lexically_normal();
  fs::path relative = Inside(file, Canonical(repo_root));
  return relative.empty() ? project_path : relative.generic_string();
}

}  // namespace heapbound
