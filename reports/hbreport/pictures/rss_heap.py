"""Picture 5: peak heap beside peak RSS, per case, on one fixture.

Heap alone is not the whole story: an mmap reader has ~0 heap and a
file-sized resident set. RSS is taken from the runs under `track` when
there are any (in-process, near native), else from the other tools, whose
own memory inflates it (the picture then says so).
"""

import numpy
from matplotlib.patches import Patch

from .. import palette, units
from . import common

NAME = "rss_vs_heap"
TITLE = "Peak heap vs peak RSS per case"
CAPTION = ("For each case, the solid bar is the peak live heap and the hatched bar the peak "
           "resident set size (from wait4). They part where memory is not heap: mmap maps the "
           "file, so its RSS grows with the file while its heap stays at the baseline.")
RSS_TOOL_PREFERENCE = ("track", "heaptrack", "massif")
FLOOR = 1
RSS_ONLY = "rss"  # the tool that measures a resident set and no heap (Go readers)


def _fixtures(results, tool):
    return {r.fixture for r in results.results
            if r.tool == tool and r.measured and r.max_rss_bytes and r.role == "case"}


def choose(results):
    """Returns (tool, fixture) whose rows this picture shows, or (None, None).

    The `rss` tool measures no heap, so it is chosen only when no other tool
    recorded an RSS; otherwise a fixture where `rss` rows (Go readers) also
    ran is preferred, so they stand beside the heap-measured cases.
    """
    others = sorted({r.tool for r in results.results} - set(RSS_TOOL_PREFERENCE) - {RSS_ONLY})
    rss_fixtures = _fixtures(results, RSS_ONLY)
    for tool in RSS_TOOL_PREFERENCE + tuple(others) + (RSS_ONLY,):
        fixtures = _fixtures(results, tool)
        if fixtures:
            fixtures = (fixtures & rss_fixtures) or fixtures
            fixture = max(fixtures, key=lambda f: (results.fixtures[f].max_file, f))
            return tool, fixture
    return None, None


def make(results, out_dir):
    tool, fixture = choose(results)
    if tool is None:
        return [common.omitted(NAME, TITLE, CAPTION, "No measured job recorded a peak RSS.")]
    rows = [r for r in results.results if r.tool == tool and r.fixture == fixture
            and r.measured and r.max_rss_bytes]
    rows.sort(key=lambda r: (r.role != "baseline", r.case))
    if tool != RSS_ONLY:
        rows += sorted((r for r in results.cases() if r.tool == RSS_ONLY and
                        r.fixture == fixture and r.measured and r.max_rss_bytes),
                       key=lambda r: r.case)
    fig, ax = common.new_figure(max(7, 1.6 * len(rows) + 2), 5.6)
    xs = numpy.arange(len(rows))
    width = 0.38
    drawn = []
    for x, row in zip(xs, rows):
        drawn.append(_draw_pair(ax, x, row, width))
    ax.set_yscale("log")
    values = [max(v, FLOOR) for d in drawn for v in (d["heap_bytes"], d["rss_bytes"])
              if v is not None]
    ax.set_ylim(min(values) / 3, max(values) * 4)
    common.byte_axis(ax.yaxis, log=True)
    ax.set_xticks(xs)
    ax.set_xticklabels([tick_label(r) for r in rows], rotation=0, fontsize=8.5)
    ax.grid(axis="x", visible=False)
    ax.set_ylabel("bytes (log scale)")
    fixture_info = results.fixtures[fixture]
    ax.set_title(f"{TITLE} on fixture '{fixture}' (largest file "
                 f"{units.format_bytes(fixture_info.max_file)}), measured under {tool}",
                 loc="left")
    key = [Patch(facecolor="#999999", edgecolor="black", label="peak heap (gross, live malloc bytes)"),
           Patch(facecolor="white", edgecolor="#555555", hatch="///", label="peak RSS (wait4)")]
    ax.legend(handles=key, loc="upper left", ncol=2, frameon=False)
    notes = below_heap_notes(drawn)
    reserve = 0.0
    if notes:
        # Below the axes, where no bar can hide it.
        reserve = (0.2 + 0.17 * 2 * len(notes)) / fig.get_figheight()
        fig.text(0.01, 0.01, "\n".join(notes), ha="left", va="bottom", fontsize=8.5,
                 bbox={"boxstyle": "round,pad=0.4", "fc": "#fff8e6", "ec": "#c9a24a"})
    fig.tight_layout(rect=(0, reserve, 1, 1))
    png, svg = common.save(fig, out_dir, NAME)
    note = ""
    if tool not in ("track", RSS_ONLY):
        note = (f"RSS here was measured under {tool}, whose own memory is part of the resident "
                f"set; only the differences between cases are meaningful.")
    return [common.Picture(name=NAME, title=TITLE, caption=CAPTION, png=png, svg=svg, note=note,
                           data={"tool": tool, "fixture": fixture, "bars": drawn,
                                 "notes": notes})]


def tick_label(row):
    """Returns the x label: the case (marked as a program), and what was measured."""
    text = row.label.replace(" (program", "\n(program")
    if row.role == "baseline":
        text += " (reference)"
    if row.tool == RSS_ONLY:
        text += "\nrss tool: no heap"
    return text


def _draw_pair(ax, x, row, width):
    """Draws a row's heap bar (none under the rss tool) and RSS bar; returns what was drawn."""
    color = palette.case_color(row.case)
    heap = row.peak_bytes if row.heap_measured else None
    if heap is not None:
        ax.bar(x - width / 2, max(heap, FLOOR), width, color=color, edgecolor="black",
               linewidth=0.5)
    ax.bar(x + width / 2, row.max_rss_bytes, width, color="white", edgecolor=color,
           hatch="///", linewidth=1.5)
    for offset, value in ((-width / 2, heap), (width / 2, row.max_rss_bytes)):
        if value is not None:
            ax.annotate(units.format_bytes(value), (x + offset, max(value, FLOOR)),
                        xytext=(0, 3), textcoords="offset points", ha="center", va="bottom",
                        fontsize=8.5)
    return {"case": row.case, "role": row.role, "tool": row.tool, "program": row.program,
            "verified": row.verified, "heap_bytes": heap, "rss_bytes": row.max_rss_bytes,
            "rss_over_heap": None if heap is None else row.max_rss_bytes / max(heap, 1)}


def below_heap_notes(bars):
    """Explains each case whose peak RSS is below its peak heap (whole-file readers)."""
    notes = []
    for bar in bars:
        if bar["role"] == "case" and bar["heap_bytes"] and 0 < bar["rss_bytes"] < bar["heap_bytes"]:
            notes.append(
                f"{bar['case']}: RSS {units.format_bytes(bar['rss_bytes'])} is below its heap "
                f"peak {units.format_bytes(bar['heap_bytes'])}. The heap counts bytes requested, RSS "
                f"counts pages touched:\n    the pages of a freshly grown buffer that are not "
                f"yet written (or freed before they are) are never resident.")
    return notes
