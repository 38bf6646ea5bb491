"""Loads several results.json (one per commit) for the history picture.

Reads only what the history needs (net peak, bound and status per row, and
the provenance), so recorded results need no timelines beside them. Every
problem raises InputError naming the file and the field.
"""

import dataclasses
import os

from .errors import InputError
from .results import STATUSES, _Checker, _read_json

SCHEMA = 1


@dataclasses.dataclass
class Row:
    net_peak_bytes: int  # None when not measured
    bound_bytes: int     # None for baselines
    status: str


@dataclasses.dataclass
class Run:
    path: str
    commit: str   # provenance.git_commit, None when unknown
    dirty: bool
    started_at: str
    rows: dict    # (case, fixture, tool) -> Row, case rows only, file order
    tools: list   # in the order the rows name them

    @property
    def label(self):
        """The short commit (with * when dirty), else the file's name."""
        if self.commit:
            return self.commit[:7] + ("*" if self.dirty else "")
        name = os.path.basename(self.path)
        if name == "results.json":
            name = os.path.basename(os.path.dirname(self.path)) or name
        return name


def expand(paths):
    """Returns the results files `paths` name, oldest first.

    A path is a results.json file or a folder; a folder gives its *.json
    files and the results.json of its sub-folders, ordered by
    provenance.started_at when every one has it, else by name.
    """
    files = []
    for path in paths:
        if os.path.isdir(path):
            files.extend(_folder(path))
        elif os.path.exists(path):
            files.append(path)
        else:
            raise InputError(path, "no such file or folder")
    return files


def _folder(path):
    found = []
    for name in sorted(os.listdir(path)):
        full = os.path.join(path, name)
        if os.path.isfile(full) and name.endswith(".json"):
            found.append(full)
        elif os.path.isfile(os.path.join(full, "results.json")):
            found.append(os.path.join(full, "results.json"))
    if not found:
        raise InputError(path, "holds no results (*.json files or out dirs with results.json)")
    runs = [(f, _started_at(f)) for f in found]
    if all(started for _, started in runs):
        runs.sort(key=lambda run: run[1])  # stable: equal times keep name order
    return [f for f, _ in runs]


def _started_at(path):
    doc = _read_json(path)
    provenance = doc.get("provenance") if isinstance(doc, dict) else None
    started = provenance.get("started_at") if isinstance(provenance, dict) else None
    return started if isinstance(started, str) else None


def load_run(path):
    """Loads one results.json as a Run; raises InputError naming file and field."""
    check = _Checker(os.path.abspath(path))
    doc = check.obj(_read_json(path), "(top level)")
    if doc.get("schema") != SCHEMA or isinstance(doc.get("schema"), bool):
        check.fail("schema", f"expected schema {SCHEMA}")
    provenance = check.get(doc, "provenance", "", "object?", required=False) or {}
    commit = check.get(provenance, "git_commit", "provenance", "str?", required=False)
    if commit == "unknown":
        commit = None
    dirty = check.get(provenance, "git_dirty", "provenance", "bool?", required=False)
    started = check.get(provenance, "started_at", "provenance", "str?", required=False)
    rows, tools = {}, []
    for i, raw in enumerate(check.get(doc, "results", "", "list")):
        field = f"results[{i}]"
        check.obj(raw, field)
        role = check.get(raw, "role", field, "str", required=False, default="case")
        status = check.choice(raw, "status", field, STATUSES)
        num = "int?" if status == "error" else "int"
        key = (check.get(raw, "case", field, "str"), check.get(raw, "fixture", field, "str"),
               check.get(raw, "tool", field, "str"))
        net = check.get(raw, "net_peak_bytes", field, num)
        bound = check.get(raw, "bound_bytes", field, "int?")
        if key[2] not in tools:
            tools.append(key[2])
        if role == "case":
            rows[key] = Row(net_peak_bytes=None if status == "error" else net,
                            bound_bytes=bound, status=status)
    return Run(path=path, commit=commit, dirty=bool(dirty), started_at=started, rows=rows,
               tools=tools)


def load_runs(paths):
    """Loads every results file `paths` name (expand()), oldest first."""
    return [load_run(f) for f in expand(paths)]
