"""Writes summary.md, sized for a CI job summary ($GITHUB_STEP_SUMMARY).

Its counts and table are the run's own summary.md (written by `heapbound
run` beside results.json), copied byte for byte: one definition of the
summary, so the run's page and the report's cannot disagree. The report adds
the pictures.
"""

import os

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


def render(results, pictures):
    lines = [run_summary(results).rstrip("\n"), ""]
    lines.append("## Pictures")
    lines.append("")
    for picture in pictures:
        if picture.written:
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


def write(results, pictures, out_dir):
    path = os.path.join(out_dir, "summary.md")
    with open(path, "w", encoding="utf-8") as f:
        f.write(render(results, pictures))
    return path
