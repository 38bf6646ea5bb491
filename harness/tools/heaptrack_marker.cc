#include "heaptrack_marker.h"

#include <charconv>
#include <string_view>
#include <vector>

#include "zstd_line_reader.h"

namespace heapbound {
namespace {

constexpr std::string_view kMarkerFunction = "heapbound_reading_started";

// Reads the hex fields of a record after its letter; stops at the first
// field that is not hex (the text of an `s` record).
std::vector<std::uint64_t> HexFields(std::string_view line, std::size_t max) {
  std::vector<std::uint64_t> fields;
  std::size_t at = 1;
  while (fields.size() < max && at < line.size() && line[at] == ' ') {
    std::uint64_t value = 0;
    auto [ptr, ec] = std::from_chars(line.data() + at + 1,
                                     line.data() + line.size(), value, 16);
    if (ec != std::errc()) break;
    fields.push_back(value);
    at = static_cast<std::size_t>(ptr - line.data());
  }
  return fields;
}

class MarkerScan {
 public:
  void Line(std::string_view line) {
    if (line.empty()) return;
    switch (line[0]) {
      case 's':
        ++strings_;
        if (line.size() > kMarkerFunction.size() &&
            line.substr(line.size() - kMarkerFunction.size()) ==
                kMarkerFunction &&
            line[line.size() - kMarkerFunction.size() - 1] == ' ') {
          marker_string_ = strings_;
        }
        break;
      case 'i': {  // i <ip> <module> [<function> ...]
        std::vector<std::uint64_t> f = HexFields(line, 3);
        ips_.push_back(marker_string_ != 0 && f.size() == 3 &&
                       f[2] == marker_string_);
        break;
      }
      case 't': {  // t <ip> <parent>
        std::vector<std::uint64_t> f = HexFields(line, 1);
        bool marker =
            !f.empty() && f[0] >= 1 && f[0] <= ips_.size() && ips_[f[0] - 1];
        traces_.push_back(marker);
        break;
      }
      case 'a': {  // a <size> <trace>
        std::vector<std::uint64_t> f = HexFields(line, 2);
        if (f.size() != 2) return;
        sizes_.push_back(f[0]);
        marker_infos_.push_back(f[1] >= 1 && f[1] <= traces_.size() &&
                                traces_[f[1] - 1]);
        break;
      }
      case '+':
      case '-': {
        std::vector<std::uint64_t> f = HexFields(line, 1);
        if (f.empty() || f[0] >= sizes_.size()) return;
        Event(line[0] == '+', f[0]);
        break;
      }
      default:
        break;
    }
  }

  std::optional<ReadingMark> result() const { return mark_; }

 private:
  void Event(bool allocation, std::uint64_t info) {
    std::uint64_t size = sizes_[info];
    live_ = allocation ? live_ + size : live_ - size;
    if (!mark_) {
      if (allocation && marker_infos_[info]) {
        mark_ = ReadingMark{live_ - size, live_ - size};
        marker_live_ = size;
      }
      return;
    }
    if (!allocation && marker_live_ != 0 && marker_infos_[info]) {
      marker_live_ = 0;  // the marker's own byte is gone
      return;
    }
    std::uint64_t reader = live_ - marker_live_;
    if (reader > mark_->peak_after_mark_bytes)
      mark_->peak_after_mark_bytes = reader;
  }

  std::uint64_t strings_ = 0;
  std::uint64_t marker_string_ = 0;
  std::vector<bool> ips_;             // by ip index - 1: innermost is marker
  std::vector<bool> traces_;          // by trace index - 1
  std::vector<std::uint64_t> sizes_;  // by allocation info
  std::vector<bool> marker_infos_;
  std::uint64_t live_ = 0;
  std::uint64_t marker_live_ = 0;
  std::optional<ReadingMark> mark_;
};

}  // namespace

std::optional<ReadingMark> FindReadingMarker(const std::string& path) {
  ZstdLineReader reader(path);
  MarkerScan scan;
  reader.ForEachLine(
      [&scan](std::string_view line, std::size_t) { scan.Line(line); });
  return scan.result();
}

}  // namespace heapbound
