"""Picture 2: net peak against bound for every case on every fixture.

One row per (case, fixture), log scale: the net peak as a point in the
case's colour, the bound as a black tick and a thin line between them for
the gap, red where the bound is broken (a fail, or a negative control that
stayed under). Points, not bars: a bar on a log axis starts at an
arbitrary value, so its length means nothing. A 0-B net peak has no place
on a log axis; it is a hollow marker at the axis start. Negative controls
are triangles.
"""

import math

from matplotlib.lines import Line2D

from .. import palette, selection, units
from . import common

NAME = "peak_vs_bound"
CAPTION = ("Each row is one case on one fixture: the point is the net peak (peak minus the "
           "baseline), the black tick the bound, the thin line the gap between them. Points must "
           "sit left of their tick, except negative controls (triangles), which must sit right of "
           "it; a red row broke its bound. A hollow marker at the left edge is a net peak of 0 B. "
           "Where several tools measured a row, the worst is shown.")
FLOOR = 1  # Bytes: where a zero net peak is drawn on the log axis.


def make(results, out_dir):
    title = "Net peak heap vs bound, every case on every fixture"
    rows = selection.one_per_case_fixture(results.cases())
    if not rows:
        return [common.omitted(NAME, title, CAPTION, "The results hold no case rows.")]
    # Group by fixture in run order, then by case name, top to bottom.
    fixtures = results.fixture_names()
    rows.sort(key=lambda r: (fixtures.index(r.fixture), r.case))
    height = 1.0 + 0.32 * len(rows) + 0.28 * _key_rows(rows)
    fig, ax = common.new_figure(12, height)
    values = [v for r in rows for v in (r.net_peak_bytes, r.bound_bytes)
              if r.measured and v is not None and v > 0]
    low = max(FLOOR, min(values) / 4) if values else FLOOR
    low = 2 ** int(math.floor(math.log2(low)))
    high = max(values) * 3 if values else 1024
    drawn = []
    tools = sorted({r.tool for r in rows}, key=results.tool_rank)
    for y, row in enumerate(reversed(rows)):
        drawn.append(_row(ax, y, row, low))
    drawn.reverse()
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels([_label(r) for r in reversed(rows)])
    for tick, row in zip(ax.get_yticklabels(), reversed(rows)):
        if row.broken:
            tick.set_color(palette.BROKEN)
    ax.set_xscale("log")
    ax.set_xlim(low, high)
    ax.set_ylim(-0.7, len(rows) - 0.3)
    common.byte_axis(ax.xaxis, log=True)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel("net peak heap (peak \u2212 baseline), log scale")
    # Fixture groups get a separating line.
    for y in range(1, len(rows)):
        if list(reversed(rows))[y].fixture != list(reversed(rows))[y - 1].fixture:
            ax.axhline(y - 0.5, color="#999999", linewidth=0.8)
    ax.set_title(f"{title} (measured by {', '.join(tools)})", loc="left")
    key = _key(rows)
    fig.legend(handles=key, loc="lower center", ncol=4, frameon=False, fontsize=8.5)
    fig.tight_layout(rect=(0, _key_rows(rows) * 0.28 / height, 1, 1))
    png, svg = common.save(fig, out_dir, NAME)
    return [common.Picture(name=NAME, title=title, caption=CAPTION, png=png, svg=svg,
                           data={"rows": drawn, "key": [
                               {"label": k.get_label(), "color": k.get_color(),
                                "marker": k.get_marker(), "face": k.get_markerfacecolor()}
                               for k in key]})]


def _label(row):
    rss = " [RSS, not heap]" if not row.heap_measured else ""
    return f"{row.label} on {row.fixture}{rss}"


def _key_rows(rows):
    return (len({r.case for r in rows}) + 5 + 3) // 4


def _key(rows):
    """Returns the legend: one swatch per case as drawn, then the marks' meanings."""
    key = [Line2D([], [], color=palette.case_color(c), marker="o", markersize=8,
                  linestyle="none", label=c) for c in sorted({r.case for r in rows})]
    key += [
        Line2D([], [], color=palette.BOUND, marker="|", markersize=14, markeredgewidth=2.5,
               linestyle="none", label="bound"),
        Line2D([], [], color="#555555", marker="o", markerfacecolor="white", markersize=8,
               linestyle="none", label="0 B net peak (drawn at the left edge)"),
        Line2D([], [], color="#555555", marker="^", markersize=8, linestyle="none",
               label="negative control (must exceed)"),
        Line2D([], [], color=palette.BROKEN, marker="o", markersize=8, linewidth=1.5,
               label="bound broken"),
        Line2D([], [], color="#999999", linewidth=1.5, label="gap between net peak and bound"),
    ]
    return key


def _row(ax, y, row, low):
    color = palette.BROKEN if row.broken else palette.case_color(row.case)
    drawn = {"case": row.case, "fixture": row.fixture, "tool": row.tool, "status": row.status,
             "net_peak_bytes": row.net_peak_bytes, "bound_bytes": row.bound_bytes,
             "broken": row.broken, "control": row.expect == "exceed", "point": None,
             "hollow": False, "color": color}
    marker = "^" if row.expect == "exceed" else "o"
    if row.measured:
        x = row.net_peak_bytes if row.net_peak_bytes > low else low
        drawn["point"] = x
        drawn["hollow"] = row.net_peak_bytes <= low
        if row.bound_bytes is not None:
            ax.plot([x, max(row.bound_bytes, low)], [y, y], color=palette.BROKEN if row.broken
                    else "#999999", linewidth=1.5, zorder=2, clip_on=False)
        ax.plot([x], [y], marker=marker, markersize=9, linestyle="none", clip_on=False,
                markerfacecolor="white" if drawn["hollow"] else color, markeredgewidth=1.5,
                markeredgecolor=color, zorder=4)
    if row.bound_bytes is not None:
        ax.plot([max(row.bound_bytes, FLOOR)], [y], marker="|", color=palette.BOUND,
                markersize=16, markeredgewidth=2.5, zorder=5)
    text = _status_text(row)
    drawn["text"] = text
    ax.annotate(text, (1.0, y), xycoords=("axes fraction", "data"), xytext=(6, 0),
                textcoords="offset points", va="center", fontsize=8.5,
                color=palette.BROKEN if row.broken else "#333333", annotation_clip=False)
    return drawn


def _status_text(row):
    if not row.measured:
        return f"{row.status}: {row.message[:40]}" if row.message else row.status
    net = units.format_bytes(row.net_peak_bytes)
    if row.bound_bytes is None:
        return f"{row.status}, {net}, no bound"
    bound = units.format_bytes(row.bound_bytes)
    return (f"{row.status}: {net} vs bound {bound}, "
            f"{units.describe_gap(row.net_peak_bytes, row.bound_bytes)}")
