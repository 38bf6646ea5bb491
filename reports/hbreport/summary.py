"""The headline counts and table rows of index.html (summary.md copies the run's own)."""

import dataclasses

from . import selection, units

MEANINGS = {"pass": "passed", "xfail": "negative controls exceeded as expected",
            "fail": "bounds broken", "xpass": "negative controls that fit (should exceed)",
            "error": "errors"}
ORDER = ("fail", "xpass", "error", "pass", "xfail")


@dataclasses.dataclass
class Headline:
    ok: bool
    counts: dict  # status -> number of jobs
    jobs: int
    fixtures: list
    tools: list

    @property
    def verdict(self):
        return "PASS" if self.ok else "FAIL"

    def parts(self):
        """Returns ["3 bounds broken", ...] for the non-zero counts, worst first."""
        return [f"{self.counts[s]} {MEANINGS[s]}" for s in ORDER if self.counts.get(s)]


def table_rows(results):
    """Returns the rows of the summary table: every case job, plus errored baselines.

    Broken rows come first; the rest keep the results' order.
    """
    rows = [r for r in results.results if r.role == "case" or r.status == "error"]
    return selection.broken_first(rows)


def headline(results):
    rows = table_rows(results)
    counts = {}
    for r in rows:
        counts[r.status] = counts.get(r.status, 0) + 1
    tools = sorted({r.tool for r in results.results}, key=results.tool_rank)
    return Headline(ok=not any(r.broken for r in rows), counts=counts, jobs=len(rows),
                    fixtures=results.fixture_names(), tools=tools)


def cells(row):
    """Returns the table cells of one row as display strings."""
    margin = "\u2014"
    if row.measured and row.bound_bytes is not None:
        percent = units.format_margin(row.net_peak_bytes, row.bound_bytes)
        margin = units.describe_gap(row.net_peak_bytes, row.bound_bytes)
        if percent is not None and row.net_peak_bytes != row.bound_bytes:
            margin += f" ({units.format_percent(percent)})"
    bound = units.format_bytes(row.bound_bytes) if row.bound_bytes is not None else "\u2014"
    if row.bound_expr and row.bound_bytes is not None and not units.is_plain_size(row.bound_expr):
        bound += f" ({row.bound_expr})"
    status = row.status + (" (negative control)" if row.expect == "exceed" else "")
    return {
        "case": row.case + (" (baseline)" if row.role == "baseline" else ""),
        "fixture": row.fixture,
        "tool": row.tool,
        "net peak": units.format_bytes(row.net_peak_bytes) if row.measured else "\u2014",
        "bound": bound,
        "margin": margin,
        "status": status,
    }


COLUMNS = ("case", "fixture", "tool", "net peak", "bound", "margin", "status")
RIGHT_ALIGNED = ("net peak", "bound", "margin")
