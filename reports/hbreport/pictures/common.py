"""What every picture shares: the Picture record, style, saving, byte axes."""

import dataclasses
import os

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import ticker  # noqa: E402

from .. import units  # noqa: E402

DPI = 100
STYLE = {
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.labelsize": 10,
    "legend.fontsize": 9,
    "xtick.labelsize": 9,
    "ytick.labelsize": 9,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "svg.hashsalt": "heapbound",
    "svg.fonttype": "none",
}
# Set once: this module is only imported by the report program.
matplotlib.rcParams.update(STYLE)


def _share_text_metrics():
    """Caches text sizes per renderer type and dpi instead of per renderer object.

    matplotlib caches a text's measured size per renderer, and every savefig
    makes a new renderer, so each of the ~110 job pictures measured the same
    tick labels anew with FreeType (a third of all drawing time). A size
    depends only on the renderer's type, the text, its font and the dpi.
    """
    from matplotlib import text as mtext
    if getattr(mtext, "_heapbound_shared", False):
        return
    cache = {}

    def metrics(renderer, text, fontprop, ismath, dpi):
        key = (type(renderer), text, fontprop.copy(), ismath, dpi)
        found = cache.get(key)
        if found is None:
            found = cache[key] = renderer.get_text_width_height_descent(text, fontprop, ismath)
        return found

    mtext._get_text_metrics_with_cache = metrics
    mtext._heapbound_shared = True


_share_text_metrics()


@dataclasses.dataclass
class Picture:
    """A picture written as PNG and SVG, or a note saying why it is missing.

    `data` holds exactly the numbers drawn, so tests can compare them with
    the results they came from.
    """

    name: str
    title: str
    caption: str  # what to look for, one or two sentences
    png: str = None  # file name beside index.html
    svg: str = None
    note: str = ""  # why the picture is omitted, or a caveat
    data: dict = dataclasses.field(default_factory=dict)
    # A table that says it better than a drawing (tool agreement when all is
    # equal): [header, row, ...] of strings; shown with or without a picture.
    table: list = None
    statement: str = ""  # the one-line finding the table backs

    @property
    def written(self):
        return self.png is not None or self.svg is not None

    @property
    def image(self):
        """Returns the file an <img> shows: the PNG, else the SVG."""
        return self.png or self.svg


def omitted(name, title, caption, note):
    return Picture(name=name, title=title, caption=caption, note=note)


def new_figure(width, height, **kwargs):
    return plt.subplots(figsize=(width, height), dpi=DPI, **kwargs)


def save(fig, out_dir, name):
    """Writes <name>.png and <name>.svg into out_dir; returns their names."""
    png, svg = f"{name}.png", f"{name}.svg"
    fig.savefig(os.path.join(out_dir, png), dpi=DPI, metadata={"Software": None})
    fig.savefig(os.path.join(out_dir, svg), metadata={"Date": None, "Creator": None})
    plt.close(fig)
    return png, svg


def fixed_margins(fig, left=0.85, right=0.25, top=0.45, bottom=0.6):
    """Sets margins in inches; quicker than tight_layout, which draws the figure once more."""
    width, height = fig.get_size_inches()
    fig.subplots_adjust(left=left / width, right=1 - right / width, top=1 - top / height,
                        bottom=bottom / height)


def save_svg(fig, directory, name):
    """Writes <name>.svg only (job pages: text stays text, and it is quicker than PNG)."""
    svg = f"{name}.svg"
    fig.savefig(os.path.join(directory, svg), metadata={"Date": None, "Creator": None})
    plt.close(fig)
    return svg


def byte_axis(axis, log=False):
    """Labels an x or y axis in KiB/MiB/GiB with round ticks."""
    axis.set_major_locator(_ByteLocator(log))
    axis.set_major_formatter(ticker.FuncFormatter(lambda v, _: units.format_bytes(v)))
    if log:
        axis.set_minor_locator(ticker.NullLocator())


class _ByteLocator(ticker.Locator):
    def __init__(self, log):
        self.log = log

    def __call__(self):
        vmin, vmax = self.axis.get_view_interval()
        return self.tick_values(vmin, vmax)

    def tick_values(self, vmin, vmax):
        vmin, vmax = min(vmin, vmax), max(vmin, vmax)
        if self.log:
            return units.log_byte_ticks(vmin, vmax)
        return units.linear_byte_ticks(vmin, vmax)
