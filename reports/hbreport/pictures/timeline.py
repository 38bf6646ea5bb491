"""Picture 1: heap over time, one panel per case, on one fixture.

Draws each case's timeline (of the first tool in the run's tool order that
has one: massif in the default suite),
the bound as a line at baseline + bound (timelines are gross heap, bounds
apply to the net peak), the baseline as a dotted line, and marks the peak
with its value. whole_file_readall climbs in a staircase; chunk stays flat.
"""

import math

from matplotlib.lines import Line2D

from .. import palette, units
from ..results import LADDER
from . import common

CAPTION = ("Live heap bytes while each reader walks the fixture (gross: includes the driver's "
           "baseline). The dashed line is where the bound lies (baseline + bound); the dot is "
           "the peak the bound was judged on. Streaming readers stay flat; whole-file readers "
           "climb in steps as their buffer grows.")


def timeline_tool(results, fixture):
    """Returns the tool whose timelines this fixture's picture shows, or None."""
    for tool in results.tools:
        if any(r.timeline and r.fixture == fixture and r.tool == tool and r.role == "case"
               for r in results.results):
            return tool
    return None


def timeline_fixtures(results):
    """Returns [(fixture, tool)] to draw, largest file first.

    Ladder fixtures are left to the scaling picture unless no other fixture
    has a timeline; then the largest rung is drawn.
    """
    chosen = [(f, timeline_tool(results, f)) for f in results.fixture_names()]
    chosen = [(f, t) for f, t in chosen if t]
    plain = [(f, t) for f, t in chosen if not LADDER.match(f)]
    size = lambda pair: -(results.fixtures[pair[0]].max_file if pair[0] in results.fixtures else 0)
    if plain:
        return sorted(plain, key=size)
    return sorted(chosen, key=size)[:1]


def make(results, out_dir):
    pictures = [make_one(results, fixture, tool, out_dir)
                for fixture, tool in timeline_fixtures(results)]
    if not pictures:
        pictures.append(common.omitted(
            "timeline", "Heap over time", CAPTION,
            "No result row has a timeline, so there is no heap-over-time picture. Run the suite "
            "under massif or heaptrack to get one."))
    return pictures


def make_one(results, fixture, tool, out_dir):
    rows = [r for r in results.cases() if r.fixture == fixture and r.tool == tool and r.timeline]
    name = f"timeline_{_slug(fixture)}_{tool}"
    title = f"Live heap over time per case on fixture '{fixture}' (measured by {tool})"
    columns = 2 if len(rows) > 1 else 1
    lines = math.ceil(len(rows) / columns)
    fig, axes = common.new_figure(6.4 * columns, 2.6 * lines + 0.9, nrows=lines, ncols=columns,
                                  squeeze=False)
    fig.suptitle(title, fontsize=13)
    panels = [_panel(ax, row) for ax, row in zip(axes.flat, rows)]
    for ax in list(axes.flat)[len(rows):]:
        ax.set_visible(False)
    # One key for the whole figure, above the panels, so no legend covers data.
    key = [
        Line2D([], [], color="#555555", linewidth=1.6, label="live heap (gross)"),
        Line2D([], [], color=palette.BOUND, linestyle="--", label="bound (baseline + allowed net peak)"),
        Line2D([], [], color=palette.BASELINE, linestyle=":", label="baseline (driver doing no reading)"),
        Line2D([], [], color="#555555", marker="o", markeredgecolor="black", linestyle="none",
               label="peak judged against the bound"),
    ]
    top = 1 - 0.55 / fig.get_figheight()
    fig.legend(handles=key, loc="upper center", ncol=4, frameon=False,
               bbox_to_anchor=(0.5, top))
    fig.tight_layout(rect=(0, 0, 1, top - 0.3 / fig.get_figheight()))
    png, svg = common.save(fig, out_dir, name)
    return common.Picture(name=name, title=title, caption=CAPTION, png=png, svg=svg,
                          data={"fixture": fixture, "tool": tool, "panels": panels})


def _panel(ax, row):
    timeline = row.timeline
    times = [t for t, _ in timeline.points]
    heap = [h for _, h in timeline.points]
    color = palette.case_color(row.case)
    ax.step(times, heap, where="post", color=color, linewidth=1.6)
    ax.fill_between(times, heap, step="post", color=color, alpha=0.12)
    # The result's peak, placed where the timeline reaches its maximum.
    peak_index = max(range(len(heap)), key=lambda i: heap[i])
    peak_time = times[peak_index]
    peak = row.peak_bytes
    base = row.baseline_bytes or 0
    top = max(max(heap), peak)
    bound_line = None
    if row.bound_bytes is not None:
        bound_line = base + row.bound_bytes
        ax.axhline(bound_line, color=palette.BROKEN if row.broken else palette.BOUND,
                   linestyle="--", linewidth=1.2)
        top = max(top, bound_line)
    if base:
        ax.axhline(base, color=palette.BASELINE, linestyle=":", linewidth=1.0)
    ax.plot([peak_time], [peak], marker="o", color=color, markeredgecolor="black", zorder=5)
    # The label sits in the headroom above the peak, toward the emptier side.
    start, end = times[0], times[-1] if times[-1] > times[0] else times[0] + 1
    right = peak_time > (start + end) / 2
    peak_label = f"peak {units.format_bytes(peak)}"
    ax.annotate(peak_label, (peak_time, peak), xytext=(-6 if right else 6, 5),
                textcoords="offset points", ha="right" if right else "left", va="bottom",
                fontsize=9, fontweight="bold",
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8})
    ax.set_ylim(0, top * 1.25 if top > 0 else 1)
    ax.set_xlim(start, end)
    common.byte_axis(ax.yaxis)
    if timeline.time_unit == "bytes allocated":
        common.byte_axis(ax.xaxis)
        ax.set_xlabel("time = bytes allocated so far")
    else:
        ax.set_xlabel(f"time ({timeline.time_unit})")
    ax.set_ylabel("live heap")
    ax.set_title(_panel_title(row), color=palette.BROKEN if row.broken else "black",
                 loc="left", fontsize=10)
    return {"case": row.case, "peak_bytes": peak, "peak_time": peak_time,
            "peak_label": peak_label, "bound_line_bytes": bound_line, "baseline_bytes": base,
            "points": len(timeline.points), "max_heap_in_timeline": max(heap)}


def _panel_title(row):
    head = f"{row.case}: {row.status}"
    if row.expect == "exceed":
        head += " (negative control: must exceed its bound)"
    text = f"net peak {units.format_bytes(row.net_peak_bytes)}"
    if row.bound_bytes is not None:
        relation = "\u2264" if row.net_peak_bytes <= row.bound_bytes else ">"
        text += f" {relation} bound {units.format_bytes(row.bound_bytes)}"
        if row.bound_expr and not units.is_plain_size(row.bound_expr):
            text += f" = {row.bound_expr}"
    return f"{head}\n{text}"


def _slug(text):
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in text)
