"""Human byte units (KiB, MiB, GiB) for labels and axes."""

import math
import re

_UNITS = ["B", "KiB", "MiB", "GiB", "TiB"]


def unit_of(value):
    """Returns (divisor, name) of the largest binary unit not above |value|."""
    value = abs(value)
    power = 0
    while power + 1 < len(_UNITS) and value >= 1024 ** (power + 1):
        power += 1
    return 1024 ** power, _UNITS[power]


def format_bytes(value):
    """Formats a byte count with three significant digits: 8 KiB, 75.4 KiB.

    Bytes below 1 KiB are exact integers; None becomes an em dash.
    """
    if value is None:
        return "\u2014"
    divisor, name = unit_of(value)
    if divisor == 1:
        return f"{int(round(value))} B"
    scaled = value / divisor
    magnitude = abs(scaled)
    if magnitude >= 100:
        text = f"{scaled:.0f}"
    elif magnitude >= 10:
        text = f"{scaled:.1f}"
    else:
        text = f"{scaled:.2f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text} {name}"


def format_exact(value):
    """Formats a byte count exactly with thousands separators: 805,306,368 B."""
    if value is None:
        return "\u2014"
    return f"{int(value):,} B"


def format_margin(net, bound):
    """Returns the headroom left under the bound in percent, or None.

    Positive means the net peak fits (+50 % = half the bound used);
    negative means the bound is exceeded by that fraction of the bound.
    """
    if net is None or bound is None or bound <= 0:
        return None
    return 100.0 * (bound - net) / bound


def format_percent(value):
    """Formats a signed percentage; small non-zero values keep two significant digits."""
    if value is None:
        return "\u2014"
    if value == 0 or abs(value) >= 0.1:
        return f"{value:+.1f} %"
    return f"{value:+.2g} %"


_PLAIN_SIZE = re.compile(r"^\s*[0-9.]+\s*(B|KiB|MiB|GiB|TiB)?\s*$")


def is_plain_size(expr):
    """Tells whether a bound expression is a bare size ("8 KiB"), not a formula."""
    return bool(_PLAIN_SIZE.match(expr or ""))


def linear_byte_ticks(vmin, vmax, max_ticks=7):
    """Returns ticks at multiples of a power of two, so labels stay round.

    A span of 1 MiB gets 0, 256 KiB, 512 KiB, 768 KiB, 1 MiB.
    """
    span = max(vmax - vmin, 1e-9)
    step = 2.0 ** math.ceil(math.log2(span / max_ticks)) if span / max_ticks > 1 else 1.0
    first = math.ceil(vmin / step - 1e-9)
    last = math.floor(vmax / step + 1e-9)
    while last - first + 1 > max_ticks:
        step *= 2
        first = math.ceil(vmin / step - 1e-9)
        last = math.floor(vmax / step + 1e-9)
    return [k * step for k in range(first, last + 1)]


def log_byte_ticks(vmin, vmax, max_ticks=8):
    """Returns powers of two between vmin and vmax, at most max_ticks of them."""
    vmin = max(vmin, 1)
    vmax = max(vmax, vmin)
    lo, hi = math.log2(vmin), math.log2(vmax)
    for stride in (1, 2, 3, 5, 10):
        first = math.ceil(lo / stride - 1e-9)
        last = math.floor(hi / stride + 1e-9)
        if last - first + 1 <= max_ticks:
            return [2.0 ** (k * stride) for k in range(first, last + 1)]
    return [vmin, vmax]


# Below this, a difference is printed to the byte: rounding would hide it.
EXACT_BELOW = 10 * 1024


def format_gap(difference):
    """Formats |difference| bytes: exact below 10 KiB (4,651 B), else 3 digits (1.5 MiB)."""
    difference = abs(difference)
    if difference < EXACT_BELOW:
        return format_exact(difference)
    return format_bytes(difference)


def describe_gap(net, bound):
    """Returns "4,651 B under", "2 MiB over" or "exactly at the bound" for net vs bound.

    The gap is always a number of bytes, never a relation sign: "256 MiB <=
    256 MiB" hides the 4.5 KiB that matter.
    """
    if net is None or bound is None:
        return "\u2014"
    if net == bound:
        return "exactly at the bound"
    return f"{format_gap(bound - net)} {'under' if net < bound else 'over'}"


def describe_against_bound(net, bound):
    """Returns "net peak 67.9 KiB, 4,237 B under the bound 72 KiB" (no equality sign)."""
    text = f"net peak {format_bytes(net)}"
    if bound is None:
        return text + ", no bound"
    if net == bound:
        return f"{text}, exactly at the bound"
    return f"{text}, {describe_gap(net, bound)} the bound {format_bytes(bound)}"
