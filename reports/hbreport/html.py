"""Writes index.html: one offline page, the pictures beside it."""

import html
import os

from . import summary, units

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1200px; color: #222; }
h1 { margin-bottom: 0.2em; }
.verdict { font-size: 1.3em; font-weight: bold; padding: 0.3em 0.6em; border-radius: 4px;
           display: inline-block; }
.PASS { background: #e3f4e3; color: #1b6e1b; } .FAIL { background: #fbe3e3; color: #a11; }
table { border-collapse: collapse; margin: 1em 0; font-size: 0.92em; }
th, td { border-bottom: 1px solid #ddd; padding: 0.25em 0.7em; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.broken td { background: #fdeeee; }
figure { margin: 2em 0; } figure img { max-width: 100%; border: 1px solid #eee; }
figcaption { max-width: 70em; } .note { color: #8a5a00; }
nav a { margin-right: 1em; }
"""


def _e(text):
    return html.escape(str(text), quote=True)


def render(results, pictures, out_dir):
    head = summary.headline(results)
    out = ["<!DOCTYPE html>", "<html lang=\"en\"><head><meta charset=\"utf-8\">",
           f"<title>heapbound memory report: {head.verdict}</title>",
           f"<style>{STYLE}</style></head><body>",
           "<h1>heapbound memory report</h1>",
           f"<p><span class=\"verdict {head.verdict}\">{head.verdict}</span> "
           f"{_e(', '.join(head.parts()) or 'no jobs')}.</p>",
           f"<p>{head.jobs} jobs on fixtures {_e(', '.join(head.fixtures))}; tools "
           f"{_e(', '.join(head.tools))}"
           + (f"; heapbound {_e(results.heapbound_version)}" if results.heapbound_version else "")
           + ".</p>",
           "<nav><a href=\"summary.md\">summary.md</a>"
           + f"<a href=\"{_e(_relative(results.path, out_dir))}\">results.json</a>"
           + "".join(f"<a href=\"#{_e(p.name)}\">{_e(p.title)}</a>" for p in pictures if p.written)
           + "</nav>"]
    out.append(_table(results))
    for picture in pictures:
        out.append(f"<figure id=\"{_e(picture.name)}\">")
        out.append(f"<h2>{_e(picture.title)}</h2>")
        if picture.written:
            out.append(f"<a href=\"{_e(picture.svg)}\"><img src=\"{_e(picture.png)}\" "
                       f"alt=\"{_e(picture.title)}\"></a>")
            out.append(f"<figcaption>{_e(picture.caption)} "
                       f"<a href=\"{_e(picture.svg)}\">SVG</a>"
                       + (f"<br><span class=\"note\">{_e(picture.note)}</span>" if picture.note
                          else "") + "</figcaption>")
        else:
            out.append(f"<p class=\"note\">Not drawn: {_e(picture.note)}</p>")
        out.append("</figure>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def _table(results):
    rows = summary.table_rows(results)
    if not rows:
        return "<p>No jobs.</p>"
    out = ["<table><thead><tr>"
           + "".join(f"<th>{_e(c)}</th>" for c in summary.COLUMNS) + "</tr></thead><tbody>"]
    for row in rows:
        cell = summary.cells(row)
        tds = []
        for c in summary.COLUMNS:
            title = ""
            if c == "net peak" and row.measured:
                title = f" title=\"{_e(units.format_exact(row.net_peak_bytes))}\""
            if c == "status" and row.message:
                title = f" title=\"{_e(row.message)}\""
            css = " class=\"num\"" if c in summary.RIGHT_ALIGNED else ""
            tds.append(f"<td{css}{title}>{_e(cell[c])}</td>")
        css = " class=\"broken\"" if row.broken else ""
        out.append(f"<tr{css}>" + "".join(tds) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def write(results, pictures, out_dir):
    path = os.path.join(out_dir, "index.html")
    with open(path, "w", encoding="utf-8") as f:
        f.write(render(results, pictures, out_dir))
    return path


def _relative(path, out_dir):
    return os.path.relpath(path, os.path.abspath(out_dir)).replace(os.sep, "/")
