#include "heaptrack_trace.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "timeline_sampler.h"
#include "zstd_line_reader.h"

namespace heapbound {
namespace {

/* The heaptrack 1.4 trace, after heaptrack_interpret (file format version
 * 3), one record per line, numbers in lower-case hex:
 *
 *   v <heaptrack version> <file format version>
 *   X <command line>               I <page size> <pages>
 *   s <length> <text>              string; strings count from 1
 *   i <ip> <module> [<function> [<file> <line> [<function> <file> <line>]...]]
 *                                  instruction pointer; ips count from 1;
 *                                  module/function/file are string indices
 *                                  (0 = unknown); the first frame is the
 *                                  innermost, further triples the functions
 *                                  it was inlined into, innermost first
 *   t <ip> <parent trace>          trace node; traces count from 1, 0 = root
 *   a <size> <trace>               allocation info; counts from 0
 *   + <allocation info>            an allocation of that size and stack
 *   - <allocation info>            a free of one such allocation
 *   c <milliseconds>  R <rss pages>  A  # comment
 *   # strings: <n>                 the trailer heaptrack_interpret writes
 *   # ips: <n>                     last (decimal counts of s and i records)
 *
 * (Indices verified against heaptrack_print on known programs: the first
 * `t` is trace 1, the first `a` is info 0.) Other record letters are
 * skipped, as heaptrack's own reader does.
 */
/* Checks the trailer heaptrack_interpret writes when its input ends:
 * `# strings: <n>` and `# ips: <n>` as the last lines, with n the counts of
 * `s` and `i` records. A trace cut at any line boundary lacks it. */
class TrailerCheck {
 public:
  void Line(std::string_view line, std::size_t number) {
    if (line.empty()) return;
    if (line[0] == 's') ++strings_;
    if (line[0] == 'i') ++ips_;
    if (line.rfind(kStrings, 0) == 0) {
      claimed_strings_ = ParseDecimal(line.substr(kStrings.size()));
      claimed_ips_.reset();
      line_ = number;
      return;
    }
    if (line.rfind(kIps, 0) == 0 && claimed_strings_ && !claimed_ips_) {
      claimed_ips_ = ParseDecimal(line.substr(kIps.size()));
      if (claimed_ips_) return;
    }
    claimed_strings_.reset();
    claimed_ips_.reset();
  }

  // Throws unless the trailer ended the trace and its counts match.
  void Check(const std::string& path, std::size_t lines,
             bool unterminated) const {
    if (!claimed_strings_ || !claimed_ips_ || unterminated) {
      throw ToolOutputError(fmt::format(
          "{}:{}: truncated trace: expected the trailer '# strings: <n>' and "
          "'# ips: <n>' that heaptrack_interpret writes last, each ended by "
          "a newline",
          path, lines));
    }
    if (*claimed_strings_ != strings_ || *claimed_ips_ != ips_) {
      throw ToolOutputError(fmt::format(
          "{}:{}: truncated trace: the trailer counts {} strings and {} ips, "
          "but the trace holds {} 's' and {} 'i' records",
          path, line_, *claimed_strings_, *claimed_ips_, strings_, ips_));
    }
  }

 private:
  static constexpr std::string_view kStrings = "# strings: ";
  static constexpr std::string_view kIps = "# ips: ";

  static std::optional<std::uint64_t> ParseDecimal(std::string_view text) {
    std::uint64_t value = 0;
    auto [ptr, ec] =
        std::from_chars(text.data(), text.data() + text.size(), value, 10);
    if (ec != std::errc() || ptr != text.data() + text.size() || text.empty()) {
      return std::nullopt;
    }
    return value;
  }

  std::uint64_t strings_ = 0;
  std::uint64_t ips_ = 0;
  std::optional<std::uint64_t> claimed_strings_;
  std::optional<std::uint64_t> claimed_ips_;
  std::size_t line_ = 0;
};

// Splits a record's hex fields; names file:line in its errors.
class Record {
 public:
  Record(const std::string& path, std::string_view line, std::size_t number)
      : path_(path), line_(line), number_(number), rest_(line.substr(1)) {}

  char kind() const { return line_[0]; }
  bool AtEnd() const { return rest_.empty(); }

  std::uint64_t Hex(const char* what) {
    if (rest_.size() < 2 || rest_[0] != ' ') Fail(what);
    const char* begin = rest_.data() + 1;
    const char* end = rest_.data() + rest_.size();
    std::uint64_t value = 0;
    auto [ptr, ec] = std::from_chars(begin, end, value, 16);
    if (ec != std::errc() || ptr == begin || (ptr != end && *ptr != ' ')) {
      Fail(what);
    }
    rest_.remove_prefix(static_cast<std::size_t>(ptr - rest_.data()));
    return value;
  }

  // Returns the text of an `s <length> <text>` record.
  std::string_view Text() {
    std::uint64_t length = Hex("<length>");
    if (length == 0) return std::string_view();
    // Compares without length + 1, which wraps for a length of 2^64 - 1.
    if (rest_.empty() || rest_.size() - 1 != length || rest_[0] != ' ') {
      Fail("<text> of the given length");
    }
    return rest_.substr(1);
  }

  void ExpectEnd(const char* format) {
    if (!rest_.empty()) Fail(format);
  }

  [[noreturn]] void Fail(const std::string& expected) const {
    constexpr std::size_t kQuoted = 200;
    throw ToolOutputError(fmt::format(
        "{}:{}: expected {} in a heaptrack '{}' record, got '{}'{}", path_,
        number_, expected, line_[0], line_.substr(0, kQuoted),
        line_.size() > kQuoted ? "..." : ""));
  }

 private:
  const std::string& path_;
  std::string_view line_;
  std::size_t number_;
  std::string_view rest_;
};

struct FrameRef {
  std::uint64_t function = 0;
  std::uint64_t file = 0;
  std::uint64_t line = 0;
};

struct InstructionPointer {
  std::uint64_t ip = 0;
  std::uint64_t module = 0;
  std::vector<FrameRef> frames;  // innermost first
};

struct TraceNode {
  std::uint64_t ip = 0;
  std::uint64_t parent = 0;
};

struct AllocationInfo {
  std::uint64_t size = 0;
  std::uint64_t trace = 0;
};

// Replays `+`/`-` records; shared by both passes.
class HeapReplay {
 public:
  // Applies one record; returns false when it is not an allocation event.
  bool Apply(Record& record) {
    switch (record.kind()) {
      case 'a': {
        AllocationInfo info;
        info.size = record.Hex("<size>");
        info.trace = record.Hex("<trace>");
        record.ExpectEnd("'a <size> <trace>'");
        infos_.push_back(info);
        live_.push_back(0);
        return false;
      }
      case '+':
      case '-': {
        std::uint64_t index = record.Hex("<allocation info index>");
        record.ExpectEnd("one allocation info index");
        if (index >= infos_.size()) {
          record.Fail(
              fmt::format("an allocation info index below {} (one "
                          "per earlier 'a' record)",
                          infos_.size()));
        }
        if (record.kind() == '+') {
          if (infos_[index].size > UINT64_MAX - heap_) {
            record.Fail("an allocation that keeps the heap below 2^64 bytes");
          }
          ++allocs_;
          ++live_[index];
          heap_ += infos_[index].size;
        } else {
          if (live_[index] == 0) {
            record.Fail("a free of a live allocation");
          }
          --live_[index];
          heap_ -= infos_[index].size;
        }
        ++events_;
        return true;
      }
      default:
        return false;
    }
  }

  std::uint64_t heap() const { return heap_; }
  std::uint64_t events() const { return events_; }
  // `+` records: heaptrack writes one per allocating call (a realloc too).
  std::uint64_t allocs() const { return allocs_; }
  const std::vector<AllocationInfo>& infos() const { return infos_; }
  const std::vector<std::uint64_t>& live() const { return live_; }

 private:
  std::vector<AllocationInfo> infos_;
  std::vector<std::uint64_t> live_;  // live allocations per info
  std::uint64_t heap_ = 0;
  std::uint64_t events_ = 0;
  std::uint64_t allocs_ = 0;
};

bool IsRecordLine(std::string_view line) {
  return !line.empty() && (line.size() == 1 || line[1] == ' ');
}

class TraceReader {
 public:
  explicit TraceReader(const std::string& path) : path_(path), lines_(path) {}
  TraceReader(std::string_view data, const std::string& name)
      : path_(name), lines_(data, name) {}

  Measurement Read() {
    Measurement result;
    result.time_unit = "allocations and frees";
    std::uint64_t peak_event = 0;
    TimelineSampler sampler;
    HeapReplay replay;
    TrailerCheck trailer;
    std::size_t lines = 0;
    std::uint64_t decompressed =
        lines_.ForEachLine([&](std::string_view line, std::size_t number) {
          lines = number;
          trailer.Line(line, number);
          if (line.empty() || line[0] == '#') return;
          if (!IsRecordLine(line)) FailLine(line, number);
          Record record(path_, line, number);
          if (!replay.Apply(record)) return;
          if (replay.heap() > result.peak_bytes) {
            result.peak_bytes = replay.heap();
            peak_event = replay.events();
          }
          sampler.Add(replay.events(), replay.heap());
        });
    if (decompressed == 0) {
      throw ToolOutputError(fmt::format(
          "{}: untraced: the heaptrack trace is empty; heaptrack did not "
          "record the run (did the program start? is /tmp writable for "
          "heaptrack's fifo? are heaptrack's helper programs on PATH?)",
          path_));
    }
    trailer.Check(path_, lines, lines_.last_line_unterminated());
    if (replay.events() == 0) {
      throw ToolOutputError(fmt::format(
          "{}: untraced: the heaptrack trace holds no allocations ({} bytes "
          "of trace); heaptrack did not record the run (did the program "
          "start? is /tmp writable for heaptrack's fifo?)",
          path_, decompressed));
    }
    result.timeline = sampler.Points();
    result.leaked_bytes = replay.heap();
    result.allocs = replay.allocs();
    result.peak_stacks = StacksAt(peak_event);
    result.top_sites = TopOf(result.peak_stacks);
    return result;
  }

 private:
  [[noreturn]] void FailLine(std::string_view line, std::size_t number) const {
    throw ToolOutputError(fmt::format(
        "{}:{}: expected a heaptrack record '<letter> <hex fields>', got "
        "'{}'{}",
        path_, number, line.substr(0, 200), line.size() > 200 ? "..." : ""));
  }

  // Returns the largest stacks, ties in their given order (trace order).
  static std::vector<AllocationSite> TopOf(
      const std::vector<AllocationSite>& stacks) {
    std::vector<AllocationSite> top = stacks;
    std::stable_sort(top.begin(), top.end(), [](const auto& a, const auto& b) {
      return a.bytes > b.bytes;
    });
    if (top.size() > kTopSites) top.resize(kTopSites);
    return top;
  }

  // Replays the trace up to the peak event and returns every live stack,
  // by trace index.
  std::vector<AllocationSite> StacksAt(std::uint64_t peak_event) {
    strings_.assign(1, std::string());  // index 0: unknown
    ips_.assign(1, InstructionPointer());
    traces_.assign(1, TraceNode());
    HeapReplay replay;
    bool done = false;
    lines_.ForEachLine([&](std::string_view line, std::size_t number) {
      if (done || line.empty() || line[0] == '#') return;
      Record record(path_, line, number);
      switch (record.kind()) {
        case 's':
          strings_.emplace_back(record.Text());
          return;
        case 'i':
          ips_.push_back(ReadIp(record));
          return;
        case 't': {
          TraceNode node;
          node.ip = record.Hex("<ip index>");
          node.parent = record.Hex("<parent trace index>");
          record.ExpectEnd("'t <ip index> <parent trace index>'");
          traces_.push_back(node);
          return;
        }
        default:
          if (replay.Apply(record) && replay.events() == peak_event) {
            done = true;
          }
      }
    });
    std::unordered_map<std::uint64_t, std::uint64_t> bytes_by_trace;
    for (std::size_t i = 0; i < replay.infos().size(); ++i) {
      if (replay.live()[i] == 0) continue;
      bytes_by_trace[replay.infos()[i].trace] +=
          replay.live()[i] * replay.infos()[i].size;
    }
    std::vector<std::pair<std::uint64_t, std::uint64_t>> ranked(
        bytes_by_trace.begin(), bytes_by_trace.end());
    // By trace index, so ties among the top sites are stable.
    std::sort(ranked.begin(), ranked.end());
    std::vector<AllocationSite> sites;
    for (const auto& [trace, bytes] : ranked) {
      sites.push_back(AllocationSite{bytes, Frames(trace)});
    }
    return sites;
  }

  static InstructionPointer ReadIp(Record& record) {
    InstructionPointer ip;
    ip.ip = record.Hex("<ip>");
    ip.module = record.Hex("<module string index>");
    // Reads `[<function> [<file> <line> [<function> <file> <line>]...]]`.
    if (record.AtEnd()) return ip;
    FrameRef first;
    first.function = record.Hex("<function string index>");
    if (!record.AtEnd()) {
      first.file = record.Hex("<file string index>");
      first.line = record.Hex("<line>");
    }
    ip.frames.push_back(first);
    while (!record.AtEnd()) {
      FrameRef inlined;
      inlined.function = record.Hex("<inlined function string index>");
      inlined.file = record.Hex("<inlined file string index>");
      inlined.line = record.Hex("<inlined line>");
      ip.frames.push_back(inlined);
    }
    return ip;
  }

  const std::string& String(std::uint64_t index) const {
    if (index >= strings_.size()) {
      throw ToolOutputError(fmt::format(
          "{}: a record refers to string {:x}, but only {:x} strings precede "
          "the peak; expected strings before their use",
          path_, index, strings_.size() - 1));
    }
    return strings_[index];
  }

  std::vector<Frame> Frames(std::uint64_t trace) const {
    std::vector<Frame> frames;
    for (std::size_t hops = 0; trace != 0; ++hops) {
      if (trace >= traces_.size() || hops > traces_.size()) {
        throw ToolOutputError(fmt::format(
            "{}: trace {:x} is undefined or cyclic; expected 't' records "
            "before their use",
            path_, trace));
      }
      const TraceNode& node = traces_[trace];
      if (node.ip == 0 || node.ip >= ips_.size()) {
        throw ToolOutputError(
            fmt::format("{}: trace {:x} refers to undefined ip {:x}", path_,
                        trace, node.ip));
      }
      const InstructionPointer& ip = ips_[node.ip];
      const std::string& module = String(ip.module);
      if (ip.frames.empty()) {
        frames.push_back(Frame{"??", module, 0});
      }
      for (const FrameRef& ref : ip.frames) {
        Frame frame;
        frame.function = ref.function == 0 ? "??" : String(ref.function);
        // Falls back to the module when the source file is unknown.
        frame.file = ref.file == 0 ? module : String(ref.file);
        frame.line = ref.line > 0x7fffffff ? 0 : static_cast<int>(ref.line);
        frames.push_back(std::move(frame));
      }
      trace = node.parent;
    }
    // Drops leading operator new frames, as massif does for its
    // allocation functions, so the first frame is the caller.
    auto caller =
        std::find_if(frames.begin(), frames.end(), [](const Frame& f) {
          return f.function.rfind("operator new", 0) != 0;
        });
    if (caller != frames.end()) frames.erase(frames.begin(), caller);
    return frames;
  }

  std::string path_;
  ZstdLineReader lines_;
  std::vector<std::string> strings_;
  std::vector<InstructionPointer> ips_;
  std::vector<TraceNode> traces_;
};

}  // namespace

Measurement ReadHeaptrackTrace(const std::string& path) {
  return TraceReader(path).Read();
}

Measurement ReadHeaptrackTraceData(std::string_view compressed,
                                   const std::string& name) {
  return TraceReader(compressed, name).Read();
}

}  // namespace heapbound
