"""Loads and validates results.json and the per-job timelines it names.

Every problem raises InputError naming the file and the field, e.g.
``results.json: results[3].net_peak_bytes: expected an integer or null, got "12"``.
"""

import dataclasses
import json
import os
import re

from .errors import InputError

SCHEMA = 1
# heapbound never skips a job (docs/results-schema.md); readers reject "skip".
STATUSES = ("pass", "fail", "xfail", "xpass", "error")
# Statuses that make the run fail (docs/results-schema.md, exit code 1 or 3).
BROKEN_STATUSES = ("fail", "xpass", "error")
ROLES = ("case", "baseline")
EXPECTS = ("fit", "exceed")
LADDER = re.compile(r"^ladder-")


@dataclasses.dataclass
class Fixture:
    profile: str
    total_bytes: int
    files: int
    max_file: int
    max_line: int
    max_dir_entries: int = None
    digest: str = None


@dataclasses.dataclass
class Timeline:
    path: str
    case: str
    fixture: str
    tool: str
    time_unit: str
    peak_bytes: int
    points: list  # [(t, heap_bytes)] in time order


@dataclasses.dataclass
class Result:
    index: int
    case: str
    fixture: str
    tool: str
    role: str
    expect: str
    status: str
    peak_bytes: int
    baseline_bytes: int
    net_peak_bytes: int
    bound_bytes: int
    bound_expr: str
    max_rss_bytes: int
    wall_seconds: float
    digest_ok: bool
    message: str
    timeline_path: str
    raw: list
    top_sites: list
    timeline: Timeline = None
    stacks_path: str = None  # folded stacks at the peak, relative to the out dir
    program: bool = False  # a [program.NAME] case (or its baseline command)
    verified: bool = True  # proof of work checked (false: verify = "none", baselines)
    allocs: int = None  # allocation calls; None under massif, which cannot count them
    net_allocs: int = None
    allocs_bound: int = None
    allocs_check: str = None  # pass, fail, n/a, or None when unbounded

    @property
    def job_id(self):
        """Returns `<case>.<fixture>.<tool>`, the name of the job's files."""
        return f"{self.case}.{self.fixture}.{self.tool}"

    @property
    def label(self):
        """Returns the case name, marked when it is a program (and when unverified)."""
        if not self.program:
            return self.case
        return f"{self.case} (program{'' if self.verified else ', unverified'})"

    @property
    def heap_measured(self):
        """False under the `rss` tool: its *_bytes are a resident set, not heap."""
        return self.tool != "rss"

    @property
    def broken(self):
        return self.status in BROKEN_STATUSES

    @property
    def measured(self):
        return self.status != "error" and self.net_peak_bytes is not None

    @property
    def key(self):
        return (self.case, self.fixture, self.tool)


@dataclasses.dataclass
class Results:
    path: str
    out_dir: str
    heapbound_version: str
    fixtures: dict  # profile -> Fixture
    results: list   # [Result] in file order
    # Tools in the order a picture prefers them when it shows one of several:
    # results.json's "tools" list when present, else the order in which the
    # tools first appear in its rows (heapbound writes them in registry order).
    tools: list = dataclasses.field(default_factory=list)
    # provenance.bounds_file: the --bounds the run was given (None: unknown).
    bounds_file: str = None

    def tool_rank(self, tool):
        """Returns the position of `tool` in self.tools (unknown tools last)."""
        return self.tools.index(tool) if tool in self.tools else len(self.tools)

    def cases(self):
        """Returns the case rows (not baselines) in file order."""
        return [r for r in self.results if r.role == "case"]

    def case_names(self):
        return _unique(r.case for r in self.cases())

    def fixture_names(self):
        return _unique(r.fixture for r in self.results)

    def baseline(self, fixture, tool):
        for r in self.results:
            if r.role == "baseline" and r.fixture == fixture and r.tool == tool:
                return r
        return None

    def ladder_fixtures(self):
        """Returns the ladder-* fixtures present, smallest largest-file first."""
        names = [f for f in self.fixture_names() if LADDER.match(f) and f in self.fixtures]
        return sorted(names, key=lambda f: (self.fixtures[f].max_file, f))


def _unique(items):
    seen = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen


class _Checker:
    """Reads typed fields out of parsed JSON, naming the path on errors."""

    def __init__(self, path):
        self.path = path

    def fail(self, field, message):
        raise InputError(self.path, message, field)

    def obj(self, value, field):
        if not isinstance(value, dict):
            self.fail(field, f"expected an object, got {_show(value)}")
        return value

    def get(self, obj, key, field, kind, required=True, default=None):
        name = f"{field}.{key}" if field else key
        if key not in obj:
            if required:
                self.fail(name, "missing")
            return default
        value = obj[key]
        if value is None and kind.endswith("?"):
            return None
        base = kind.rstrip("?")
        ok = {
            "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
            "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
            "str": lambda v: isinstance(v, str),
            "bool": lambda v: isinstance(v, bool),
            "list": lambda v: isinstance(v, list),
            "object": lambda v: isinstance(v, dict),
        }[base](value)
        if not ok:
            article = "an" if base[0] in "aeiou" else "a"
            expected = f"{article} {_KIND_NAMES[base]}" + (" or null" if kind.endswith("?") else "")
            self.fail(name, f"expected {expected}, got {_show(value)}")
        return value

    def choice(self, obj, key, field, choices, default=None):
        value = self.get(obj, key, field, "str", required=default is None, default=default)
        if value not in choices:
            self.fail(f"{field}.{key}", f"expected one of {', '.join(choices)}, got {_show(value)}")
        return value


_KIND_NAMES = {"int": "integer", "number": "number", "str": "string",
               "bool": "boolean", "list": "list", "object": "object"}


def _show(value):
    text = json.dumps(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _read_json(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except json.JSONDecodeError as e:
        raise InputError(path, f"line {e.lineno} column {e.colno}: not valid JSON: {e.msg}") from None
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(path, f"cannot read: {e}") from None


def load_results(path):
    """Loads <out>/results.json and every timeline it names.

    Raises InputError for a missing file, an unknown schema, a missing or
    mistyped field, a timeline that does not match its result row.
    """
    path = os.path.abspath(path)
    out_dir = os.path.dirname(path)
    check = _Checker(path)
    doc = check.obj(_read_json(path), "(top level)")
    if "schema" not in doc:
        check.fail("schema", f"missing; expected schema {SCHEMA}")
    if doc["schema"] != SCHEMA or isinstance(doc["schema"], bool):
        check.fail("schema", f"unknown schema {_show(doc['schema'])}; this report reads schema {SCHEMA}")
    version = check.get(doc, "heapbound_version", "", "str?", required=False)
    fixtures = {}
    for profile, raw in check.get(doc, "fixtures", "", "object").items():
        field = f"fixtures[{json.dumps(profile)}]"
        check.obj(raw, field)
        fixtures[profile] = Fixture(
            profile=profile,
            total_bytes=check.get(raw, "total_bytes", field, "int"),
            files=check.get(raw, "files", field, "int"),
            max_file=check.get(raw, "max_file", field, "int"),
            max_line=check.get(raw, "max_line", field, "int"),
            max_dir_entries=check.get(raw, "max_dir_entries", field, "int?", required=False),
            digest=check.get(raw, "digest", field, "str?", required=False))
    results = []
    for i, raw in enumerate(check.get(doc, "results", "", "list")):
        results.append(_load_result(check, raw, i, out_dir))
    seen = {}
    for r in results:
        if r.key in seen:
            check.fail(f"results[{r.index}]",
                       f"duplicate of results[{seen[r.key]}] ({r.case} on {r.fixture} under {r.tool})")
        seen[r.key] = r.index
        if r.measured and r.fixture not in fixtures:
            check.fail(f"results[{r.index}].fixture",
                       f"fixture {_show(r.fixture)} is not listed under \"fixtures\"")
    tools = check.get(doc, "tools", "", "list?", required=False)
    if tools is not None:
        for i, tool in enumerate(tools):
            if not isinstance(tool, str):
                check.fail(f"tools[{i}]", f"expected a string, got {_show(tool)}")
    order = _unique(list(tools or []) + [r.tool for r in results])
    provenance = check.get(doc, "provenance", "", "object?", required=False) or {}
    bounds_file = check.get(provenance, "bounds_file", "provenance", "str?", required=False)
    return Results(path=path, out_dir=out_dir, heapbound_version=version,
                   fixtures=fixtures, results=results, tools=order, bounds_file=bounds_file)


def _load_result(check, raw, i, out_dir):
    field = f"results[{i}]"
    check.obj(raw, field)
    status = check.choice(raw, "status", field, STATUSES)
    # Errored jobs may lack numbers; judged ones may not.
    num = "int?" if status == "error" else "int"
    result = Result(
        index=i,
        case=check.get(raw, "case", field, "str"),
        fixture=check.get(raw, "fixture", field, "str"),
        tool=check.get(raw, "tool", field, "str"),
        role=check.choice(raw, "role", field, ROLES, default="case"),
        expect=check.choice(raw, "expect", field, EXPECTS, default="fit"),
        status=status,
        peak_bytes=check.get(raw, "peak_bytes", field, num),
        baseline_bytes=check.get(raw, "baseline_bytes", field, num),
        net_peak_bytes=check.get(raw, "net_peak_bytes", field, num),
        bound_bytes=check.get(raw, "bound_bytes", field, "int?"),
        bound_expr=check.get(raw, "bound_expr", field, "str?"),
        max_rss_bytes=check.get(raw, "max_rss_bytes", field, "int?"),
        wall_seconds=check.get(raw, "wall_seconds", field, "number?"),
        digest_ok=check.get(raw, "digest_ok", field, "bool?"),
        message=check.get(raw, "message", field, "str?", required=False) or "",
        timeline_path=check.get(raw, "timeline", field, "str?", required=False),
        raw=check.get(raw, "raw", field, "list?", required=False) or [],
        top_sites=check.get(raw, "top_sites", field, "list?", required=False) or [],
        stacks_path=check.get(raw, "stacks", field, "str?", required=False),
        program=bool(check.get(raw, "program", field, "bool?", required=False)),
        verified=check.get(raw, "verified", field, "bool?", required=False) is not False,
        allocs=check.get(raw, "allocs", field, "int?", required=False),
        net_allocs=check.get(raw, "net_allocs", field, "int?", required=False),
        allocs_bound=check.get(raw, "allocs_bound", field, "int?", required=False),
        allocs_check=check.get(raw, "allocs_check", field, "str?", required=False))
    for k, name in enumerate(result.raw):
        if not isinstance(name, str):
            check.fail(f"{field}.raw[{k}]", f"expected a string, got {_show(name)}")
        _check_inside(check, name, f"{field}.raw[{k}]")
        if not os.path.isfile(os.path.join(out_dir, name)):
            raise InputError(os.path.join(out_dir, name),
                             f"no such file (named by results.json {field}.raw[{k}])")
    if result.stacks_path:
        _check_inside(check, result.stacks_path, f"{field}.stacks")
    if result.stacks_path and not os.path.isfile(os.path.join(out_dir, result.stacks_path)):
        raise InputError(os.path.join(out_dir, result.stacks_path),
                         f"no such file (named by results.json {field}.stacks)")
    if result.timeline_path:
        result.timeline = load_timeline(os.path.join(out_dir, result.timeline_path), result,
                                         f"{field}.timeline")
    return result


def _check_inside(check, name, field):
    """Rejects a path that leaves the out dir: the report copies these files."""
    parts = name.replace("\\", "/").split("/")
    if name.startswith("/") or ".." in parts or not name:
        check.fail(field, f"expected a path inside the out dir, got {_show(name)}")


def load_timeline(path, result=None, referenced_by=None):
    """Loads one timeline file; checks it belongs to `result` when given."""
    if not os.path.exists(path):
        where = f" (named by results.json {referenced_by})" if referenced_by else ""
        raise InputError(path, f"no such file{where}")
    check = _Checker(path)
    doc = check.obj(_read_json(path), "(top level)")
    timeline = Timeline(
        path=path,
        case=check.get(doc, "case", "", "str"),
        fixture=check.get(doc, "fixture", "", "str"),
        tool=check.get(doc, "tool", "", "str"),
        time_unit=check.get(doc, "time_unit", "", "str"),
        peak_bytes=check.get(doc, "peak_bytes", "", "int"),
        points=[])
    last_t = None
    for i, point in enumerate(check.get(doc, "points", "", "list")):
        field = f"points[{i}]"
        if (not isinstance(point, list) or len(point) != 2
                or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in point)):
            check.fail(field, f"expected [time, heap_bytes], got {_show(point)}")
        t, heap = point
        if last_t is not None and t < last_t:
            check.fail(field, f"time {t} goes back before {last_t}; points must be in time order")
        last_t = t
        timeline.points.append((t, heap))
    if not timeline.points:
        check.fail("points", "empty; a timeline needs at least one point")
    if result is not None:
        for key in ("case", "fixture", "tool"):
            if getattr(timeline, key) != getattr(result, key):
                check.fail(key, f"{_show(getattr(timeline, key))} does not match the result row's "
                                f"{_show(getattr(result, key))}")
    return timeline
