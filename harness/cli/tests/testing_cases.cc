// Test-only cases, linked into heapbound-case-testing beside the real ones
// (never into heapbound-case): a reader that crashes, one that hangs, one
// that allocates without end and one whose stderr is not UTF-8, so the
// end-to-end tests can check how heapbound reports them.
#include <signal.h>
#include <unistd.h>

#include <cstddef>
#include <cstdio>
#include <cstdlib>
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

// Fails with a stderr that is not UTF-8 (\351 is Latin-1 e-acute) and holds
// control characters; the message that quotes it must still reach
// results.json and junit.xml.
void BadUtf8Stderr(const FileEntry& /*file*/, ByteSink& /*sink*/) {
  std::fputs("caf\351 \x01\x1b[0m cannot read\n", stderr);
  std::fflush(stderr);
  std::_Exit(1);
}

}  // namespace
}  // namespace heapbound

HEAPBOUND_CASE(segfault, heapbound::Segfault,
               "test only: dies of SIGSEGV on the first file");
HEAPBOUND_CASE(hang, heapbound::Hang,
               "test only: never returns from the first file");
HEAPBOUND_CASE(bad_utf8_stderr, heapbound::BadUtf8Stderr,
               "test only: exits 1 with a stderr that is not UTF-8");
HEAPBOUND_CASE(hog, heapbound::Hog,
               "test only: allocates 64 MiB blocks until the memory cap");
