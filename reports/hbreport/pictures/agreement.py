"""Picture 4: do the tools agree? Each tool's net peak against the reference tool's.

The reference is the first tool of the run's tool order (results.json's
"tools", else the order of its rows: massif in the default suite). Left:
every (case, fixture) measured by the reference and by another tool is one
point; on the identity line they agree. Right: the
difference in bytes per job, so "equal to the byte" is visible at a glance.
Heap peaks of these single-threaded readers are deterministic, so any
point off the line is a bug in a tool adapter, not noise.
"""

from matplotlib.lines import Line2D

from .. import palette, units
from . import common

NAME = "tool_agreement"
TITLE = "Tool agreement: net peak heap of each job as measured by each tool"
CAPTION = ("Left: each point is one case on one fixture, the reference tool's net peak against "
           "another tool's; on the diagonal they agree. Right: the difference in bytes per job. "
           "The tools are exact for these readers, so any difference is a bug in a tool adapter.")
FLOOR = 1


def pairs(results):
    """Returns [pair]: each job of the reference tool beside the same job of another tool."""
    rows = [r for r in results.cases() if r.measured]
    tools = sorted({r.tool for r in rows}, key=results.tool_rank)
    if len(tools) < 2:
        return []
    reference = tools[0]
    by_key = {(r.case, r.fixture, r.tool): r for r in rows}
    found = []
    for r in rows:
        if r.tool != reference:
            continue
        for other in tools[1:]:
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
    reference = found[0]["x_tool"]
    others = sorted({p["y_tool"] for p in found}, key=results.tool_rank)
    equal = sum(p["equal"] for p in found)
    table = agreement_table(found, reference, others)
    if equal == len(found):
        # Nothing to see in a difference panel of zeros: say it and show the numbers.
        statement = (f"All {len(found)} comparisons are equal to the byte: {reference}, "
                     f"{' and '.join(others)} measure the same net peak for every case on every "
                     f"fixture they share.")
        return [common.Picture(name=NAME, title=TITLE, caption=CAPTION, statement=statement,
                               table=table, data={"reference": reference, "pairs": found,
                                                  "equal": equal})]
    jobs = []
    for p in found:
        if (p["case"], p["fixture"]) not in jobs:
            jobs.append((p["case"], p["fixture"]))
    fig, (ax, diff) = common.new_figure(
        13, max(5.5, 1.6 + 0.3 * len(jobs)), ncols=2, gridspec_kw={"width_ratios": [1.1, 1]})
    _scatter(ax, found, reference, others)
    _differences(diff, found, jobs, reference, others)
    worst = max(found, key=lambda p: abs(p["x"] - p["y"]))
    verdict = (f"all {len(found)} comparisons equal to the byte" if equal == len(found) else
               f"{len(found) - equal} of {len(found)} comparisons differ; worst: "
               f"{worst['case']} on {worst['fixture']}, {worst['x_tool']} "
               f"{units.format_exact(worst['x'])} vs {worst['y_tool']} "
               f"{units.format_exact(worst['y'])}")
    fig.suptitle(f"{TITLE}: {verdict}", fontsize=12,
                 color="black" if equal == len(found) else palette.BROKEN)
    fig.tight_layout()
    png, svg = common.save(fig, out_dir, NAME)
    return [common.Picture(name=NAME, title=TITLE, caption=CAPTION, png=png, svg=svg,
                           note=verdict, statement=verdict[0].upper() + verdict[1:] + ".",
                           table=table,
                           data={"reference": reference, "pairs": found, "equal": equal})]


def agreement_table(found, reference, others):
    """Returns [header, row...]: each (case, fixture) with every tool's net peak to the byte."""
    header = ["case", "fixture", f"{reference} (reference)"] + others + ["agree"]
    rows, index = [], {}
    for p in found:
        key = (p["case"], p["fixture"])
        if key not in index:
            index[key] = len(rows)
            rows.append([p["case"], p["fixture"], units.format_exact(p["x"])]
                        + ["\u2014"] * len(others) + ["yes"])
        row = rows[index[key]]
        row[3 + others.index(p["y_tool"])] = units.format_exact(p["y"])
        if not p["equal"]:
            row[-1] = f"no: {p['y_tool']} {p['y'] - p['x']:+,} B"
    return [header] + rows


def _scatter(ax, found, reference, others):
    values = [max(v, FLOOR) for p in found for v in (p["x"], p["y"])]
    low, high = min(values) / 3, max(values) * 3
    ax.plot([low, high], [low, high], color="#888888", linestyle="--", linewidth=1, zorder=1)
    for p in found:
        # Hollow, bigger markers for the later tools, so coinciding points stay visible.
        size = 8 + 5 * others.index(p["y_tool"])
        ax.plot([max(p["x"], FLOOR)], [max(p["y"], FLOOR)], linestyle="none",
                marker=palette.tool_marker(p["y_tool"]), markersize=size,
                markerfacecolor="none", markeredgewidth=2,
                markeredgecolor=palette.case_color(p["case"]) if p["equal"] else palette.BROKEN,
                zorder=3)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(low, high)
    ax.set_ylim(low, high)
    ax.set_aspect("equal")
    common.byte_axis(ax.xaxis, log=True)
    common.byte_axis(ax.yaxis, log=True)
    zero = " (0 B drawn at 1 B)" if any(min(p["x"], p["y"]) <= 0 for p in found) else ""
    ax.set_xlabel(f"net peak by {reference} (reference){zero}")
    ax.set_ylabel(f"net peak by {' and '.join(others)}")
    ax.set_title("each job: other tool vs reference", loc="left", fontsize=10)
    cases = sorted({p["case"] for p in found})
    key = [Line2D([], [], color=palette.case_color(c), marker="s", linestyle="none",
                  markersize=8, label=c) for c in cases]
    key += [Line2D([], [], color="black", marker=palette.tool_marker(t), linestyle="none",
                   markerfacecolor="none", markersize=8, label=f"measured by {t}")
            for t in others]
    key.append(Line2D([], [], color="#888888", linestyle="--", label="identity: tools agree"))
    ax.legend(handles=key, loc="upper left", frameon=True, framealpha=0.95, fontsize=8.5)


def _differences(ax, found, jobs, reference, others):
    diffs = [p["y"] - p["x"] for p in found]
    span = max(abs(d) for d in diffs) or 1
    offsets = {t: (i - (len(others) - 1) / 2) * 0.25 for i, t in enumerate(others)}
    for p in found:
        y = len(jobs) - 1 - jobs.index((p["case"], p["fixture"])) + offsets[p["y_tool"]]
        d = p["y"] - p["x"]
        ax.plot([d], [y], marker=palette.tool_marker(p["y_tool"]), linestyle="none",
                markersize=8, markerfacecolor="none", markeredgewidth=2,
                markeredgecolor=palette.case_color(p["case"]) if d == 0 else palette.BROKEN)
    ax.axvline(0, color="#888888", linestyle="--", linewidth=1)
    ax.set_xlim(-span * 1.3, span * 1.3)
    common.byte_axis(ax.xaxis)
    ax.set_yticks(range(len(jobs)))
    ax.set_yticklabels([f"{c} on {f}" for c, f in reversed(jobs)])
    ax.set_ylim(-0.7, len(jobs) - 0.3)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel(f"difference: other tool \u2212 {reference}")
    ax.set_title("difference per job (0 = equal to the byte)", loc="left", fontsize=10)
