"""Reads folded stacks (`stacks/<job>.folded`) into a tree for the flame graph.

Each line is `outer;...;inner bytes`, root first, as flamegraph.pl,
inferno and speedscope read it; heapbound writes each frame as
`function (file:line)`, `function (file)` or `function`. The bytes of the
lines add up to the live heap at the peak.
"""

import dataclasses
import re

from .errors import InputError

_FRAME = re.compile(r"^(?P<function>.*?) \((?P<file>[^()]+?)(?::(?P<line>\d+))?\)$")


@dataclasses.dataclass
class Node:
    """One frame in the tree: its live bytes include those of every frame below it."""

    frame: dict
    bytes: int = 0
    children: dict = dataclasses.field(default_factory=dict)  # text -> Node

    def depth(self):
        return 1 + max((c.depth() for c in self.children.values()), default=0)


def parse_frame(text):
    """Returns {"function", "file", "line"} from `ReadLines(...) (line_stream.cc:65)`."""
    match = _FRAME.match(text)
    if match and "below massif's threshold" not in text:
        return {"function": match["function"], "file": match["file"],
                "line": int(match["line"] or 0)}
    return {"function": text, "file": "", "line": 0}


def read_folded(path, referenced_by=None):
    """Returns [(frame texts root first, bytes)]; raises InputError naming file and line."""
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except FileNotFoundError:
        where = f" (named by results.json {referenced_by})" if referenced_by else ""
        raise InputError(path, f"no such file{where}") from None
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(path, f"cannot read: {e}") from None
    stacks = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            shown = line if len(line) <= 60 else line[:57] + "..."
            raise InputError(path, f"expected `frame;frame;... bytes`, got {shown!r}",
                             f"line {number}")
        stacks.append((stack.split(";"), int(count)))
    return stacks


def build_tree(stacks):
    """Merges stacks into one tree under a root frame `all`; returns the root."""
    root = Node(frame={"function": "all", "file": "", "line": 0})
    for frames, count in stacks:
        root.bytes += count
        node = root
        for text in frames:
            child = node.children.get(text)
            if child is None:
                child = node.children[text] = Node(frame=parse_frame(text))
            child.bytes += count
            node = child
    return root
