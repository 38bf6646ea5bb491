"""A job page's flame graph (icicle) of the live heap at the peak, from its folded stacks.

The root spans every live byte at the peak; below each frame, the frames
it called, each as wide as the live bytes allocated under it, largest
first. The reader's own code is blue, libstdc++ orange, libc, the loader
and the allocator grey, other libraries purple: a regression shows as a
wide blue box.
"""

import zlib

from matplotlib.collections import PolyCollection
from matplotlib.patches import Patch

from .. import folded, palette, sites, units
from . import common

COLORS = {
    sites.OWN: ["#3a76c4", "#4f8bd6", "#2f64a8", "#5c97dd"],
    sites.LIBSTDCXX: ["#f0a04b", "#e8913a", "#f4b36b"],
    sites.LIBC: ["#a0a0a0", "#b4b4b4", "#8f8f8f"],
    sites.LIBRARY: ["#a78bd0", "#9575c4", "#b9a1dc"],
    sites.UNKNOWN: ["#d9d9d9"],
}
WIDTH_IN = 12.0
ROW_IN = 0.32
LABEL_MIN_FRACTION = 0.025  # Narrower boxes carry no text.
MAX_DEPTH = 40
MIN_FRACTION = 0.001


def color_of(text, category):
    shades = COLORS[category]
    return shades[zlib.crc32(text.encode("utf-8")) % len(shades)]


def layout(root):
    """Returns [box]: every frame's depth, left edge and width in bytes, root first."""
    boxes = []
    stack = [(root, 0, 0)]
    while stack:
        node, depth, left = stack.pop()
        category = sites.UNKNOWN if depth == 0 else sites.category(node.frame)
        boxes.append({"depth": depth, "left": left, "bytes": node.bytes,
                      "text": sites.frame_text(node.frame) if depth else "all live heap",
                      "function": node.frame["function"], "category": category})
        if depth + 1 >= MAX_DEPTH:
            continue
        x = left
        children = sorted(node.children.values(), key=lambda c: (-c.bytes, c.frame["function"]))
        placed = []
        for child in children:
            placed.append((child, depth + 1, x))
            x += child.bytes
        stack.extend(reversed(placed))
    return boxes


def _rectangle(box, height=0.92):
    """Returns the corners of a box: its row is y = -depth, as barh drew it."""
    x0, x1 = box["left"], box["left"] + box["bytes"]
    y0, y1 = -box["depth"] - height / 2, -box["depth"] + height / 2
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]


def make(row, stacks_path, jobs_dir):
    """Draws <job>.flame.svg into jobs_dir from the folded file; returns a Picture."""
    name = f"{row.job_id}.flame"
    title = f"Live heap at the peak: {row.case} on {row.fixture} under {row.tool}"
    root = folded.build_tree(folded.read_folded(stacks_path))
    if root.bytes == 0:
        return common.omitted(name, title, "", "The folded stacks hold no live bytes.")
    boxes = layout(root)
    depth = max(b["depth"] for b in boxes) + 1
    fig, ax = common.new_figure(WIDTH_IN, 1.5 + ROW_IN * depth)
    # Boxes under 0.1 % of the width are below a pixel: drawing thousands of them
    # only makes the SVG slow to write and to open.
    visible = [b for b in boxes if b["bytes"] >= root.bytes * MIN_FRACTION]
    # One collection for every box: a Rectangle patch per box costs ~1 ms to add and draw.
    ax.add_collection(PolyCollection(
        [_rectangle(b) for b in visible],
        facecolors=[color_of(b["text"], b["category"]) for b in visible],
        edgecolors="white", linewidths=0.5))
    chars_per_fraction = WIDTH_IN * common.DPI * 0.9 / 6.3
    for b in visible:
        fraction = b["bytes"] / root.bytes
        if fraction < LABEL_MIN_FRACTION:
            continue
        room = int(fraction * chars_per_fraction)
        text = b["text"] if b["depth"] else f"all live heap {units.format_bytes(root.bytes)}"
        if b["depth"] and room >= 18:
            text = f"{text}  {units.format_bytes(b['bytes'])}"
        if len(text) > room:
            text = text[:max(room - 2, 1)] + ".."
        ax.text(b["left"] + root.bytes * 0.003, -b["depth"], text, va="center", ha="left",
                fontsize=8, clip_on=True)
    ax.set_xlim(0, root.bytes)
    ax.set_ylim(-depth + 0.5, 0.5)
    ax.set_yticks([])
    ax.grid(False)
    common.byte_axis(ax.xaxis)
    ax.set_xlabel("live bytes at the peak (width)")
    for spine in ("left", "top", "right"):
        ax.spines[spine].set_visible(False)
    shown = [c for c in sites.CATEGORIES if any(b["category"] == c for b in boxes[1:])]
    ax.legend(handles=[Patch(color=COLORS[c][0], label=c) for c in shown], loc="lower right",
              bbox_to_anchor=(1.0, 1.0), ncol=len(shown), frameon=False, fontsize=8.5)
    ax.set_title(f"{units.format_exact(root.bytes)} live at the peak, callers above callees",
                 loc="left", fontsize=10, color=palette.BROKEN if row.broken else "black")
    common.fixed_margins(fig, left=0.2, right=0.2, top=0.5, bottom=0.55)
    svg = common.save_svg(fig, jobs_dir, name)
    own = sorted({b["text"] for b in boxes if b["category"] == sites.OWN})
    return common.Picture(
        name=name, title=title, svg=svg, png=None,
        caption=("Each box is a frame, as wide as the live bytes allocated under it at the "
                 "peak; callers above, callees below, largest first. Blue is the project's own "
                 "code, orange libstdc++, grey libc, the loader and the allocator."),
        data={"total_bytes": root.bytes, "depth": depth, "boxes": boxes, "own_frames": own})
