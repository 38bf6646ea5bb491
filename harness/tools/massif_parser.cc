#include "massif_parser.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>
#include <optional>
#include <utility>
#include <vector>

namespace heapbound {
namespace {

constexpr std::size_t kQuotedLineMax = 200;
constexpr std::size_t kNoParent = std::numeric_limits<std::size_t>::max();
constexpr std::string_view kSeparator = "#-----------";

/* The massif.out format (valgrind 3.19, ms_print's input):
 *
 *   desc: <massif options>
 *   cmd: <command>
 *   time_unit: B | i | ms
 *   #-----------
 *   snapshot=<n>                   n = 0, 1, 2, ... in file order
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
 *
 * massif writes no trailer: the file ends after the last snapshot's last
 * line. At most one snapshot is heap_tree=peak (massif demotes the old one
 * to detailed when it takes a new one).
 */

// One node of a heap tree, stored flat in preorder.
struct TreeNode {
  std::uint64_t bytes = 0;
  std::uint64_t child_bytes = 0;  // sum of the children's bytes, saturated
  std::size_t parent = kNoParent;
  Frame frame;
};

struct Snapshot {
  std::uint64_t time = 0;
  std::uint64_t heap_bytes = 0;
  std::string tree_kind;
  std::vector<TreeNode> tree;  // empty for heap_tree=empty
};

std::optional<std::uint64_t> ParseCount(std::string_view text) {
  if (text.empty() || text.size() > 20) return std::nullopt;
  std::uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    std::uint64_t digit = static_cast<std::uint64_t>(c - '0');
    if (value > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) {
      return std::nullopt;
    }
    value = value * 10 + digit;
  }
  return value;
}

// Returns the index of the '(' that opens the final "(...)" of `text`, or
// npos.
std::size_t OpeningOfLastGroup(std::string_view text) {
  int depth = 0;
  for (std::size_t i = text.size(); i-- > 0;) {
    if (text[i] == ')') ++depth;
    if (text[i] == '(' && --depth == 0) return i;
  }
  return std::string_view::npos;
}

// Splits "Foo(int) (file.cc:12)" or "bar (in /lib/x.so)" into a frame.
Frame ParseFrameText(std::string_view text) {
  Frame frame;
  frame.function = text.rfind("???", 0) == 0
                       ? "??" + std::string(text.substr(3))
                       : std::string(text);
  if (text.empty() || text.back() != ')') return frame;
  std::size_t open = OpeningOfLastGroup(text);
  if (open == std::string_view::npos || open == 0 || text[open - 1] != ' ') {
    return frame;
  }
  std::string_view where = text.substr(open + 1, text.size() - open - 2);
  std::string function(text.substr(0, open - 1));
  if (function == "???") function = "??";
  if (where.rfind("in ", 0) == 0) {
    // Only the object is known: keep it as the file, line 0.
    frame.function = function;
    frame.file = std::string(where.substr(3));
    return frame;
  }
  std::size_t colon = where.rfind(':');
  if (colon == std::string_view::npos) return frame;
  std::optional<std::uint64_t> line = ParseCount(where.substr(colon + 1));
  if (!line || *line > 0x7fffffff) return frame;
  frame.function = function;
  frame.file = std::string(where.substr(0, colon));
  frame.line = static_cast<int>(*line);
  return frame;
}

// Walks the lines of a massif file held in memory; every error names the
// file and line.
class Lines {
 public:
  Lines(std::string_view text, const std::string& name)
      : text_(text), name_(name) {}

  // Moves to the next line; returns false at the end of the file. A last
  // line without its newline means the file was cut inside it.
  bool Next() {
    if (pos_ == text_.size()) return false;
    std::size_t newline = text_.find('\n', pos_);
    ++number_;
    if (newline == std::string_view::npos) {
      line_ = text_.substr(pos_);
      pos_ = text_.size();
      Fail(
          "a line ended by a newline (massif ends every line, so the file "
          "was cut short: truncated massif output)");
    }
    line_ = text_.substr(pos_, newline - pos_);
    pos_ = newline + 1;
    return true;
  }

  std::string_view line() const { return line_; }

  [[noreturn]] void Fail(const std::string& expected) const {
    std::string_view quoted = line_.substr(0, kQuotedLineMax);
    throw ToolOutputError(
        fmt::format("{}:{}: expected {}, got '{}'{}", name_, number_, expected,
                    quoted, quoted.size() < line_.size() ? "..." : ""));
  }

  [[noreturn]] void FailAtEnd(const std::string& expected) const {
    throw ToolOutputError(fmt::format(
        "{}:{}: unexpected end of file, expected {} (truncated massif "
        "output?)",
        name_, number_ + 1, expected));
  }

  // Reads the next line, which must start with `prefix`; returns the rest.
  std::string_view ExpectPrefix(std::string_view prefix) {
    std::string expected = fmt::format("'{}...'", prefix);
    if (!Next()) FailAtEnd(expected);
    if (line_.rfind(prefix, 0) != 0) Fail(expected);
    return line_.substr(prefix.size());
  }

  std::uint64_t ExpectNumber(std::string_view key) {
    std::string prefix = std::string(key) + "=";
    std::optional<std::uint64_t> number = ParseCount(ExpectPrefix(prefix));
    if (!number) Fail(fmt::format("'{}<unsigned integer>'", prefix));
    return *number;
  }

 private:
  std::string_view text_;
  const std::string& name_;
  std::size_t pos_ = 0;
  std::size_t number_ = 0;
  std::string_view line_;
};

// Reads the three header lines; returns the timeline's time unit.
std::string ReadHeader(Lines& lines) {
  lines.ExpectPrefix("desc: ");
  lines.ExpectPrefix("cmd: ");
  std::string_view unit = lines.ExpectPrefix("time_unit: ");
  if (unit == "B") return "bytes allocated";
  if (unit == "i") return "instructions";
  if (unit == "ms") return "milliseconds";
  lines.Fail("'time_unit: B', 'time_unit: i' or 'time_unit: ms'");
}

// Reads the current tree line at `depth` into a node (parent not set);
// returns the node and sets `children` to its child count.
TreeNode ReadTreeLine(Lines& lines, std::size_t depth,
                      std::uint64_t* children) {
  std::string_view line = lines.line();
  const std::string expected = fmt::format(
      "a heap tree line '{}n<children>: <bytes> <frame>' at depth {}",
      std::string(depth, ' '), depth);
  std::size_t pos = line.find_first_not_of(' ');
  if (pos != depth || line[pos] != 'n') lines.Fail(expected);
  std::size_t colon = line.find(": ", pos);
  if (colon == std::string_view::npos) lines.Fail(expected);
  std::optional<std::uint64_t> count =
      ParseCount(line.substr(pos + 1, colon - pos - 1));
  std::size_t space = line.find(' ', colon + 2);
  if (!count || space == std::string_view::npos) lines.Fail(expected);
  std::optional<std::uint64_t> bytes =
      ParseCount(line.substr(colon + 2, space - colon - 2));
  if (!bytes) lines.Fail(expected);
  std::string_view what = line.substr(space + 1);

  TreeNode node;
  node.bytes = *bytes;
  *children = *count;
  if (depth == 0) {
    node.frame.function = std::string(what);
  } else if (what.rfind("0x", 0) == 0) {
    std::size_t end = what.find(": ");
    if (end == std::string_view::npos) {
      lines.Fail("a frame '0x<address>: <function> (<file>:<line>)'");
    }
    node.frame = ParseFrameText(what.substr(end + 2));
  } else if (what.find("below massif's threshold") != std::string_view::npos) {
    node.frame.function = std::string(what);
  } else {
    lines.Fail(
        "a frame '0x<address>: <function> (<file>:<line>)' or '<n> "
        "places ... below massif's threshold'");
  }
  return node;
}

// Reads a whole heap tree without recursion. The child counts are only
// promises of lines to come: nothing is allocated by them, so a huge count
// ends in a clear error at the first line that is not there.
std::vector<TreeNode> ReadTree(Lines& lines) {
  struct Open {
    std::size_t index;
    std::uint64_t remaining;
  };
  std::vector<TreeNode> nodes;
  std::vector<Open> open;
  std::size_t depth = 0;
  do {
    std::uint64_t children = 0;
    if (!lines.Next()) {
      lines.FailAtEnd(fmt::format(
          "a heap tree line '{}n<children>: <bytes> <frame>' at depth {}",
          std::string(depth, ' '), depth));
    }
    TreeNode node = ReadTreeLine(lines, depth, &children);
    if (!open.empty()) {
      node.parent = open.back().index;
      TreeNode& parent = nodes[node.parent];
      parent.child_bytes =
          node.bytes >
                  std::numeric_limits<std::uint64_t>::max() - parent.child_bytes
              ? std::numeric_limits<std::uint64_t>::max()
              : parent.child_bytes + node.bytes;
      --open.back().remaining;
    }
    nodes.push_back(std::move(node));
    open.push_back(Open{nodes.size() - 1, children});
    while (!open.empty() && open.back().remaining == 0) open.pop_back();
    depth = open.size();
  } while (!open.empty());
  return nodes;
}

// Reads one snapshot; the current line is its first separator.
Snapshot ReadSnapshot(Lines& lines, std::uint64_t expected_number) {
  if (lines.line() != kSeparator)
    lines.Fail("'#-----------' starting a snapshot");
  std::uint64_t number = lines.ExpectNumber("snapshot");
  if (number != expected_number) {
    lines.Fail(
        fmt::format("'snapshot={}' (snapshots are numbered from 0 in "
                    "file order)",
                    expected_number));
  }
  if (lines.ExpectPrefix(kSeparator) != "") lines.Fail("'#-----------'");
  Snapshot snapshot;
  snapshot.time = lines.ExpectNumber("time");
  snapshot.heap_bytes = lines.ExpectNumber("mem_heap_B");
  lines.ExpectNumber("mem_heap_extra_B");
  lines.ExpectNumber("mem_stacks_B");
  snapshot.tree_kind = std::string(lines.ExpectPrefix("heap_tree="));
  if (snapshot.tree_kind == "detailed" || snapshot.tree_kind == "peak") {
    snapshot.tree = ReadTree(lines);
  } else if (snapshot.tree_kind != "empty") {
    lines.Fail("'heap_tree=empty', 'heap_tree=detailed' or 'heap_tree=peak'");
  }
  return snapshot;
}

/* Picks the tree for the top sites: the heap_tree=peak snapshot when it
 * holds the peak, else the detailed snapshot nearest in time to the first
 * snapshot at the peak (ties: the higher heap). heap_tree=peak can be
 * stale, e.g. showing a first peak after a second, higher one; the nearest
 * tree then shows the stacks that built the real peak, if not all of its
 * bytes. */
const Snapshot* NearestTree(const std::vector<Snapshot>& trees,
                            std::uint64_t peak_bytes, std::uint64_t peak_time) {
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
        (distance == best_distance && snapshot.heap_bytes > best->heap_bytes)) {
      best = &snapshot;
      best_distance = distance;
    }
  }
  return best;
}

/* Turns the tree into allocation stacks. A node's "own" bytes are those
 * its children do not account for: at a leaf all of them (the stack ends
 * there, at main or massif's --depth), and otherwise what massif could not
 * attribute deeper. Each node with own bytes is one site whose frames are
 * the path from just below the root (the allocating call) down to it. */
std::vector<AllocationSite> TopSites(const std::vector<TreeNode>& tree) {
  std::vector<std::pair<std::uint64_t, std::size_t>> own;  // bytes, node
  for (std::size_t i = 1; i < tree.size(); ++i) {
    if (tree[i].bytes > tree[i].child_bytes) {
      own.emplace_back(tree[i].bytes - tree[i].child_bytes, i);
    }
  }
  std::stable_sort(own.begin(), own.end(), [](const auto& a, const auto& b) {
    return a.first > b.first;
  });
  if (own.size() > kTopSites) own.resize(kTopSites);
  std::vector<AllocationSite> sites;
  for (const auto& [bytes, index] : own) {
    AllocationSite site{bytes, {}};
    for (std::size_t at = index; at != 0 && at != kNoParent;
         at = tree[at].parent) {
      site.frames.push_back(tree[at].frame);
    }
    std::reverse(site.frames.begin(), site.frames.end());
    sites.push_back(std::move(site));
  }
  return sites;
}

/* Every stack of a tree, for the folded stacks: like TopSites but all of
 * them, with massif's "<n> places, all below massif's threshold" leaves
 * named "(below threshold)" and bytes the root's children do not hold
 * under "(unattributed)", so the stacks add up to the root's bytes. */
std::vector<AllocationSite> AllStacks(const std::vector<TreeNode>& tree) {
  std::vector<AllocationSite> stacks;
  if (tree.empty()) return stacks;
  if (tree[0].bytes > tree[0].child_bytes) {
    stacks.push_back({tree[0].bytes - tree[0].child_bytes,
                      {Frame{"(unattributed)", "", 0}}});
  }
  for (std::size_t i = 1; i < tree.size(); ++i) {
    if (tree[i].bytes <= tree[i].child_bytes) continue;
    AllocationSite stack{tree[i].bytes - tree[i].child_bytes, {}};
    for (std::size_t at = i; at != 0 && at != kNoParent; at = tree[at].parent) {
      bool below = tree[at].frame.function.find("below massif's threshold") !=
                   std::string::npos;
      stack.frames.push_back(below ? Frame{"(below threshold)", "", 0}
                                   : tree[at].frame);
    }
    std::reverse(stack.frames.begin(), stack.frames.end());
    stacks.push_back(std::move(stack));
  }
  return stacks;
}

Measurement ReadMassif(Lines& lines, const std::string& name,
                       MassifRunEnd end) {
  Measurement result;
  result.time_unit = ReadHeader(lines);
  std::vector<Snapshot> trees;  // the detailed and peak snapshots
  std::uint64_t peak_time = 0;
  std::uint64_t count = 0;
  std::size_t peak_trees = 0;
  while (lines.Next()) {
    Snapshot snapshot = ReadSnapshot(lines, count);
    if (count == 0 || snapshot.heap_bytes > result.peak_bytes) {
      result.peak_bytes = snapshot.heap_bytes;
      peak_time = snapshot.time;
    }
    ++count;
    result.timeline.push_back({snapshot.time, snapshot.heap_bytes});
    if (snapshot.tree_kind == "peak" && ++peak_trees > 1) {
      lines.Fail("at most one 'heap_tree=peak' snapshot");
    }
    if (!snapshot.tree.empty()) trees.push_back(std::move(snapshot));
  }
  if (count == 0) lines.FailAtEnd("'#-----------' starting the first snapshot");
  if (result.peak_bytes == 0) {
    throw ToolOutputError(fmt::format(
        "{}: untraced: the peak is 0 B over {} snapshots; every measured "
        "process allocates (heapbound-case always holds libstdc++'s "
        "72,704-byte emergency pool), so massif did not trace the run or its "
        "output was cut short",
        name, count));
  }
  if (end == MassifRunEnd::kNormalExit && peak_trees == 0) {
    throw ToolOutputError(fmt::format(
        "{}: truncated massif output: no 'heap_tree=peak' snapshot in {} "
        "snapshots; massif writes one for every run that exits normally and "
        "frees memory after its peak (valgrind frees libstdc++'s pool at "
        "exit), so the file was cut short",
        name, count));
  }
  const Snapshot* tree = NearestTree(trees, result.peak_bytes, peak_time);
  if (tree != nullptr) result.top_sites = TopSites(tree->tree);
  // Only a tree that holds the peak itself gives the stacks at the peak.
  if (tree != nullptr && tree->heap_bytes == result.peak_bytes &&
      !tree->tree.empty() && tree->tree[0].bytes == result.peak_bytes) {
    result.peak_stacks = AllStacks(tree->tree);
  }
  return result;
}

}  // namespace

Measurement ParseMassifText(std::string_view text, const std::string& name,
                            MassifRunEnd end) {
  Lines lines(text, name);
  return ReadMassif(lines, name, end);
}

Measurement ParseMassifFile(const std::string& path, MassifRunEnd end) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw ToolOutputError(fmt::format(
        "{}: cannot open massif output ({}); expected the file valgrind "
        "--tool=massif writes when the run ends",
        path, std::strerror(errno)));
  }
  std::string text((std::istreambuf_iterator<char>(in)),
                   std::istreambuf_iterator<char>());
  if (in.bad()) {
    throw ToolOutputError(
        fmt::format("{}: read error ({})", path, std::strerror(errno)));
  }
  return ParseMassifText(text, path, end);
}

}  // namespace heapbound
