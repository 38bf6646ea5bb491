#!/usr/bin/python3
"""Records the report test data from one real `heapbound run`.

    /usr/bin/python3 reports/testdata/record.py \
        --heapbound build/bin/heapbound --out reports/testdata

Runs, with the built CLI, into a scratch directory, the repository's
cases/bounds.toml with two changes written into a copy (recording.toml):
  1. the default suite runs on `tiny` (~2 MB) instead of small and seed, so
     every case runs under massif, heaptrack and track (timelines, tool
     agreement, sites, folded stacks), program cases are left out, and the
     ladder sweep stays as it is (every case on ladder-1 ... ladder-256 under track: scaling, RSS);
  2. one planted broken bound: line_stream's `max_line + 68 KiB` becomes
     `max_line + 60 KiB`, which its 64 KiB read buffer plus its line
     buffer exceed, so the run has real failing rows (exit 1) with real
     sites, for the broken-bounds section and the failing job page.
It then copies what the run wrote, unedited: results.json, summary.md,
timelines/, stacks/ and raw/ (~200 KB: massif.out, heaptrack .zst and
track .json of small jobs).
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PLANTED = ('max_peak = "max_line + 68 KiB"', 'max_peak = "max_line + 60 KiB"')


def recording_bounds(directory):
    """Writes recording.toml (the repository's bounds with the two changes) into directory.

    Returns its path relative to the repository, as the run is given it (and
    records it in provenance.bounds_file), so job pages' commands rerun it.
    """
    with open(os.path.join(REPO, "cases", "bounds.toml"), encoding="utf-8") as f:
        text = f.read()
    fixtures = re.compile(r'^fixtures = \["small", "seed"\]$', re.M)
    if not fixtures.search(text) or text.count(PLANTED[0]) != 1:
        sys.exit("record.py: cases/bounds.toml changed: expected `fixtures = [\"small\", "
                 f"\"seed\"]` in [defaults] and one `{PLANTED[0]}`; update record.py")
    text = fixtures.sub('fixtures = ["tiny"]', text, count=1).replace(*PLANTED)
    # Program cases (CPython commands) are left out: the report treats them as any case.
    text = re.sub(r'\[program\.[a-z_]+\]\n(.+\n)*', "", text)
    text = re.sub(r'\[\[sweep\]\]\nname = "programs-seed"\n(.+\n)*', "", text)
    text = re.sub(r',\s*"py_[a-z_]+"', "", text)
    path = os.path.join(directory, "recording.toml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return os.path.relpath(path, REPO)


def run(heapbound, bounds, out):
    argv = [heapbound, "run", "--bounds", bounds, "--out", out, "--quiet"]
    done = subprocess.run(argv, capture_output=True, text=True, cwd=REPO)
    # 1: the planted bound broke, as it must. 0 means it did not; 2 and 3 are not results.
    if done.returncode != 1:
        sys.exit(f"record.py: {' '.join(argv)} exited {done.returncode}, expected 1 (the "
                 f"planted bound broken):\n{done.stderr[-3000:]}")
    return argv


def copy_run(run_dir, out_dir):
    with open(os.path.join(run_dir, "results.json"), encoding="utf-8") as f:
        doc = json.load(f)
    for name in ("timelines", "stacks", "raw"):
        shutil.rmtree(os.path.join(out_dir, name), ignore_errors=True)
    kept_raw = 0
    for row in doc["results"]:
        files = [row.get("timeline"), row.get("stacks")] + row.get("raw", [])
        kept_raw += len(row.get("raw", []))
        for name in filter(None, files):
            os.makedirs(os.path.dirname(os.path.join(out_dir, name)), exist_ok=True)
            shutil.copy(os.path.join(run_dir, name), os.path.join(out_dir, name))
    shutil.copy(os.path.join(run_dir, "results.json"), os.path.join(out_dir, "results.json"))
    shutil.copy(os.path.join(run_dir, "summary.md"), os.path.join(out_dir, "summary.md"))
    return doc, kept_raw


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--heapbound", required=True, help="the built heapbound CLI")
    parser.add_argument("--out", required=True, help="the testdata directory to rewrite")
    args = parser.parse_args()
    scratch = tempfile.mkdtemp(prefix="heapbound-record-")
    try:
        bounds = recording_bounds(os.path.abspath(args.out))
        run(os.path.abspath(args.heapbound), bounds, os.path.join(scratch, "run"))
        doc, kept_raw = copy_run(os.path.join(scratch, "run"), args.out)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    with open(os.path.join(args.out, "commands.txt"), "w", encoding="utf-8") as f:
        f.write(f"heapbound run --bounds {bounds} --out <scratch>/run --quiet\n")
    failed = sum(r["status"] == "fail" for r in doc["results"])
    print(f"record.py: {len(doc['results'])} results ({failed} fail) on {len(doc['fixtures'])} "
          f"fixtures, {kept_raw} raw files, into {args.out}")


if __name__ == "__main__":
    main()
