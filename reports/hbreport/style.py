"""The CSS every page shares (inline: a page must work when only report/ is kept).

Status is text on a coloured ground: no glyph that needs an emoji font.
"""

CSS = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1200px; color: #222;
       padding: 0 1em; }
h1 { margin-bottom: 0.2em; }
.verdict { font-size: 1.15em; font-weight: bold; padding: 0.3em 0.6em; border-radius: 4px;
           display: inline-block; }
.PASS { background: #e3f4e3; color: #1b6e1b; } .FAIL { background: #fbe3e3; color: #a11; }
.status { font-weight: bold; padding: 0 0.35em; border-radius: 3px; }
.status.pass, .status.xfail { color: #1b6e1b; background: #e3f4e3; }
.status.fail, .status.xpass, .status.error { color: #a11; background: #fbe3e3; }
table { border-collapse: collapse; margin: 1em 0; font-size: 0.92em; }
th, td { border-bottom: 1px solid #ddd; padding: 0.25em 0.7em; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.broken td { background: #fdeeee; }
figure { margin: 1.5em 0; } figure img { max-width: 100%; border: 1px solid #eee; }
figcaption { max-width: 70em; } .note { color: #8a5a00; }
nav a { margin-right: 1em; }
section.broken { border-left: 4px solid #d62728; padding-left: 1em; margin: 1.5em 0; }
pre { background: #f6f6f6; padding: 0.4em 0.6em; overflow-x: auto; }
pre.message { background: #fdeeee; }
code.own { background: #e6eefa; padding: 0 0.2em; }
ol.sites li { margin: 0.3em 0; } details { margin-left: 1.5em; font-size: 0.9em; }
"""
