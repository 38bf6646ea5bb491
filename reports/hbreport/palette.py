"""One colour per case, the same in every picture.

The cases the design names (docs/design.md) have fixed colours; any other case gets one from
a spare list chosen by a hash of its name, so the mapping never depends on
which cases a run happens to contain. Red is kept for broken bounds.
"""

import zlib

BROKEN = "#d62728"
BOUND = "#222222"
BASELINE = "#7f7f7f"

_FIXED = {
    "chunk": "#1f77b4",
    "line_stream": "#2ca02c",
    "whole_file_readall": "#ff7f0e",
    "whole_file_exact": "#8c564b",
    "mmap": "#9467bd",
    "baseline": BASELINE,
}

_SPARE = ["#17becf", "#bcbd22", "#e377c2", "#1b4f8a", "#7a5c00",
          "#0f7b5f", "#b55d9b", "#5c6bc0"]

_TOOL_MARKERS = {"massif": "o", "heaptrack": "s", "track": "^"}


def case_color(name):
    """Returns the colour of case `name` (stable across runs and pictures)."""
    if name in _FIXED:
        return _FIXED[name]
    return _SPARE[zlib.crc32(name.encode("utf-8")) % len(_SPARE)]


def tool_marker(tool):
    """Returns the matplotlib marker used for a measuring tool."""
    return _TOOL_MARKERS.get(tool, "D")
