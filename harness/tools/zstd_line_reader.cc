#include "zstd_line_reader.h"

#include <fmt/format.h>
#include <zstd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include "tool_adapter.h"

namespace heapbound {
namespace {

// heaptrack's `zstd -c` uses windows of at most 8 MiB (level 19); larger
// ones are refused instead of allocated.
constexpr int kMaxWindowLog = 24;
// Longer lines (a string record of a huge symbol) are refused, so a line
// without a newline cannot grow without bound.
constexpr std::size_t kMaxLineBytes = std::size_t{16} << 20;

}  // namespace

ZstdLineReader::ZstdLineReader(const std::string& path)
    : path_(path), file_(std::fopen(path.c_str(), "rb"), &std::fclose) {
  if (!file_) {
    throw ToolOutputError(fmt::format(
        "{}: cannot open heaptrack trace ({}); expected the .zst file "
        "`heaptrack -o` writes when the run ends",
        path, std::strerror(errno)));
  }
}

ZstdLineReader::ZstdLineReader(std::string_view data, const std::string& name)
    : path_(name), file_(nullptr, &std::fclose), data_(data) {}

std::uint64_t ZstdLineReader::ForEachLine(const LineFn& fn) {
  std::unique_ptr<ZSTD_DStream, decltype(&ZSTD_freeDStream)> stream(
      ZSTD_createDStream(), &ZSTD_freeDStream);
  if (!stream) throw ToolOutputError(path_ + ": cannot create zstd stream");
  ZSTD_initDStream(stream.get());
  ZSTD_DCtx_setParameter(stream.get(), ZSTD_d_windowLogMax, kMaxWindowLog);
  std::vector<char> in(ZSTD_DStreamInSize());
  std::vector<char> out(ZSTD_DStreamOutSize());
  std::uint64_t total = 0;
  std::size_t last_hint = 0;
  Rewind();
  while (std::size_t got = Read(in.data(), in.size())) {
    ZSTD_inBuffer input{in.data(), got, 0};
    while (input.pos < input.size) {
      ZSTD_outBuffer output{out.data(), out.size(), 0};
      last_hint = ZSTD_decompressStream(stream.get(), &output, &input);
      if (ZSTD_isError(last_hint)) {
        throw ToolOutputError(
            fmt::format("{}: corrupt zstd data after line {}: {}; expected a "
                        "zstd-compressed heaptrack trace",
                        path_, number_, ZSTD_getErrorName(last_hint)));
      }
      total += output.pos;
      SplitLines(std::string_view(out.data(), output.pos), fn);
    }
  }
  if (file_ && std::ferror(file_.get())) {
    throw ToolOutputError(path_ + ": read error: " + std::strerror(errno));
  }
  if (last_hint != 0) {
    throw ToolOutputError(fmt::format(
        "{}:{}: unexpected end of the zstd stream (truncated heaptrack "
        "trace?)",
        path_, number_ + 1));
  }
  if (!partial_.empty()) {
    last_line_unterminated_ = true;
    fn(partial_, ++number_);
  }
  return total;
}

void ZstdLineReader::SplitLines(std::string_view chunk, const LineFn& fn) {
  while (!chunk.empty()) {
    std::size_t newline = chunk.find('\n');
    if (newline == std::string_view::npos) {
      if (partial_.size() + chunk.size() > kMaxLineBytes) {
        throw ToolOutputError(fmt::format(
            "{}:{}: a line longer than {} bytes; expected heaptrack records "
            "ended by newlines",
            path_, number_ + 1, kMaxLineBytes));
      }
      partial_.append(chunk);
      return;
    }
    ++number_;
    if (partial_.empty()) {
      fn(chunk.substr(0, newline), number_);
    } else {
      partial_.append(chunk.substr(0, newline));
      fn(partial_, number_);
      partial_.clear();
    }
    chunk.remove_prefix(newline + 1);
  }
}

void ZstdLineReader::Rewind() {
  if (file_) std::rewind(file_.get());
  data_pos_ = 0;
  partial_.clear();
  number_ = 0;
  last_line_unterminated_ = false;
}

std::size_t ZstdLineReader::Read(char* buffer, std::size_t size) {
  if (file_) return std::fread(buffer, 1, size, file_.get());
  std::size_t got = std::min(size, data_.size() - data_pos_);
  std::memcpy(buffer, data_.data() + data_pos_, got);
  data_pos_ += got;
  return got;
}

}  // namespace heapbound
