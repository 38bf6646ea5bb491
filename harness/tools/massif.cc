#include "massif.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <optional>
#include <utility>

#include "program_lookup.h"

namespace heapbound {
namespace {

constexpr std::size_t kTopSites = 5;

/* The massif.out format (valgrind 3.19, ms_print's input):
 *
 *   desc: <massif options>
 *   cmd: <command>
 *   time_unit: B | i | ms
 *   #-----------
 *   snapshot=<n>
 *   #-----------
 *   time=<t>
 *   mem_heap_B=<bytes>
 *   mem_heap_extra_B=<bytes>
 *   mem_stacks_B=<bytes>
 *   heap_tree=empty | detailed | peak
 *   [tree, for detailed and peak]
 *
 * A tree line is `<depth spaces>n<children>: <bytes> <what>`, followed by its
 * children one space deeper. The root's <what> is "(heap allocation
 * functions) ..."; every other node is a caller frame,
 * `0x10A1B2: Foo(int) (file.cc:12)`, `0x4A2B: bar (in /lib/libx.so)` or
 * `0x4A2B: ???`, except the leaf that sums small sites:
 * `n0: 123 in 5 places, all below massif's threshold (1.00%)`.
 */
struct TreeNode {
  std::uint64_t bytes = 0;
  Frame frame;
  std::vector<TreeNode> children;
};

struct Snapshot {
  std::uint64_t time = 0;
  std::uint64_t heap_bytes = 0;
  std::string tree_kind;
  std::optional<TreeNode> tree;
};

std::optional<std::uint64_t> ParseCount(const std::string& text) {
  if (text.empty() || text.size() > 20) return std::nullopt;
  std::uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    std::uint64_t next = value * 10 + static_cast<std::uint64_t>(c - '0');
    if (next / 10 != value) return std::nullopt;
    value = next;
  }
  return value;
}

// Splits "Foo(int) (file.cc:12)" or "bar (in /lib/x.so)" into a frame.
Frame ParseFrameText(const std::string& text) {
  Frame frame;
  frame.function = text.rfind("???", 0) == 0 ? "??" + text.substr(3) : text;
  if (text.empty() || text.back() != ')') return frame;
  int depth = 0;
  std::size_t open = std::string::npos;
  for (std::size_t i = text.size(); i-- > 0;) {
    if (text[i] == ')') ++depth;
    if (text[i] == '(' && --depth == 0) {
      open = i;
      break;
    }
  }
  if (open == std::string::npos || open == 0 || text[open - 1] != ' ') {
    return frame;
  }
  std::string where = text.substr(open + 1, text.size() - open - 2);
  std::string function = text.substr(0, open - 1);
  if (function == "???") function = "??";
  if (where.rfind("in ", 0) == 0) {
    // Only the object is known: keep it as the file, line 0.
    frame.function = function;
    frame.file = where.substr(3);
    return frame;
  }
  std::size_t colon = where.rfind(':');
  if (colon == std::string::npos) return frame;
  std::optional<std::uint64_t> line = ParseCount(where.substr(colon + 1));
  if (!line || *line > 0x7fffffff) return frame;
  frame.function = function;
  frame.file = where.substr(0, colon);
  frame.line = static_cast<int>(*line);
  return frame;
}

class MassifReader {
 public:
  explicit MassifReader(const std::string& path) : path_(path), in_(path) {
    if (!in_) {
      throw ToolOutputError(fmt::format(
          "{}: cannot open massif output ({}); expected the file valgrind "
          "--tool=massif writes when the run ends",
          path, std::strerror(errno)));
    }
  }

  Measurement Read() {
    ExpectPrefix("desc: ");
    ExpectPrefix("cmd: ");
    std::string unit = ExpectPrefix("time_unit: ");
    Measurement result;
    if (unit == "B") {
      result.time_unit = "bytes allocated";
    } else if (unit == "i") {
      result.time_unit = "instructions";
    } else if (unit == "ms") {
      result.time_unit = "milliseconds";
    } else {
      Fail("'time_unit: B', 'time_unit: i' or 'time_unit: ms'");
    }

    std::vector<Snapshot> trees;  // the detailed and peak snapshots
    std::uint64_t peak_time = 0;
    bool any = false;
    while (NextLine()) {
      Snapshot snapshot = ReadSnapshot();
      if (!any || snapshot.heap_bytes > result.peak_bytes) {
        result.peak_bytes = snapshot.heap_bytes;
        peak_time = snapshot.time;
      }
      any = true;
      result.timeline.push_back({snapshot.time, snapshot.heap_bytes});
      if (snapshot.tree) trees.push_back(std::move(snapshot));
    }
    if (!any) FailAtEnd("'#-----------' starting the first snapshot");
    const Snapshot* tree = NearestTree(trees, result.peak_bytes, peak_time);
    if (tree != nullptr) result.top_sites = TopSites(*tree->tree);
    return result;
  }

 private:
  /* Picks the tree for the top sites: the heap_tree=peak snapshot when it
   * holds the peak, else the detailed snapshot nearest in time to the first
   * snapshot at the peak (ties: the higher heap). heap_tree=peak can be
   * stale, e.g. showing a first peak after a second, higher one; the nearest
   * tree then shows the stacks that built the real peak, if not all of its
   * bytes. */
  static const Snapshot* NearestTree(const std::vector<Snapshot>& trees,
                                     std::uint64_t peak_bytes,
                                     std::uint64_t peak_time) {
    const Snapshot* best = nullptr;
    std::uint64_t best_distance = 0;
    for (const Snapshot& snapshot : trees) {
      if (snapshot.tree_kind == "peak" && snapshot.heap_bytes == peak_bytes) {
        return &snapshot;
      }
      std::uint64_t distance = snapshot.time > peak_time
                                   ? snapshot.time - peak_time
                                   : peak_time - snapshot.time;
      if (best == nullptr || distance < best_distance ||
          (distance == best_distance &&
           snapshot.heap_bytes > best->heap_bytes)) {
        best = &snapshot;
        best_distance = distance;
      }
    }
    return best;
  }

  bool NextLine() {
    if (!std::getline(in_, line_)) return false;
    ++line_number_;
    return true;
  }

  [[noreturn]] void Fail(const std::string& expected) const {
    throw ToolOutputError(fmt::format("{}:{}: expected {}, got '{}'", path_,
                                      line_number_, expected, line_));
  }

  [[noreturn]] void FailAtEnd(const std::string& expected) const {
    throw ToolOutputError(fmt::format(
        "{}:{}: unexpected end of file, expected {} (truncated massif "
        "output?)",
        path_, line_number_ + 1, expected));
  }

  // Reads the next line, which must start with `prefix`; returns the rest.
  std::string ExpectPrefix(const std::string& prefix) {
    if (!NextLine()) FailAtEnd("'" + prefix + "...'");
    if (line_.rfind(prefix, 0) != 0) Fail("'" + prefix + "...'");
    return line_.substr(prefix.size());
  }

  std::uint64_t ExpectNumber(const std::string& key) {
    std::string value = ExpectPrefix(key + "=");
    std::optional<std::uint64_t> number = ParseCount(value);
    if (!number) Fail("'" + key + "=<unsigned integer>'");
    return *number;
  }

  // Reads one snapshot; the current line is its first separator.
  Snapshot ReadSnapshot() {
    if (line_ != "#-----------") Fail("'#-----------' starting a snapshot");
    ExpectNumber("snapshot");
    if (ExpectPrefix("#-----------") != "") Fail("'#-----------'");
    Snapshot snapshot;
    snapshot.time = ExpectNumber("time");
    snapshot.heap_bytes = ExpectNumber("mem_heap_B");
    ExpectNumber("mem_heap_extra_B");
    ExpectNumber("mem_stacks_B");
    snapshot.tree_kind = ExpectPrefix("heap_tree=");
    if (snapshot.tree_kind == "detailed" || snapshot.tree_kind == "peak") {
      snapshot.tree = ReadNode(0, /*root=*/true);
    } else if (snapshot.tree_kind != "empty") {
      Fail("'heap_tree=empty', 'heap_tree=detailed' or 'heap_tree=peak'");
    }
    return snapshot;
  }

  TreeNode ReadNode(std::size_t depth, bool root) {
    const std::string expected = fmt::format(
        "a heap tree line '{}n<children>: <bytes> <frame>' at depth {}",
        std::string(depth, ' '), depth);
    if (!NextLine()) FailAtEnd(expected);
    std::size_t pos = line_.find_first_not_of(' ');
    if (pos != depth || line_[pos] != 'n') Fail(expected);
    std::size_t colon = line_.find(": ", pos);
    if (colon == std::string::npos) Fail(expected);
    std::optional<std::uint64_t> children =
        ParseCount(line_.substr(pos + 1, colon - pos - 1));
    std::size_t space = line_.find(' ', colon + 2);
    if (!children || space == std::string::npos) Fail(expected);
    std::optional<std::uint64_t> bytes =
        ParseCount(line_.substr(colon + 2, space - colon - 2));
    if (!bytes) Fail(expected);
    std::string what = line_.substr(space + 1);

    TreeNode node;
    node.bytes = *bytes;
    if (root) {
      node.frame.function = what;
    } else if (what.rfind("0x", 0) == 0) {
      std::size_t end = what.find(": ");
      if (end == std::string::npos) {
        Fail("a frame '0x<address>: <function> (<file>:<line>)'");
      }
      node.frame = ParseFrameText(what.substr(end + 2));
    } else if (what.find("below massif's threshold") != std::string::npos) {
      node.frame.function = what;
    } else {
      Fail(
          "a frame '0x<address>: <function> (<file>:<line>)' or '<n> "
          "places ... below massif's threshold'");
    }
    node.children.reserve(static_cast<std::size_t>(*children));
    for (std::uint64_t i = 0; i < *children; ++i) {
      node.children.push_back(ReadNode(depth + 1, false));
    }
    return node;
  }

  /* Turns the tree into allocation stacks. A node's "own" bytes are those
   * its children do not account for: at a leaf all of them (the stack ends
   * there, at main or massif's --depth), and otherwise what massif could not
   * attribute deeper. Each node with own bytes is one site whose frames are
   * the path from just below the root (the allocating call) down to it. */
  static std::vector<AllocationSite> TopSites(const TreeNode& root) {
    std::vector<AllocationSite> sites;
    std::vector<Frame> path;
    CollectSites(root, true, path, sites);
    std::stable_sort(sites.begin(), sites.end(),
                     [](const AllocationSite& a, const AllocationSite& b) {
                       return a.bytes > b.bytes;
                     });
    if (sites.size() > kTopSites) sites.resize(kTopSites);
    return sites;
  }

  static void CollectSites(const TreeNode& node, bool root,
                           std::vector<Frame>& path,
                           std::vector<AllocationSite>& sites) {
    if (!root) path.push_back(node.frame);
    std::uint64_t below = 0;
    for (const TreeNode& child : node.children) below += child.bytes;
    if (!root && node.bytes > below) {
      sites.push_back(AllocationSite{node.bytes - below, path});
    }
    for (const TreeNode& child : node.children) {
      CollectSites(child, false, path, sites);
    }
    if (!root) path.pop_back();
  }

  std::string path_;
  std::ifstream in_;
  std::string line_;
  std::size_t line_number_ = 0;
};

}  // namespace

Measurement ParseMassifFile(const std::string& path) {
  return MassifReader(path).Read();
}

std::string MassifAdapter::OutputFile(const std::string& raw_stem) {
  return raw_stem + ".massif.out";
}

std::string MassifAdapter::Unavailable() const {
  if (FindOnPath("valgrind").empty()) {
    return "valgrind not found on PATH (Debian package: valgrind)";
  }
  return std::string();
}

std::vector<std::string> MassifAdapter::Wrap(
    const std::vector<std::string>& command,
    const std::string& raw_stem) const {
  // Uses exact peaks (--peak-inaccuracy=0.0; the default 1.0 misses peaks
  // within 1 %) and bytes as time, directly on the command, no shell.
  std::vector<std::string> argv = {"valgrind", "--tool=massif",
                                   "--peak-inaccuracy=0.0", "--time-unit=B",
                                   "--massif-out-file=" + OutputFile(raw_stem)};
  argv.insert(argv.end(), command.begin(), command.end());
  return argv;
}

std::vector<std::pair<std::string, std::string>> MassifAdapter::Environment(
    const std::string& /*raw_stem*/) const {
  return {};
}

Measurement MassifAdapter::Parse(const std::string& raw_stem) const {
  return ParseMassifFile(OutputFile(raw_stem));
}

std::vector<std::string> MassifAdapter::RawFiles(
    const std::string& raw_stem) const {
  return {OutputFile(raw_stem)};
}

}  // namespace heapbound
