"""Writes summary.md, sized for a CI job summary ($GITHUB_STEP_SUMMARY)."""

import os

from . import summary


def _escape(text):
    return text.replace("|", "\\|")


def render(results, pictures):
    head = summary.headline(results)
    lines = [f"# heapbound memory report: {head.verdict}", ""]
    lines.append(f"**{head.verdict}**: " + (", ".join(head.parts()) or "no jobs") + ".  ")
    lines.append(f"{head.jobs} jobs on fixtures {', '.join(head.fixtures)}; tools "
                 f"{', '.join(head.tools)}.")
    lines.append("")
    rows = summary.table_rows(results)
    if rows:
        lines.append("| " + " | ".join(summary.COLUMNS) + " |")
        lines.append("|" + "|".join("---:" if c in summary.RIGHT_ALIGNED else "---"
                                    for c in summary.COLUMNS) + "|")
        for row in rows:
            cell = summary.cells(row)
            values = [_escape(cell[c]) for c in summary.COLUMNS]
            if row.broken:
                values[0] = f"**{values[0]}**"
            lines.append("| " + " | ".join(values) + " |")
        lines.append("")
        lines.append("Net peak = peak heap minus the tool's baseline run; margin = headroom "
                     "left under the bound (negative = over it).")
        lines.append("")
    broken = [r for r in rows if r.broken]
    if broken:
        lines.append("## Broken")
        lines.append("")
        for row in broken:
            lines.append(f"- **{row.case}** on {row.fixture} under {row.tool}: {row.status}"
                         + (f": {row.message}" if row.message else ""))
            for site in summary.top_site_lines(row):
                lines.append(f"    - `{site}`")
        lines.append("")
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
