"""A table of allocation counts per case: net allocation calls against `max_allocs`, by fixture.

A table, not a drawing: counts span 0 to millions and the reader wants the
exact number beside its bound. massif cannot count calls, so its rows say
n/a instead of a number that would look like zero. Program cases are
marked as such (and unverified ones say so).
"""

from . import common

NAME = "alloc_counts"
TITLE = "Allocation calls per case against max_allocs"
CAPTION = ("Allocation calls (malloc, calloc, realloc, the aligned ones, operator new) each job "
           "made; net is minus the baseline's, which is what max_allocs bounds. massif cannot "
           "count calls (n/a).")
HEADER = ["fixture", "case", "tool", "allocs", "net allocs", "max_allocs", "check"]


def _count(value):
    return "\u2014" if value is None else f"{value:,}"


def rows_shown(results):
    """Returns the case rows with a count or an allocation bound, by fixture, case, tool."""
    fixtures = results.fixture_names()
    rows = [r for r in results.cases()
            if r.allocs is not None or r.allocs_bound is not None or r.allocs_check]
    return sorted(rows, key=lambda r: (fixtures.index(r.fixture), r.case,
                                       results.tool_rank(r.tool)))


def cells(row):
    if row.tool == "massif" or (row.allocs is None and row.allocs_check == "n/a"):
        counts = ["n/a", "n/a"]
        check = "n/a" if row.allocs_bound is not None else "\u2014"
    else:
        counts = [_count(row.allocs), _count(row.net_allocs)]
        check = row.allocs_check or "\u2014"
    return [row.fixture, row.label, row.tool] + counts + [_count(row.allocs_bound), check]


def make(results, out_dir):
    rows = rows_shown(results)
    if not rows:
        return [common.omitted(NAME, TITLE, CAPTION,
                               "No job counted allocation calls (massif cannot; heaptrack and "
                               "track do) and no case sets max_allocs.")]
    over = [r for r in rows if r.allocs_check == "fail"]
    bounded = [r for r in rows if r.allocs_check in ("pass", "fail")]
    if bounded:
        statement = (f"{len(bounded) - len(over)} of {len(bounded)} counted jobs with "
                     f"max_allocs stay within it" +
                     (f"; over it: {', '.join(r.job_id for r in over)}." if over else "."))
    else:
        statement = "No counted job has a max_allocs bound in this run; the counts are shown alone."
    return [common.Picture(name=NAME, title=TITLE, caption=CAPTION, statement=statement,
                           table=[HEADER] + [cells(r) for r in rows],
                           data={"rows": [r.job_id for r in rows], "over": [r.job_id for r in over]})]
