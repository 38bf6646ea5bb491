"""One axes of heap over time, drawn as net heap (live heap minus the baseline) against the bound.

Bounds apply to the net peak, so the bound is a line at its own value and
the headroom is the gap between the line and the peak: on a small reader
it is a few KiB that a gross axis (0 to the 73 KiB baseline) hides. The
start-up ramp below the baseline is clipped at the bottom of the axes.
Baselines (no bound) are drawn gross.
"""

from .. import palette, units
from . import common


def series(row):
    """Returns (times, values, net) of a row's timeline: net heap when the row has a bound."""
    times = [t for t, _ in row.timeline.points]
    heap = [h for _, h in row.timeline.points]
    net = row.measured and row.bound_bytes is not None and row.role == "case"
    base = (row.baseline_bytes or 0) if net else 0
    return times, [h - base for h in heap], net


def draw(ax, row, label_size=9, label_bound=False):
    """Draws the row's timeline on ax; returns the numbers drawn."""
    times, values, net = series(row)
    color = palette.case_color(row.case)
    peak = row.net_peak_bytes if net else (row.peak_bytes or max(values))
    top = max(max(values), peak)
    if net:
        top = max(top, row.bound_bytes)
    low = -0.12 * top if net else 0
    ax.step(times, values, where="post", color=color, linewidth=1.6)
    ax.fill_between(times, [max(v, low) for v in values], low, step="post", color=color,
                    alpha=0.12)
    bound_line = None
    if net:
        bound_line = row.bound_bytes
        ax.axhline(bound_line, color=palette.BROKEN if row.broken else palette.BOUND,
                   linestyle="--", linewidth=1.2)
        ax.axhline(0, color=palette.BASELINE, linestyle=":", linewidth=1.0)
    peak_index = max(range(len(values)), key=lambda i: values[i])
    peak_time = times[peak_index]
    ax.plot([peak_time], [peak], marker="o", color=color, markeredgecolor="black", zorder=5)
    start, end = times[0], times[-1] if times[-1] > times[0] else times[0] + 1
    right = peak_time > (start + end) / 2
    peak_label = (f"net peak {units.format_bytes(peak)}" if net
                  else f"peak {units.format_bytes(peak)}")
    ax.annotate(peak_label, (peak_time, peak), xytext=(-6 if right else 6, 5),
                textcoords="offset points", ha="right" if right else "left", va="bottom",
                fontsize=label_size, fontweight="bold",
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8})
    if net and label_bound:
        gap = units.describe_gap(row.net_peak_bytes, row.bound_bytes)
        ax.annotate(f"bound {units.format_bytes(row.bound_bytes)} ({gap})",
                    (1.0, bound_line), xycoords=("axes fraction", "data"), xytext=(-4, 3),
                    textcoords="offset points", ha="right", va="bottom", fontsize=label_size - 1,
                    color=palette.BROKEN if row.broken else palette.BOUND)
    ax.set_ylim(low, top * 1.3 if top > 0 else 1)
    ax.set_xlim(start, end)
    common.byte_axis(ax.yaxis)
    if row.timeline.time_unit == "bytes allocated":
        common.byte_axis(ax.xaxis)
        ax.set_xlabel("time = bytes allocated so far")
    else:
        ax.set_xlabel(f"time ({row.timeline.time_unit})")
    if net:
        ax.set_ylabel(f"net heap (\u2212 baseline {units.format_bytes(row.baseline_bytes)})")
    else:
        ax.set_ylabel("live heap")
    return {"case": row.case, "net": net, "peak_bytes": peak, "peak_time": peak_time,
            "peak_label": peak_label, "bound_line_bytes": bound_line,
            "baseline_bytes": row.baseline_bytes or 0, "points": len(values),
            "max_value_in_timeline": max(values), "y_low": low}
