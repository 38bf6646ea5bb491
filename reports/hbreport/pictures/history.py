"""History: net peak per case over commits, the bound as a line.

One panel per (case, fixture), commits left to right (oldest first, as
given), labelled by their short git commit. The net peak is a solid line
with a marker per run (red where the bound broke); the bound is a dashed
step line, so a blessed bound shows as a step. ladder-* fixtures are left
out when others are present (the scaling picture covers them).
"""

import math
import re

from matplotlib.lines import Line2D

from .. import palette, units
from . import common

NAME = "history"
TITLE = "Net peak over commits"
CAPTION = ("One panel per case and fixture: the net peak of each run, oldest commit left, "
           "and its bound as a dashed line. A rising line is a regression on its way; a "
           "drop in the dashed line is a bless. Red markers broke their bound.")
COLUMNS = 3
BROKEN = ("fail", "xpass")
LADDER = re.compile(r"^ladder-")
TOOL_PREFERENCE = ("massif", "heaptrack", "track")


def make(runs, out_dir):
    """Draws the history of `runs` (oldest first); returns [Picture]."""
    if len(runs) < 2:
        return [common.omitted(NAME, TITLE, CAPTION,
                               f"A history needs at least two runs; got {len(runs)}.")]
    panels = _panels(runs)
    if not panels:
        return [common.omitted(NAME, TITLE, CAPTION, "The runs hold no case rows.")]
    rows = math.ceil(len(panels) / COLUMNS)
    columns = min(COLUMNS, len(panels))
    fig, axes = common.new_figure(4.2 * columns, 0.6 + 2.7 * rows, nrows=rows, ncols=columns,
                                  squeeze=False)
    labels = [run.label for run in runs]
    drawn = []
    for index, (case, fixture, tool) in enumerate(panels):
        ax = axes[index // columns][index % columns]
        drawn.append(_panel(ax, runs, labels, case, fixture, tool))
    for index in range(len(panels), rows * columns):
        axes[index // columns][index % columns].set_visible(False)
    key = [Line2D([], [], color="#555555", marker="o", label="net peak"),
           Line2D([], [], color=palette.BOUND, linestyle="--", label="bound"),
           Line2D([], [], color=palette.BROKEN, marker="o", linestyle="none",
                  label="bound broken")]
    fig.legend(handles=key, loc="lower center", ncol=3, frameon=False)
    fig.suptitle(f"{TITLE} ({len(runs)} runs, oldest first)", x=0.01, ha="left")
    fig.tight_layout(rect=(0, 0.35 / (0.6 + 2.7 * rows), 1, 0.97))
    png, svg = common.save(fig, out_dir, NAME)
    return [common.Picture(name=NAME, title=TITLE, caption=CAPTION, png=png, svg=svg,
                           data={"commits": labels, "panels": drawn})]


def _panels(runs):
    """Returns (case, fixture, tool) per panel, in the newest run's order."""
    keys = []
    for run in reversed(runs):
        for key in run.rows:
            if (key[0], key[1]) not in [(k[0], k[1]) for k in keys]:
                keys.append(key)
    if any(not LADDER.match(k[1]) for k in keys):
        keys = [k for k in keys if not LADDER.match(k[1])]
    panels = []
    for case, fixture, _ in keys:
        tools = {k[2] for run in runs for k in run.rows if k[:2] == (case, fixture)}
        tool = min(tools, key=lambda t: (TOOL_PREFERENCE.index(t)
                                         if t in TOOL_PREFERENCE else len(TOOL_PREFERENCE), t))
        panels.append((case, fixture, tool))
    panels.sort(key=lambda p: (p[1], p[0]))
    return panels


def _panel(ax, runs, labels, case, fixture, tool):
    rows = [run.rows.get((case, fixture, tool)) for run in runs]
    net = [r.net_peak_bytes if r else None for r in rows]
    bound = [r.bound_bytes if r else None for r in rows]
    x = list(range(len(runs)))
    color = palette.case_color(case)
    ax.plot(x, [math.nan if v is None else v for v in net], color=color, marker="o",
            linewidth=1.8, zorder=3)
    ax.plot(x, [math.nan if v is None else v for v in bound], color=palette.BOUND,
            linestyle="--", drawstyle="steps-mid", linewidth=1.2, zorder=2)
    broken = [i for i, r in enumerate(rows) if r and r.status in BROKEN]
    ax.plot([x[i] for i in broken], [net[i] for i in broken], color=palette.BROKEN,
            marker="o", markersize=8, linestyle="none", zorder=4)
    values = [v for v in net + bound if v is not None]
    top = max(values) if values else 1
    ax.set_ylim(0, max(1, top) * 1.15)
    common.byte_axis(ax.yaxis)
    ax.set_xticks(x)
    ax.set_xticklabels(labels, rotation=30, ha="right", fontsize=8)
    ax.set_xlim(-0.4, len(runs) - 0.6)
    ax.set_title(f"{case} on {fixture} ({tool})", loc="left", fontsize=10)
    known = [i for i, v in enumerate(net) if v is not None]
    if known:
        ax.annotate(units.format_bytes(net[known[-1]]), (known[-1], net[known[-1]]),
                    textcoords="offset points", xytext=(0, 7), ha="center", fontsize=8)
    return {"case": case, "fixture": fixture, "tool": tool, "net_peak_bytes": net,
            "bound_bytes": bound, "broken": broken}
