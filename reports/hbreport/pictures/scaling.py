"""Picture 3: net peak against the largest file over the ladder-* fixtures.

Log-log, one line per case with its fitted slope written on it: a slope
near 0 means the reader's memory does not grow with the input (streaming),
near 1 means it grows in proportion to the largest file (whole-file).
"""

import math

import numpy

from .. import palette
from . import common

NAME = "scaling"
TITLE = "Net peak heap vs largest file over the ladder fixtures (log-log)"
CAPTION = ("Each line is one case measured on fixtures whose largest file grows 4x per rung. "
           "The slope written on each line is fitted in log-log space: 0 = memory independent "
           "of file size (streaming), 1 = memory proportional to the largest file.")
FLOOR = 1  # Bytes: where a zero net peak is drawn on the log axis.


def fit_slope(points):
    """Returns the least-squares slope of log(y) on log(x), or None.

    Uses the points with x > 0 and y > 0; needs two distinct x values.
    """
    usable = [(x, y) for x, y in points if x > 0 and y > 0]
    if len({x for x, _ in usable}) < 2:
        return None
    xs = numpy.log([x for x, _ in usable])
    ys = numpy.log([y for _, y in usable])
    return float(numpy.polyfit(xs, ys, 1)[0])


def ladder_tool(results):
    """Returns the tool with the most ladder rows (track preferred), or None."""
    ladders = set(results.ladder_fixtures())
    counts = {}
    for r in results.cases():
        if r.fixture in ladders and r.measured:
            counts[r.tool] = counts.get(r.tool, 0) + 1
    if not counts:
        return None
    preference = ["track"] + [t for t in sorted(counts, key=results.tool_rank) if t != "track"]
    return max(counts, key=lambda t: (counts[t], -preference.index(t) if t in preference else -99))


def make(results, out_dir):
    ladders = results.ladder_fixtures()
    tool = ladder_tool(results)
    if tool is None:
        return [common.omitted(NAME, TITLE, CAPTION,
                               "No ladder-* fixture was measured, so there is no scaling picture. "
                               "Run the suite with --fixture ladder-1 ... --fixture ladder-256 "
                               "(the default suite does, under track).")]
    series = {}
    for r in results.cases():
        if r.fixture in ladders and r.tool == tool and r.measured:
            x = results.fixtures[r.fixture].max_file
            series.setdefault(r.case, []).append((x, r.net_peak_bytes, r.fixture))
    fig, ax = common.new_figure(10, 6.2)
    lines, labels = {}, []
    all_x = sorted({x for points in series.values() for x, _, _ in points})
    for case in sorted(series):
        points = sorted(series[case])
        slope = fit_slope([(x, y) for x, y, _ in points])
        if slope is not None:
            slope = round(slope, 2) + 0.0  # Shows -0.001 as 0.00, not -0.00.
        color = palette.case_color(case)
        xs = [x for x, _, _ in points]
        ys = [max(y, FLOOR) for _, y, _ in points]
        zero = all(y <= 0 for _, y, _ in points)
        ax.plot(xs, ys, color=color, marker="o", linewidth=2,
                markerfacecolor="white" if zero else color,
                label=f"{case} (slope {slope:.2f})" if slope is not None else f"{case}")
        label = f"{case}: 0 B at every size (drawn at 1 B)" if zero else (
            f"{case}: slope {slope:.2f}" if slope is not None else f"{case}: slope n/a")
        labels.append((ys[-1], xs[-1], label, color))
        lines[case] = {"points": [(x, y, f) for x, y, f in points], "slope": slope,
                       "label": label}
    ax.set_xscale("log")
    ax.set_yscale("log")
    ys = [max(y, FLOOR) for points in series.values() for _, y, _ in points]
    ax.set_ylim(min(ys) / 3, max(ys) * 4)
    # Room on the right for the slope labels.
    ax.set_xlim(all_x[0] / 1.6, all_x[-1] * (12 if len(all_x) > 1 else 6))
    common.byte_axis(ax.xaxis, log=True)
    common.byte_axis(ax.yaxis, log=True)
    ax.set_xticks(all_x)
    _place_labels(ax, labels)
    for x in all_x:
        name = [f for points in series.values() for xx, _, f in points if xx == x][0]
        ax.annotate(name, (x, 0), xycoords=("data", "axes fraction"), xytext=(0, -26),
                    textcoords="offset points", ha="center", fontsize=8, color="#666666",
                    annotation_clip=False)
    ax.set_xlabel("largest file in the fixture (fixture name below)", labelpad=16)
    ax.set_ylabel("net peak heap (peak \u2212 baseline)")
    ax.set_title(f"{TITLE}, measured by {tool}", loc="left")
    fig.tight_layout()
    png, svg = common.save(fig, out_dir, NAME)
    note = ""
    if len(all_x) < 2:
        note = "Only one ladder rung was measured, so no slope can be fitted."
    return [common.Picture(name=NAME, title=TITLE, caption=CAPTION, png=png, svg=svg, note=note,
                           data={"tool": tool, "lines": lines})]


def _place_labels(ax, labels):
    """Writes each line's label right of its last point, nudged apart vertically."""
    low, high = (math.log10(v) for v in ax.get_ylim())
    gap = (high - low) * 0.045
    placed = []
    for y, x, text, color in sorted(labels):
        position = math.log10(y)
        if placed and position - placed[-1] < gap:
            position = placed[-1] + gap
        placed.append(position)
        ax.annotate(text, (x, y), xytext=(x * 1.25, 10 ** position), textcoords="data",
                    va="center", fontsize=9.5, color=color, fontweight="bold",
                    arrowprops={"arrowstyle": "-", "color": color, "alpha": 0.5,
                                "shrinkA": 0, "shrinkB": 4})
