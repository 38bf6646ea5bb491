#!/usr/bin/python3
"""Records the report test data from real `heapbound run`s.

    /usr/bin/python3 reports/testdata/record.py \
        --heapbound /tmp/build-reports/bin/heapbound --out reports/testdata

Runs two suites with the built CLI, each into a scratch directory:
  1. every case on `tiny` under massif, heaptrack and track (timelines,
     tool agreement, a real broken bound if the bounds have one);
  2. every case on ladder-1 ... ladder-256 under track (the scaling picture).
It then merges them into one results.json (schema 1) with the timelines
they name. Nothing is edited: rows, numbers and timelines are copied as
`heapbound run` wrote them. Raw tool outputs are not kept (the report does
not read them), so each row's "raw" list is emptied.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

SUITES = [
    ["--fixture", "tiny", "--tool", "massif", "--tool", "heaptrack", "--tool", "track"],
    ["--fixture", "ladder-1", "--fixture", "ladder-4", "--fixture", "ladder-16",
     "--fixture", "ladder-64", "--fixture", "ladder-256", "--tool", "track"],
]


def run_suite(heapbound, args, out):
    argv = [heapbound, "run", *args, "--out", out, "--quiet"]
    done = subprocess.run(argv, capture_output=True, text=True)
    # 0: all held; 1: a bound broken (still real data). 2 and 3 are not results.
    if done.returncode not in (0, 1):
        sys.exit(f"record.py: {' '.join(argv)} exited {done.returncode}:\n{done.stderr[-3000:]}")
    with open(os.path.join(out, "results.json"), encoding="utf-8") as f:
        return json.load(f), " ".join(argv[1:])


def merge(runs, out_dir):
    merged = {"schema": 1, "heapbound_version": None, "fixtures": {}, "results": []}
    os.makedirs(os.path.join(out_dir, "timelines"), exist_ok=True)
    for (doc, _), run_dir in runs:
        if doc.get("schema") != 1:
            sys.exit(f"record.py: {run_dir}/results.json: schema {doc.get('schema')}, expected 1")
        merged["heapbound_version"] = doc.get("heapbound_version")
        for name, stats in doc["fixtures"].items():
            if merged["fixtures"].setdefault(name, stats) != stats:
                sys.exit(f"record.py: fixture {name} differs between runs")
        for row in doc["results"]:
            if row.get("timeline"):
                shutil.copy(os.path.join(run_dir, row["timeline"]),
                            os.path.join(out_dir, row["timeline"]))
            row["raw"] = []
            merged["results"].append(row)
    return merged


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--heapbound", required=True, help="the built heapbound CLI")
    parser.add_argument("--out", required=True, help="the testdata directory to rewrite")
    args = parser.parse_args()
    scratch = tempfile.mkdtemp(prefix="heapbound-record-")
    try:
        runs = []
        for i, suite in enumerate(SUITES):
            run_dir = os.path.join(scratch, f"run{i}")
            runs.append((run_suite(args.heapbound, suite, run_dir), run_dir))
        shutil.rmtree(os.path.join(args.out, "timelines"), ignore_errors=True)
        merged = merge(runs, args.out)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    with open(os.path.join(args.out, "results.json"), "w", encoding="utf-8") as f:
        json.dump(merged, f, indent=1)
        f.write("\n")
    with open(os.path.join(args.out, "commands.txt"), "w", encoding="utf-8") as f:
        f.write("".join(f"heapbound {command.replace(scratch, '<scratch>')}\n"
                        for (_, command), _ in runs))
    print(f"record.py: {len(merged['results'])} results on {len(merged['fixtures'])} fixtures "
          f"into {args.out}")


if __name__ == "__main__":
    main()
