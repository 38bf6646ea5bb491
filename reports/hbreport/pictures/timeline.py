"""Picture 1: heap over time, one panel per case, on one fixture.

Draws each case's timeline (of the first tool in the run's tool order that
has one: massif in the default suite) as net heap, live heap minus the
baseline's peak, against the bound, because bounds apply to the net peak
and a small reader's headroom (a few KiB) vanishes on a gross axis that
starts at 0 and climbs to the 73 KiB baseline. Marks the net peak with its
value; the panel title says the gap to the bound in bytes.
whole_file_readall climbs in a staircase; chunk stays flat.
"""

import math

from matplotlib.lines import Line2D

from .. import palette, units
from ..results import LADDER
from . import common, net_heap

CAPTION = ("Net heap (live heap minus the baseline, the driver doing no reading) while each "
           "reader walks the fixture. The dashed line is the bound and the dot the net peak it "
           "was judged on, so the gap between them is the headroom; the dotted line at 0 is the "
           "baseline. Streaming readers stay flat a few KiB under their bound; whole-file "
           "readers climb in steps as their buffer grows.")


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
    title = f"Net heap over time against the bound, per case on fixture '{fixture}' ({tool})"
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
        Line2D([], [], color="#555555", linewidth=1.6, label="net heap (live heap \u2212 baseline)"),
        Line2D([], [], color=palette.BOUND, linestyle="--", label="bound on the net peak"),
        Line2D([], [], color=palette.BASELINE, linestyle=":", label="0 = baseline (driver doing no reading)"),
        Line2D([], [], color="#555555", marker="o", markeredgecolor="black", linestyle="none",
               label="net peak judged against the bound"),
    ]
    top = 1 - 0.55 / fig.get_figheight()
    fig.legend(handles=key, loc="upper center", ncol=4, frameon=False,
               bbox_to_anchor=(0.5, top))
    fig.tight_layout(rect=(0, 0, 1, top - 0.3 / fig.get_figheight()))
    png, svg = common.save(fig, out_dir, name)
    return common.Picture(name=name, title=title, caption=CAPTION, png=png, svg=svg,
                          data={"fixture": fixture, "tool": tool, "panels": panels})


def _panel(ax, row):
    panel = net_heap.draw(ax, row)
    ax.set_title(_panel_title(row), color=palette.BROKEN if row.broken else "black",
                 loc="left", fontsize=10)
    return panel


def _panel_title(row):
    head = f"{row.case}: {row.status}"
    if row.expect == "exceed":
        head += " (negative control: must exceed its bound)"
    if not row.measured:
        return f"{head}\nnot measured"
    text = units.describe_against_bound(row.net_peak_bytes, row.bound_bytes)
    if row.bound_bytes is not None and row.bound_expr and not units.is_plain_size(row.bound_expr):
        text += f" = {row.bound_expr}"
    return f"{head}\n{text}"


def _slug(text):
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in text)
