"""Writes index.html: one offline page, the pictures and job pages beside it.

Broken bounds come first, each with its allocation sites; every row of the
table links its job page (jobs/<case>.<fixture>.<tool>.html). Everything
the page links lives inside the report directory.
"""

import html
import os

from . import job_page, style, summary, units


def _e(text):
    return html.escape(str(text), quote=True)


def job_href(row):
    return f"jobs/{job_page.page_name(row)}"


def render(results, pictures, out_dir, job_pages=True):
    head = summary.headline(results)
    broken = [r for r in summary.table_rows(results) if r.broken]
    nav = ["<a href=\"summary.md\">summary.md</a>", "<a href=\"results.json\">results.json</a>"]
    if broken:
        nav.insert(0, "<a href=\"#broken\">broken bounds</a>")
    nav += [f"<a href=\"#{_e(p.name)}\">{_e(p.title)}</a>" for p in pictures
            if p.written or p.table]
    out = ["<!DOCTYPE html>", "<html lang=\"en\"><head><meta charset=\"utf-8\">",
           f"<title>heapbound memory report: {head.verdict}</title>",
           f"<style>{style.CSS}</style></head><body>",
           "<h1>heapbound memory report</h1>",
           f"<p><span class=\"verdict {head.verdict}\">{head.verdict}</span> "
           f"{_e(', '.join(head.parts()) or 'no jobs')}.</p>",
           f"<p>{head.jobs} jobs on fixtures {_e(', '.join(head.fixtures))}; tools "
           f"{_e(', '.join(head.tools))}"
           + (f"; heapbound {_e(results.heapbound_version)}" if results.heapbound_version else "")
           + ".</p>",
           "<nav>" + "".join(nav) + "</nav>"]
    if broken:
        out.append(_broken_section(broken, job_pages))
    out.append(_table(results, job_pages))
    for picture in pictures:
        out.append(_figure(picture))
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def _broken_section(rows, job_pages):
    out = ["<section id=\"broken\"><h2>Broken bounds</h2>"]
    for row in rows:
        title = f"{row.case} on {row.fixture} under {row.tool}"
        if job_pages:
            title = f"<a href=\"{_e(job_href(row))}\">{_e(title)}</a>"
        else:
            title = _e(title)
        out.append(f"<section class=\"broken\"><h3>{title}: "
                   f"<span class=\"status {_e(row.status)}\">{_e(row.status)}</span></h3>")
        out.append(f"<p>{_e(job_page.verdict_line(row))}</p>")
        if row.message:
            out.append(f"<pre class=\"message\">{_e(row.message)}</pre>")
        if row.measured and row.role == "case":
            out.append(job_page.sites_html(row, limit=3))
        out.append("</section>")
    out.append("</section>")
    return "\n".join(out)


def _table(results, job_pages):
    rows = summary.table_rows(results)
    if not rows:
        return "<p>No jobs.</p>"
    out = ["<h2 id=\"jobs\">Every job</h2><table><thead><tr>"
           + "".join(f"<th>{_e(c)}</th>" for c in summary.COLUMNS) + "</tr></thead><tbody>"]
    for row in rows:
        cell = summary.cells(row)
        tds = []
        for c in summary.COLUMNS:
            title, text = "", _e(cell[c])
            if c == "net peak" and row.measured:
                title = f" title=\"{_e(units.format_exact(row.net_peak_bytes))}\""
            if c == "status":
                text = f"<span class=\"status {_e(row.status)}\">{text}</span>"
                if row.message:
                    title = f" title=\"{_e(row.message)}\""
            if c == "case" and job_pages:
                text = f"<a href=\"{_e(job_href(row))}\">{text}</a>"
            css = " class=\"num\"" if c in summary.RIGHT_ALIGNED else ""
            tds.append(f"<td{css}{title}>{text}</td>")
        css = " class=\"broken\"" if row.broken else ""
        out.append(f"<tr{css}>" + "".join(tds) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def _picture_table(picture):
    if not picture.table:
        return ""
    header, *rows = picture.table
    return ("<table><thead><tr>" + "".join(f"<th>{_e(c)}</th>" for c in header)
            + "</tr></thead><tbody>"
            + "".join("<tr>" + "".join(_cell(c) for c in row) + "</tr>" for row in rows)
            + "</tbody></table>")


def _cell(text):
    css = " class=\"num\"" if text.endswith(" B") else ""
    return f"<td{css}>{_e(text)}</td>"


def _figure(picture):
    out = [f"<figure id=\"{_e(picture.name)}\">", f"<h2>{_e(picture.title)}</h2>"]
    if picture.statement:
        out.append(f"<p><b>{_e(picture.statement)}</b></p>")
    if picture.written:
        link = picture.svg or picture.png
        out.append(f"<a href=\"{_e(link)}\"><img src=\"{_e(picture.image)}\" "
                   f"alt=\"{_e(picture.title)}\"></a>")
        out.append(f"<figcaption>{_e(picture.caption)} "
                   + (f"<a href=\"{_e(picture.svg)}\">SVG</a>" if picture.svg else "")
                   + (f"<br><span class=\"note\">{_e(picture.note)}</span>" if picture.note
                      else "") + "</figcaption>")
    elif not picture.table:
        out.append(f"<p class=\"note\">Not drawn: {_e(picture.note)}</p>")
    out.append(_picture_table(picture))
    out.append("</figure>")
    return "\n".join(out)


def write(results, pictures, out_dir, job_pages=True):
    path = os.path.join(out_dir, "index.html")
    with open(path, "w", encoding="utf-8") as f:
        f.write(render(results, pictures, out_dir, job_pages))
    return path
