#!/usr/bin/python3
"""Records provisional report test data from real massif runs of the driver.

Until `heapbound run` writes results.json itself, this script measures the
case driver directly, the way DESIGN.md says (valgrind --tool=massif
--peak-inaccuracy=0.0 --time-unit=B, spawned without a shell), and writes
the shared results format: results.json plus timelines/*.json.

    record.py --driver build/bin/heapbound-case --out reports/testdata \
        --tree tiny=/tmp/trees/tiny --tree ladder-1=... [--make-trees DIR]

--make-trees DIR writes small deterministic trees (tiny, ladder-64k,
ladder-256k, ladder-1m) for when `heapbound fixtures` does not exist yet.
Bounds are the example bounds of DESIGN.md (see BOUNDS below).
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

KIB = 1024
MIB = 1024 * KIB

# The example bounds of DESIGN.md: (expression text, function of fixture stats, expect).
BOUNDS = {
    "chunk": ("8 KiB", lambda f: 8 * KIB, "fit"),
    "line_stream": ("2 * max_line + 16 KiB", lambda f: 2 * f["max_line"] + 16 * KIB, "fit"),
    "whole_file_readall": ("max_file", lambda f: f["max_file"], "exceed"),
}

MAX_POINTS = 2000


def tree_stats(root):
    """Returns the manifest statistics of the regular files below root."""
    total = files = max_file = max_line = max_entries = 0
    for directory, dirs, names in os.walk(root, followlinks=False):
        dirs.sort()
        max_entries = max(max_entries, len(dirs) + len(names))
        for name in sorted(names):
            path = os.path.join(directory, name)
            if os.path.islink(path) or not os.path.isfile(path):
                continue
            size = os.path.getsize(path)
            total += size
            files += 1
            max_file = max(max_file, size)
            with open(path, "rb") as f:
                for line in f:
                    max_line = max(max_line, len(line))
    return {"total_bytes": total, "files": files, "max_file": max_file,
            "max_line": max_line, "max_dir_entries": max_entries}


def make_trees(base):
    """Writes small deterministic spider-like trees; returns {profile: root}."""
    shapes = {
        "tiny": [("quotes/logs/20240101000000.log", 300 * KIB),
                 ("quotes/quotes/settings.py", 3 * KIB),
                 ("books/logs/20240102000000.log", 120 * KIB),
                 ("books/items.jsonl", 40 * KIB)],
        "ladder-64k": [("a/logs/1.log", 64 * KIB), ("a/settings.py", 2 * KIB)],
        "ladder-256k": [("a/logs/1.log", 256 * KIB), ("a/settings.py", 2 * KIB)],
        "ladder-1m": [("a/logs/1.log", MIB), ("a/settings.py", 2 * KIB)],
    }
    roots = {}
    for profile, files in shapes.items():
        root = os.path.join(base, profile, "spiders")
        for rel, size in files:
            path = os.path.join(root, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(_log_bytes(size, seed=len(rel)))
        roots[profile] = root
    return roots


def _log_bytes(size, seed):
    out = bytearray()
    n = seed
    while len(out) < size:
        n = (n * 1103515245 + 12345) % 2 ** 31
        url = "https://quotes.toscrape.com/page/%d/" % (n % 997)
        out += (b"2024-01-01 00:00:%02d [scrapy.core.engine] DEBUG: Crawled (200) <GET %s>"
                % (n % 60, url.encode()) + b"x" * (n % 180) + b"\n")
    return bytes(out[:size])


def parse_massif(path):
    """Returns [(time, mem_heap_B)] of every snapshot of a massif.out file."""
    points, time_value = [], None
    with open(path) as f:
        for line in f:
            if line.startswith("time="):
                time_value = int(line.split("=", 1)[1])
            elif line.startswith("mem_heap_B="):
                points.append((time_value, int(line.split("=", 1)[1])))
    points.sort(key=lambda p: p[0])
    return points


def downsample(points, limit=MAX_POINTS):
    """Keeps at most `limit` points, always the first, last and peak."""
    if len(points) <= limit:
        return points
    peak = max(range(len(points)), key=lambda i: points[i][1])
    step = len(points) / (limit - 2)
    keep = {0, len(points) - 1, peak}
    keep.update(int(i * step) for i in range(limit - 2))
    return [points[i] for i in sorted(keep)][:limit]


def run_massif(driver, case, root, raw_dir, name):
    raw = os.path.join(raw_dir, f"{name}.massif.out")
    argv = ["valgrind", "--tool=massif", "--peak-inaccuracy=0.0", "--time-unit=B",
            f"--massif-out-file={raw}", driver, "--case", case, "--root", root]
    start = time.monotonic()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        child = subprocess.Popen(argv, stdout=out, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.monotonic() - start
        out.seek(0)
        stdout = out.read().decode()
        if os.waitstatus_to_exitcode(status) != 0:
            err.seek(0)
            sys.exit(f"record.py: {' '.join(argv)} failed:\n{err.read().decode()[-2000:]}")
    line = json.loads(stdout.strip().splitlines()[-1])
    return raw, wall, usage.ru_maxrss * 1024, line


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--driver", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--tree", action="append", default=[], metavar="PROFILE=DIR")
    parser.add_argument("--make-trees", metavar="DIR")
    parser.add_argument("--case", action="append", default=[])
    args = parser.parse_args()

    trees = dict(t.split("=", 1) for t in args.tree)
    if args.make_trees:
        trees.update(make_trees(args.make_trees))
    listed = [l.split("\t")[0] for l in subprocess.run(
        [args.driver, "--list"], check=True, capture_output=True, text=True).stdout.splitlines()]
    cases = args.case or listed
    os.makedirs(os.path.join(args.out, "timelines"), exist_ok=True)
    raw_dir = tempfile.mkdtemp(prefix="heapbound-record-")

    fixtures, results = {}, []
    for profile, root in trees.items():
        stats = tree_stats(root)
        measured = {}
        for case in (["baseline"] if "baseline" in listed else []) + [c for c in cases if c != "baseline"]:
            name = f"{case}.{profile}.massif"
            raw, wall, rss, line = run_massif(args.driver, case, root, raw_dir, name)
            stats["digest"] = line["digest"]
            points = parse_massif(raw)
            peak = max(h for _, h in points)
            timeline = f"timelines/{name}.json"
            with open(os.path.join(args.out, timeline), "w") as f:
                json.dump({"case": case, "fixture": profile, "tool": "massif",
                           "time_unit": "bytes allocated", "peak_bytes": peak,
                           "points": [list(p) for p in downsample(points)]}, f)
            measured[case] = (peak, rss, wall, timeline, line)
        base = measured.get("baseline", (0,))[0]
        for case, (peak, rss, wall, timeline, line) in measured.items():
            expr, bound_fn, expect = BOUNDS.get(case, (None, None, "fit"))
            bound = bound_fn(stats) if bound_fn else None
            net = peak - base
            if case == "baseline":
                status = "pass"
            elif bound is None:
                status = "pass"
            elif expect == "exceed":
                status = "xfail" if net > bound else "xpass"
            else:
                status = "pass" if net <= bound else "fail"
            results.append({
                "case": case, "fixture": profile, "tool": "massif",
                "role": "baseline" if case == "baseline" else "case", "expect": expect,
                "status": status, "peak_bytes": peak, "baseline_bytes": base,
                "net_peak_bytes": 0 if case == "baseline" else net,
                "bound_bytes": bound, "bound_expr": expr, "max_rss_bytes": rss,
                "wall_seconds": round(wall, 3), "digest_ok": True,
                "message": "" if status in ("pass", "xfail") else
                f"net peak {net} B against bound {bound} B",
                "timeline": timeline, "raw": [], "top_sites": []})
        fixtures[profile] = stats
    doc = {"schema": 1, "heapbound_version": "0.1.0", "fixtures": fixtures, "results": results}
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    print(f"record.py: wrote {len(results)} results for {len(fixtures)} fixtures to {args.out}")


if __name__ == "__main__":
    main()
