// Test-only cases, linked into heapbound-case-testing beside the real ones
// (never into heapbound-case): a reader that crashes, one that hangs, one
// that allocates without end and one whose stderr is not UTF-8, so the
// end-to-end tests can check how heapbound reports them.
#include <signal.h>
#include <unistd.h>

#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <vector>

#include "case_registry.h"
#include "file_reading.h"

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

// A planted regression for max_allocs: reads in 4096-byte chunks like
// chunk, but copies every line (or piece of one) into a fresh heap block
// before it feeds the digest. Its peak stays flat (one chunk and one line);
// its allocation calls grow with the lines.
void PerLineAlloc(const FileEntry& entry, ByteSink& sink) {
  OpenFile file(entry);
  std::vector<char> buffer(4096);
  while (std::size_t n = file.ReadSome(buffer.data(), buffer.size())) {
    const char* begin = buffer.data();
    const char* const end = begin + n;
    while (begin < end) {
      const void* newline = std::memchr(begin, '\n', end - begin);
      const char* stop = newline ? static_cast<const char*>(newline) + 1 : end;
      std::unique_ptr<char[]> line(new char[stop - begin]);
      std::memcpy(line.get(), begin, stop - begin);
      sink.Update(line.get(), stop - begin);
      begin = stop;
    }
  }
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
HEAPBOUND_CASE(per_line_alloc, heapbound::PerLineAlloc,
               "test only: chunked reads, one heap copy per line");
