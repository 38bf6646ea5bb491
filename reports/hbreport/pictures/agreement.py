"""Picture 4: do the tools agree? Net peak by one tool against another.

Every (case, fixture) measured by the reference tool (massif when present)
and by another tool becomes one point; on the identity line they agree.
Heap peaks of these single-threaded readers are deterministic, so any
point off the line is a bug in a tool adapter, not noise.
"""

from matplotlib.lines import Line2D

from .. import palette, selection, units
from . import common

NAME = "tool_agreement"
TITLE = "Tool agreement: net peak heap measured by each tool, per job"
CAPTION = ("Each point is one case on one fixture, measured by two tools. On the diagonal they "
           "agree; the numbers should be equal to the byte, so any point off it is a bug in a "
           "tool adapter.")
FLOOR = 1


def pairs(results):
    """Returns (reference_tool, [pair]) with pair = dict of both measurements."""
    rows = [r for r in results.cases() if r.measured]
    tools = sorted({r.tool for r in rows}, key=selection.tool_rank)
    by_key = {(r.case, r.fixture, r.tool): r for r in rows}
    found = []
    for reference in tools:
        for r in rows:
            if r.tool != reference:
                continue
            for other in tools:
                if selection.tool_rank(other) <= selection.tool_rank(reference):
                    continue
                o = by_key.get((r.case, r.fixture, other))
                if o is not None:
                    found.append({"case": r.case, "fixture": r.fixture,
                                  "x_tool": reference, "x": r.net_peak_bytes,
                                  "y_tool": other, "y": o.net_peak_bytes,
                                  "equal": r.net_peak_bytes == o.net_peak_bytes})
    return found


def make(results, out_dir):
    found = pairs(results)
    if not found:
        tools = sorted({r.tool for r in results.cases()})
        return [common.omitted(NAME, TITLE, CAPTION,
                               f"No case was measured by two tools on the same fixture (tools in "
                               f"this run: {', '.join(tools) or 'none'}), so there is nothing to "
                               f"compare. The default suite runs small and seed under both massif "
                               f"and heaptrack.")]
    fig, ax = common.new_figure(8.5, 7)
    values = [max(v, FLOOR) for p in found for v in (p["x"], p["y"])]
    low, high = min(values) / 3, max(values) * 3
    ax.plot([low, high], [low, high], color="#888888", linestyle="--", linewidth=1, zorder=1)
    for p in found:
        ax.plot([max(p["x"], FLOOR)], [max(p["y"], FLOOR)], linestyle="none",
                marker=palette.tool_marker(p["y_tool"]), markersize=9,
                markerfacecolor=palette.case_color(p["case"]) if p["equal"] else "white",
                markeredgecolor=palette.BROKEN if not p["equal"] else "black",
                markeredgewidth=1.8 if not p["equal"] else 0.6, alpha=0.85, zorder=3)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(low, high)
    ax.set_ylim(low, high)
    ax.set_aspect("equal")
    common.byte_axis(ax.xaxis, log=True)
    common.byte_axis(ax.yaxis, log=True)
    x_tools = sorted({p["x_tool"] for p in found}, key=selection.tool_rank)
    y_tools = sorted({p["y_tool"] for p in found}, key=selection.tool_rank)
    ax.set_xlabel(f"net peak by {' / '.join(x_tools)}")
    ax.set_ylabel(f"net peak by {' / '.join(y_tools)}")
    equal = sum(p["equal"] for p in found)
    worst = max(found, key=lambda p: abs(p["x"] - p["y"]))
    verdict = (f"{equal} of {len(found)} pairs equal to the byte" if equal == len(found) else
               f"{len(found) - equal} of {len(found)} pairs differ; worst: {worst['case']} on "
               f"{worst['fixture']}, {worst['x_tool']} {units.format_exact(worst['x'])} vs "
               f"{worst['y_tool']} {units.format_exact(worst['y'])}")
    ax.set_title(f"{TITLE}\n{verdict}", loc="left",
                 color="black" if equal == len(found) else palette.BROKEN)
    cases = sorted({p["case"] for p in found})
    key = [Line2D([], [], color=palette.case_color(c), marker="o", linestyle="none",
                  markersize=8, label=c) for c in cases]
    key += [Line2D([], [], color="black", marker=palette.tool_marker(t), linestyle="none",
                   markerfacecolor="white", markersize=8, label=f"{t} (y axis)")
            for t in y_tools]
    key.append(Line2D([], [], color="#888888", linestyle="--", label="identity: tools agree"))
    # The key sits outside the axes, so it covers no point.
    ax.legend(handles=key, loc="upper left", bbox_to_anchor=(1.02, 1.0), frameon=False)
    fig.tight_layout()
    png, svg = common.save(fig, out_dir, NAME)
    return [common.Picture(name=NAME, title=TITLE, caption=CAPTION, png=png, svg=svg,
                           note="" if equal == len(found) else verdict,
                           data={"pairs": found, "equal": equal})]
