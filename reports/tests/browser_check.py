#!/usr/bin/python3
"""Takes headless Chromium through index.html and one failing job page of a report.

    /usr/bin/python3 reports/tests/browser_check.py --out <build>/reports/browser

Builds the report of the recorded run (reports/testdata) under --out, then
for index.html and the first failing job's page:
  - loads the page in Chromium (an iframe of a small checker page) and
    checks that every <img> finished loading with a non-zero size and that
    every link resolves: `#id` to an element, a file to something Chromium
    can read (the report must work when only report/ is uploaded, so
    nothing may point outside it);
  - keeps a full-page screenshot, <page>.png, in --out as a test artefact.
Exit 0 when every image loads and every link resolves; 1 with one line
per problem otherwise; 2 when Chromium is missing (ci/setup installs it).
Nothing is written outside --out; --out is emptied first.
"""

import argparse
import html.parser
import json
import os
import shutil
import subprocess
import sys
import urllib.parse
import urllib.request

REPORTS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, REPORTS)

from tests import support  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHECKER = """<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>
<pre id="result">pending</pre>
<iframe id="page" style="width:1280px;height:2000px"></iframe>
<script>
function readable(url) {
  return new Promise(done => {
    const xhr = new XMLHttpRequest();
    xhr.onload = () => done(xhr.responseText.length > 0);
    xhr.onerror = () => done(false);
    try { xhr.open("GET", url); xhr.send(); } catch (e) { done(false); }
  });
}
async function check(doc, base) {
  const problems = [], images = [], links = [];
  for (const img of doc.images) {
    const src = img.getAttribute("src");
    images.push(src);
    if (!img.complete) await new Promise(r => { img.onload = r; img.onerror = r; });
    if (!(img.naturalWidth > 0)) problems.push("image did not load: " + src);
  }
  for (const a of doc.querySelectorAll("a[href]")) {
    const href = a.getAttribute("href");
    links.push(href);
    if (href.startsWith("#")) {
      if (!doc.getElementById(href.slice(1))) problems.push("no element for " + href);
      continue;
    }
    const url = new URL(href, base);
    if (url.protocol !== "file:") { problems.push("link leaves the report: " + href); continue; }
    if (!(await readable(url.href))) problems.push("link does not resolve: " + href);
  }
  return {title: doc.title, images, links, problems};
}
const target = decodeURIComponent(location.hash.slice(1));
const frame = document.getElementById("page");
frame.onload = async () => {
  let result;
  try { result = await check(frame.contentDocument, target); }
  catch (e) { result = {problems: ["cannot inspect the page: " + e]}; }
  document.getElementById("result").textContent = JSON.stringify(result);
};
frame.src = target;
</script></body></html>
"""


class _Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        for key, value in attrs:
            if key in ("href", "src") and value:
                self.links.append(value)


def files_named(page):
    """Returns every src/href of a page file that is not an anchor, for an on-disk check."""
    parser = _Links()
    with open(page, encoding="utf-8") as f:
        parser.feed(f.read())
    return [link for link in parser.links if not link.startswith("#")]


def chromium(argv, out, timeout=120):
    env = dict(os.environ, TMPDIR=out, HOME=out)
    base = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
            "--no-first-run", "--disable-extensions", f"--user-data-dir={out}/profile"]
    return subprocess.run(base + argv, capture_output=True, text=True, timeout=timeout, env=env)


def check_in_browser(page, out):
    checker = os.path.join(out, "checker.html")
    with open(checker, "w", encoding="utf-8") as f:
        f.write(CHECKER)
    url = urllib.request.pathname2url(checker)
    target = urllib.parse.quote("file://" + urllib.request.pathname2url(page), safe="")
    done = chromium(["--allow-file-access-from-files", "--disable-web-security",
                     "--virtual-time-budget=30000", "--dump-dom", f"file://{url}#{target}"], out)
    marker = '<pre id="result">'
    dom = done.stdout
    if marker not in dom:
        return {"problems": [f"chromium printed no result (exit {done.returncode}): "
                             f"{done.stderr.strip()[-500:]}"]}
    text = dom.split(marker, 1)[1].split("</pre>", 1)[0]
    text = html.unescape(text)
    if text == "pending":
        return {"problems": ["the page did not finish loading within the time budget"]}
    return json.loads(text)


def screenshot(page, png, out):
    done = chromium([f"--screenshot={png}", "--window-size=1280,2400",
                     "file://" + urllib.request.pathname2url(page)], out)
    if not os.path.exists(png):
        return [f"no screenshot of {page} (exit {done.returncode}): {done.stderr.strip()[-300:]}"]
    return []


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, help="build-tree directory for the artefacts")
    args = parser.parse_args()
    if not os.access(CHROMIUM, os.X_OK):
        print(f"browser_check: {CHROMIUM} not found; install Debian's chromium (ci/setup does)",
              file=sys.stderr)
        return 2
    out = os.path.abspath(args.out)
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    from hbreport import main as report
    run_dir = os.path.join(out, "run")
    os.makedirs(run_dir)
    report_dir = os.path.join(run_dir, "report")
    loaded, _ = report.build(support.copy_testdata(run_dir), report_dir)
    failing = [r for r in loaded.results if r.status == "fail"]
    if not failing:
        print("browser_check: the recorded run has no failing job to check", file=sys.stderr)
        return 1
    pages = [os.path.join(report_dir, "index.html"),
             os.path.join(report_dir, "jobs", f"{failing[0].job_id}.html")]
    problems = []
    for page in pages:
        name = os.path.relpath(page, report_dir)
        for link in files_named(page):
            target = os.path.normpath(os.path.join(os.path.dirname(page), link))
            if not target.startswith(report_dir + os.sep):
                problems.append(f"{name}: {link} points outside report/")
            elif not os.path.exists(target):
                problems.append(f"{name}: {link} does not exist")
        result = check_in_browser(page, out)
        problems += [f"{name}: {p}" for p in result.get("problems", [])]
        if not result.get("images"):
            problems.append(f"{name}: chromium saw no images")
        problems += screenshot(page, os.path.join(out, name.replace("/", "_") + ".png"), out)
        print(f"browser_check: {name}: {len(result.get('images', []))} images, "
              f"{len(result.get('links', []))} links checked in chromium")
    shutil.rmtree(os.path.join(out, "profile"), ignore_errors=True)
    for p in problems:
        print(f"browser_check: {p}", file=sys.stderr)
    print(f"browser_check: {'FAIL' if problems else 'ok'}; screenshots in {out}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
