"""Chooses which result rows a picture or table shows."""

# Worst first: a picture that shows one row of several shows the worst.
_SEVERITY = {"fail": 0, "xpass": 1, "error": 2, "xfail": 3, "pass": 4, "skip": 5}


def tool_order(rows):
    """Returns the tools of `rows` in the order they first appear."""
    order = []
    for row in rows:
        if row.tool not in order:
            order.append(row.tool)
    return order


def one_per_case_fixture(rows):
    """Returns one row per (case, fixture): the worst status, then the preferred tool.

    Keeps the order in which each (case, fixture) first appears.
    """
    chosen, order = {}, []
    tools = tool_order(rows)
    for row in rows:
        key = (row.case, row.fixture)
        if key not in chosen:
            order.append(key)
            chosen[key] = row
        elif _rank(row, tools) < _rank(chosen[key], tools):
            chosen[key] = row
    return [chosen[key] for key in order]


def tools_of(rows, case, fixture):
    return [r.tool for r in rows if r.case == case and r.fixture == fixture]


def _rank(row, tools):
    return (_SEVERITY.get(row.status, 9), tools.index(row.tool))


def broken_first(rows):
    """Sorts rows with broken bounds first, otherwise keeping their order."""
    return sorted(rows, key=lambda r: 0 if r.broken else 1)
