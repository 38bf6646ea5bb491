// Streams each file line by line, like bufio.Reader or getline(3): a fixed
// read buffer plus one reused line buffer that only holds a line split
// across reads. Every line reaches the sink whole, terminator included, so
// the digest is the file's. The peak is the read buffer plus the line
// buffer, which doubles with realloc: < 2 * longest line + 16 KiB.
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>

#include "case_registry.h"
#include "file_reading.h"

namespace heapbound {
namespace {

constexpr std::size_t kReadBufferSize = 16 * 1024;

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
    while (begin < end) {
      const void* newline = std::memchr(begin, '\n', end - begin);
      if (newline == nullptr) {
        line.Append(begin, end - begin);
        break;
      }
      const char* stop = static_cast<const char*>(newline) + 1;
      if (line.empty()) {
        // Hands over a line that lies whole in the read buffer in place.
        sink.Update(begin, stop - begin);
      } else {
        line.Append(begin, stop - begin);
        sink.Update(line.data(), line.size());
        line.Clear();
      }
      begin = stop;
    }
  }
  // Delivers the last line of a file that does not end in a newline.
  if (!line.empty()) sink.Update(line.data(), line.size());
}

}  // namespace
}  // namespace heapbound

HEAPBOUND_CASE(line_stream, heapbound::ReadLines,
               "line by line: 16 KiB read buffer + one reused line buffer");
