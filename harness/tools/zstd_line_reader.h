#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace heapbound {

// Streams the lines of a zstd-compressed text file (a heaptrack trace) in
// constant memory, from a file or from bytes held in memory. Refuses zstd
// windows above 16 MiB and lines above 16 MiB instead of allocating them.
// Throws ToolOutputError naming the file and line.
class ZstdLineReader {
 public:
  using LineFn = std::function<void(std::string_view line, std::size_t number)>;

  // Opens `path`; throws ToolOutputError when it cannot.
  explicit ZstdLineReader(const std::string& path);
  // Reads compressed bytes held in memory; `name` stands for the file.
  ZstdLineReader(std::string_view data, const std::string& name);

  // Decompresses everything from the start, calling `fn` for each line
  // (without its newline); returns the number of decompressed bytes.
  std::uint64_t ForEachLine(const LineFn& fn);
  // True when the last line of the last pass had no newline.
  bool last_line_unterminated() const { return last_line_unterminated_; }

 private:
  // Splits decompressed bytes into lines, keeping an unfinished one.
  void SplitLines(std::string_view chunk, const LineFn& fn);
  void Rewind();
  std::size_t Read(char* buffer, std::size_t size);

  std::string path_;
  std::unique_ptr<std::FILE, decltype(&std::fclose)> file_;
  std::string_view data_;
  std::size_t data_pos_ = 0;
  std::string partial_;
  std::size_t number_ = 0;
  bool last_line_unterminated_ = false;
};

}  // namespace heapbound
