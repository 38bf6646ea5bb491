// Streams each file line by line, like bufio.Reader or getline(3): a fixed
// 64 KiB read buffer plus one reused line buffer. Lines that lie whole in
// the read buffer are handed over in place; a line cut by a read boundary
// is assembled in the line buffer first, so the sink only ever receives
// complete lines, terminator included, and the digest is the file's. The
// line buffer doubles with realloc, so the peak stays under
// 2 * longest line + 64 KiB however long a line (64 MiB, no newline) is.
#include <string.h>  // memrchr

#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>

#include "case_registry.h"
#include "file_reading.h"

namespace heapbound {
namespace {

constexpr std::size_t kReadBufferSize = 64 * 1024;

// A line assembled from pieces of several reads; its capacity is always the
// smallest power of two that has held, so it stays under twice the longest
// line. Grows with realloc, like getline(3), so old and new never count
// twice in the heap.
class LineBuffer {
 public:
  LineBuffer() = default;
  ~LineBuffer() { std::free(data_); }
  LineBuffer(const LineBuffer&) = delete;
  LineBuffer& operator=(const LineBuffer&) = delete;

  bool empty() const { return size_ == 0; }
  const char* data() const { return data_; }
  std::size_t size() const { return size_; }
  void Clear() { size_ = 0; }

  void Append(const char* bytes, std::size_t count) {
    if (count > capacity_ - size_) Grow(size_ + count);
    std::memcpy(data_ + size_, bytes, count);
    size_ += count;
  }

 private:
  [[gnu::noinline]] void Grow(std::size_t needed) {
    std::size_t capacity = capacity_ == 0 ? 1 : capacity_;
    while (capacity < needed) {
      if (capacity > static_cast<std::size_t>(-1) / 2) throw std::bad_alloc();
      capacity *= 2;
    }
    void* grown = std::realloc(data_, capacity);
    if (grown == nullptr) throw std::bad_alloc();
    data_ = static_cast<char*>(grown);
    capacity_ = capacity;
  }

  char* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

void ReadLines(const FileEntry& entry, ByteSink& sink) {
  OpenFile file(entry);
  std::unique_ptr<char[]> buffer(new char[kReadBufferSize]);
  LineBuffer line;
  while (std::size_t n = file.ReadSome(buffer.get(), kReadBufferSize)) {
    const char* begin = buffer.get();
    const char* const end = begin + n;
    if (!line.empty()) {
      // Completes the line an earlier read began, if this read ends it.
      const void* newline = std::memchr(begin, '\n', n);
      if (newline == nullptr) {
        line.Append(begin, n);
        continue;
      }
      const char* stop = static_cast<const char*>(newline) + 1;
      line.Append(begin, stop - begin);
      sink.Update(line.data(), line.size());
      line.Clear();
      begin = stop;
    }
    // Hands the complete lines that lie whole in the read buffer over in
    // place, side by side in one call: the digest sees the same bytes, and
    // a call per line would time the hash's call overhead, not the reader.
    const void* last = ::memrchr(begin, '\n', end - begin);
    const char* rest = last ? static_cast<const char*>(last) + 1 : begin;
    if (rest > begin) sink.Update(begin, rest - begin);
    // Keeps the unfinished last line for the next read.
    if (rest < end) line.Append(rest, end - rest);
  }
  // Delivers the last line of a file that does not end in a newline.
  if (!line.empty()) sink.Update(line.data(), line.size());
}

}  // namespace
}  // namespace heapbound

HEAPBOUND_CASE(line_stream, heapbound::ReadLines,
               "line by line: 64 KiB read buffer + one reused line buffer");
