"""A job page's timeline: that job's net heap over time against its bound."""

from .. import palette, units
from . import common, net_heap


def make(row, jobs_dir):
    """Draws <job>.timeline.svg into jobs_dir; returns a Picture (omitted without a timeline)."""
    name = f"{row.job_id}.timeline"
    title = f"Heap over time: {row.case} on {row.fixture} under {row.tool}"
    if row.timeline is None:
        return common.omitted(name, title, "", f"{row.tool} recorded no timeline for this job.")
    fig, ax = common.new_figure(9.5, 3.6)
    panel = net_heap.draw(ax, row, label_bound=True)
    if panel["net"]:
        head = units.describe_against_bound(row.net_peak_bytes, row.bound_bytes)
    else:
        head = f"peak {units.format_exact(panel['peak_bytes'])}"
    ax.set_title(f"{row.case} on {row.fixture} ({row.tool}): {row.status}, {head}", loc="left",
                 fontsize=10, color=palette.BROKEN if row.broken else "black")
    common.fixed_margins(fig)
    svg = common.save_svg(fig, jobs_dir, name)
    caption = ("Net heap (live heap minus the baseline's peak) over the job; the dashed line is "
               "the bound, the dot the net peak judged against it." if panel["net"] else
               "Live heap over the job.")
    return common.Picture(name=name, title=title, caption=caption, svg=svg, png=None,
                          data=panel)
