// Test-only cases, linked into heapbound-case-testing beside the real ones
// (never into heapbound-case): a reader that crashes, one that hangs and one
// that allocates without end, so the end-to-end tests can check how
// heapbound reports them.
#include <signal.h>
#include <unistd.h>

#include <cstddef>
#include <vector>

#include "case_registry.h"

namespace heapbound {
namespace {

void Segfault(const FileEntry& /*file*/, ByteSink& /*sink*/) { raise(SIGSEGV); }

void Hang(const FileEntry& /*file*/, ByteSink& /*sink*/) {
  for (;;) pause();
}

// Holds 64 MiB blocks (never touched, so they cost no RSS) until operator
// new throws: a regression far beyond any bound, stopped by the memory cap.
void Hog(const FileEntry& /*file*/, ByteSink& /*sink*/) {
  constexpr std::size_t kBlock = std::size_t{64} << 20;
  std::vector<char*> blocks;
  blocks.reserve(1024);
  for (;;) blocks.push_back(new char[kBlock]);
}

}  // namespace
}  // namespace heapbound

HEAPBOUND_CASE(segfault, heapbound::Segfault,
               "test only: dies of SIGSEGV on the first file");
HEAPBOUND_CASE(hang, heapbound::Hang,
               "test only: never returns from the first file");
HEAPBOUND_CASE(hog, heapbound::Hog,
               "test only: allocates 64 MiB blocks until the memory cap");
