"""Writes report/jobs/<case>.<fixture>.<tool>.html: everything about one job.

The page works when only report/ is kept: its pictures, its folded stacks
and the tool's raw output are copied beside it (raw files into report/raw/).
A broken job's page leads with what holds the bytes over the bound.
"""

import html
import os
import shlex
import shutil

from . import sites, style, units

# How to open each tool's raw output, run from the report directory.
OPENERS = {
    ".massif.out": ["ms_print {path}", "massif-visualizer {path}"],
    ".zst": ["heaptrack_print {path}", "heaptrack_gui {path}"],
    ".gz": ["heaptrack_print {path}", "heaptrack_gui {path}"],
    ".track.json": ["python3 -m json.tool {path}"],
}
SITES_SHOWN = 5


def _e(text):
    return html.escape(str(text), quote=True)


def page_name(row):
    return f"{row.job_id}.html"


def openers(name):
    for suffix, commands in OPENERS.items():
        if name.endswith(suffix):
            return [c.format(path=name) for c in commands]
    return []


def copy_file(source, target):
    """Links source to target (same file system) or copies it; replaces target."""
    if os.path.lexists(target):
        os.remove(target)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def copy_assets(row, source_dir, out_dir, jobs_dir):
    """Copies the job's raw outputs into report/raw/ and its folded stacks beside the page.

    Returns (raw names relative to report/, folded name relative to jobs/ or None).
    """
    raw = []
    for name in row.raw:
        target = os.path.join(out_dir, "raw", os.path.basename(name))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        copy_file(os.path.join(source_dir, name), target)
        raw.append(f"raw/{os.path.basename(name)}")
    folded = None
    if row.stacks_path:
        folded = f"{row.job_id}.folded"
        copy_file(os.path.join(source_dir, row.stacks_path),
                  os.path.join(jobs_dir, folded))
    return raw, folded


def reproduce_command(row, results):
    """Returns the command that runs this job again (a baseline runs with any case).

    Names the run's bounds file when provenance says it was not the default.
    """
    bounds = ""
    if results.bounds_file and not results.bounds_file.replace("\\", "/").endswith(
            "cases/bounds.toml"):
        bounds = f" --bounds {shlex.quote(results.bounds_file)}"
    case = row.case
    if row.role == "baseline":
        cases = [r.case for r in results.cases() if r.fixture == row.fixture and r.tool == row.tool]
        if not cases:
            return f"heapbound run --fixture {row.fixture} --tool {row.tool}{bounds}"
        case = cases[0]
    return f"heapbound run --case {case} --fixture {row.fixture} --tool {row.tool}{bounds}"


def verdict_line(row):
    """Returns "fail: net peak 69,491 B, 3,955 B over the bound 65,536 B (max_line + 60 KiB)"."""
    if not row.measured:
        return f"{row.status}: not measured"
    if row.role == "baseline" or row.bound_bytes is None:
        return f"{row.status}: peak {units.format_exact(row.peak_bytes)} (the baseline other " \
               f"jobs on {row.fixture} under {row.tool} subtract)"
    expr = f" ({row.bound_expr})" if row.bound_expr else ""
    gap = units.describe_gap(row.net_peak_bytes, row.bound_bytes)
    if row.net_peak_bytes != row.bound_bytes:
        gap += " the bound"
    control = " This is a negative control: it must exceed its bound." if row.expect == "exceed" \
        else ""
    return (f"{row.status}: net peak {units.format_exact(row.net_peak_bytes)}, {gap} "
            f"{units.format_exact(row.bound_bytes)}{expr}.{control}")


def sites_html(row, limit=SITES_SHOWN):
    """Returns an <ol> of the top sites: the first frame in the project's code, then the stack."""
    items = []
    for site in row.top_sites[:limit]:
        if not isinstance(site, dict):
            continue
        lead, stack = sites.describe_site(site)
        size = site.get("bytes")
        size = units.format_exact(size) if isinstance(size, int) else "?"
        if lead:
            head = f"<code class=\"own\">{_e(lead)}</code>"
        else:
            head = (f"<code>{_e(stack[0] if stack else '??')}</code> <span class=\"note\">(no "
                    "frame in the project's code)</span>")
        frames = "".join(f"<li><code>{_e(f)}</code></li>" for f in stack)
        items.append(f"<li><b>{_e(size)}</b> at {head}<details><summary>whole stack "
                     f"({len(stack)} frames, innermost first)</summary><ol>{frames}</ol>"
                     "</details></li>")
    if not items:
        return ("<p class=\"note\">No allocation sites recorded (track records none; "
                "massif and heaptrack do).</p>")
    return "<ol class=\"sites\">" + "".join(items) + "</ol>"


def _numbers(row, results):
    def exact(v):
        return "\u2014" if v is None else f"{units.format_exact(v)} ({units.format_bytes(v)})"
    # Under the rss tool every *_bytes field is a resident set (Go readers): say so.
    what = "heap" if row.heap_measured else "RSS (rss tool: no heap measured)"
    rows = [(f"peak {what}", exact(row.peak_bytes)),
            ("baseline", exact(row.baseline_bytes) if row.role == "case" else "\u2014")]
    if row.role == "case":
        rows += [("net peak", exact(row.net_peak_bytes)),
                 ("bound", exact(row.bound_bytes) + (f" = {row.bound_expr}" if row.bound_expr
                                                     else "")),
                 ("margin", units.describe_gap(row.net_peak_bytes, row.bound_bytes)
                  if row.measured else "\u2014")]
    rows += [("peak RSS (wait4, not heap)", exact(row.max_rss_bytes)),
             ("wall time", "\u2014" if row.wall_seconds is None
              else f"{row.wall_seconds:.2f} s under {row.tool}"),
             ("digest", {True: "matches the fixture", False: "WRONG", None: "\u2014"}[
                 row.digest_ok])]
    cells = [(k, _e(v)) for k, v in rows]
    baseline = results.baseline(row.fixture, row.tool) if row.role == "case" else None
    if baseline is not None:
        # The baseline's own page: what the driver alone holds.
        cells[1] = ("baseline", f"<a href=\"{_e(page_name(baseline))}\">{cells[1][1]}</a>")
    return ("<table class=\"numbers\">" + "".join(
        f"<tr><th>{_e(k)}</th><td class=\"num\">{v}</td></tr>" for k, v in cells)
        + "</table>")


def _figure(picture, extra=""):
    if picture is None:
        return ""
    if not picture.written:
        return f"<p class=\"note\">Not drawn: {_e(picture.note)}</p>"
    return (f"<figure><a href=\"{_e(picture.image)}\"><img src=\"{_e(picture.image)}\" "
            f"alt=\"{_e(picture.title)}\"></a><figcaption>{_e(picture.caption)}{extra}"
            "</figcaption></figure>")


def render(row, results, timeline, flame, raw, folded):
    css = "FAIL" if row.broken else "PASS"
    out = ["<!DOCTYPE html>", "<html lang=\"en\"><head><meta charset=\"utf-8\">",
           f"<title>{_e(row.job_id)}: {_e(row.status)}</title>",
           f"<style>{style.CSS}</style></head><body>",
           "<nav><a href=\"../index.html\">all jobs (index.html)</a></nav>",
           f"<h1>{_e(row.case)} on {_e(row.fixture)} under {_e(row.tool)}</h1>",
           f"<p class=\"verdict {css}\">{_e(verdict_line(row))}</p>"]
    if row.message:
        out.append(f"<pre class=\"message\">{_e(row.message)}</pre>")
    if row.broken and row.measured and row.role == "case":
        over = row.net_peak_bytes - (row.bound_bytes or 0)
        out.append("<section id=\"over\"><h2>What holds the bytes over the bound</h2>")
        if over > 0:
            out.append(f"<p>The net peak is {_e(units.format_exact(over))} over the bound. "
                       "These stacks were live at the peak and are not in the baseline, "
                       "largest first; each names the first frame in the project's code:</p>")
        out.append(sites_html(row) + "</section>")
    out.append("<h2>Numbers</h2>" + _numbers(row, results))
    out.append("<h2>Heap over time</h2>" + _figure(timeline))
    if flame is not None:
        link = (f" Folded stacks: <a href=\"{_e(folded)}\">{_e(folded)}</a> (open with "
                "flamegraph.pl, inferno-flamegraph or speedscope)." if folded else "")
        out.append("<h2>Live heap at the peak</h2>" + _figure(flame, link))
    if not (row.broken and row.role == "case"):
        out.append("<h2>Top allocation sites at the peak</h2>" + sites_html(row))
    out.append("<h2>Reproduce</h2>"
               f"<pre>{_e(reproduce_command(row, results))}</pre>")
    out.append("<h2>Raw tool output</h2>")
    if raw:
        items = []
        for name in raw:
            commands = "".join(f"<pre>{_e(c)}</pre>" for c in openers(name))
            items.append(f"<li><a href=\"../{_e(name)}\">{_e(name)}</a> (run in report/):"
                         f"{commands}</li>")
        out.append("<ul class=\"raw\">" + "".join(items) + "</ul>")
    else:
        out.append("<p class=\"note\">The run kept no raw output for this job.</p>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def write(row, results, out_dir, jobs_dir, timeline, flame):
    raw, folded = copy_assets(row, results.out_dir, out_dir, jobs_dir)
    path = os.path.join(jobs_dir, page_name(row))
    with open(path, "w", encoding="utf-8") as f:
        f.write(render(row, results, timeline, flame, raw, folded))
    return path
