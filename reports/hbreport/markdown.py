"""Writes summary.md, sized for a CI job summary ($GITHUB_STEP_SUMMARY).

Its counts and table are the run's own summary.md (written by `heapbound
run` beside results.json), copied byte for byte except that each table
row's case links its job page: one definition of the summary, so the run's
page and the report's cannot disagree. The report adds the pictures.
"""

import os
import re

from .errors import InputError


def run_summary(results):
    """Returns the text of the run's summary.md beside results.json."""
    path = os.path.join(results.out_dir, "summary.md")
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except FileNotFoundError:
        raise InputError(path, "no such file; `heapbound run` writes it beside "
                               "results.json") from None
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(path, f"cannot read: {e}") from None


_ROW = re.compile(r"^\|( *)([^|]+?)( *)\|( *)([^|]+?)( *)\|( *)([^|]+?)( *)\|")


def link_rows(text, results):
    """Makes the case cell of each table row `| case | fixture | tool |` a link to its job page.

    Rows that name no job of the results (the header, a changed layout) stay
    as they are.
    """
    jobs = {r.key: r for r in results.results}
    lines = []
    for line in text.split("\n"):
        match = _ROW.match(line)
        if match:
            case, fixture, tool = match.group(2), match.group(5), match.group(8)
            row = jobs.get((case, fixture, tool))
            if row is not None:
                line = (f"|{match.group(1)}[{case}](jobs/{row.job_id}.html){match.group(3)}|"
                        + line[len(f"|{match.group(1)}{case}{match.group(3)}|"):])
        lines.append(line)
    return "\n".join(lines)


def _table(picture):
    header, *rows = picture.table
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return out


def render(results, pictures, job_pages=True):
    text = run_summary(results).rstrip("\n")
    if job_pages:
        text = link_rows(text, results)
    lines = [text, ""]
    lines.append("## Pictures")
    lines.append("")
    for picture in pictures:
        if picture.table and not picture.written:
            lines.append(f"### {picture.title}")
            lines.append("")
            lines.append(f"**{picture.statement}**")
            lines.append("")
            lines.extend(_table(picture))
            lines.append("")
        elif picture.written:
            lines.append(f"### {picture.title}")
            lines.append("")
            lines.append(f"![{picture.title}]({picture.png})")
            lines.append("")
            lines.append(picture.caption + (f" *{picture.note}*" if picture.note else "") +
                         f" ([SVG]({picture.svg}))")
            lines.append("")
        else:
            lines.append(f"- *{picture.title}: not drawn.* {picture.note}")
            lines.append("")
    lines.append("Full report: [index.html](index.html).")
    return "\n".join(lines) + "\n"


def write(results, pictures, out_dir, job_pages=True):
    path = os.path.join(out_dir, "summary.md")
    with open(path, "w", encoding="utf-8") as f:
        f.write(render(results, pictures, job_pages))
    return path
