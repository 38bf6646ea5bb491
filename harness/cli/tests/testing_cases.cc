// Test-only cases, linked into heapbound-case-testing beside the real ones
// (never into heapbound-case): a reader that crashes and one that hangs, so
// the end-to-end tests can check that heapbound reports them as errors.
#include <signal.h>
#include <unistd.h>

#include "case_registry.h"

namespace heapbound {
namespace {

void Segfault(const FileEntry& /*file*/, ByteSink& /*sink*/) { raise(SIGSEGV); }

void Hang(const FileEntry& /*file*/, ByteSink& /*sink*/) {
  for (;;) pause();
}

}  // namespace
}  // namespace heapbound

HEAPBOUND_CASE(segfault, heapbound::Segfault,
               "test only: dies of SIGSEGV on the first file");
HEAPBOUND_CASE(hang, heapbound::Hang,
               "test only: never returns from the first file");
