#include "case_registry.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace heapbound {

namespace {

constexpr std::size_t kMaxCases = 256;

struct Registry {
  Case cases[kMaxCases];
  std::size_t count;
};

// Zero-initialised before any dynamic initialiser runs, so registration
// order across translation units does not matter.
Registry g_registry;

bool IsValidName(const char* name) {
  if (*name == '\0') return false;
  for (const char* p = name; *p; ++p) {
    bool ok = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_';
    if (!ok) return false;
  }
  return true;
}

// Hands every walked file to the reader between BeginFile and EndFile.
class CaseVisitor : public FileVisitor {
 public:
  CaseVisitor(const Case& reader, TreeDigest& digest)
      : reader_(reader), digest_(digest), sink_(digest) {}

  void Visit(const FileEntry& file) override {
    digest_.BeginFile(file.relative);
    reader_.read(file, sink_);
    digest_.EndFile();
  }

 private:
  const Case& reader_;
  TreeDigest& digest_;
  ByteSink sink_;
};

}  // namespace

void RunCaseOverTree(const Case& reader, const char* root, TreeDigest& digest) {
  CaseVisitor visitor(reader, digest);
  WalkTree(root, visitor);
}

bool RegisterCase(const char* name, ReadFileFn read, const char* summary) {
  if (!IsValidName(name)) {
    std::fprintf(stderr, "heapbound: case name '%s' must match [a-z0-9_]+\n",
                 name);
    std::abort();
  }
  if (FindCase(name) != nullptr) {
    std::fprintf(stderr, "heapbound: case '%s' is registered twice\n", name);
    std::abort();
  }
  if (g_registry.count == kMaxCases) {
    std::fprintf(stderr, "heapbound: more than %zu cases\n", kMaxCases);
    std::abort();
  }
  g_registry.cases[g_registry.count++] = Case{name, read, summary};
  return true;
}

std::size_t CaseCount() { return g_registry.count; }

const Case& CaseAt(std::size_t index) { return g_registry.cases[index]; }

const Case* FindCase(const char* name) {
  for (std::size_t i = 0; i < g_registry.count; ++i) {
    if (std::strcmp(g_registry.cases[i].name, name) == 0)
      return &g_registry.cases[i];
  }
  return nullptr;
}

}  // namespace heapbound
