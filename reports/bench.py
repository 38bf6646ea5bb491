#!/usr/bin/python3
"""Times the whole report of a run, with and without job pages, against the 10 s goal.

    /usr/bin/python3 reports/bench.py [--out build/heapbound-out] [--repeat 3]

Runs `heapbound_report.py` as a fresh process (Python start and the
matplotlib import included, as `heapbound report` pays them) on the run's
results.json, writing into <out>/bench-report-*/ (removed afterwards), and
prints the best of --repeat wall times (and that run's CPU seconds, all
processes) beside the goal: the default
suite's whole report, job pages and their pictures included, within 10 s
on a 2-core machine. The load average is printed too: other work on the
machine slows the numbers.
"""

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time

REPORTS = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(REPORTS)
GOAL_SECONDS = 10.0


def time_report(results, target, job_pages):
    argv = ["/usr/bin/python3", os.path.join(REPORTS, "heapbound_report.py"), results,
            "--out", target]
    if not job_pages:
        argv.append("--no-job-pages")
    shutil.rmtree(target, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    done = subprocess.run(argv, capture_output=True, text=True)
    seconds = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"bench: {' '.join(argv)} exited {done.returncode}:\n{done.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return seconds, cpu


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=os.path.join(REPO, "build", "heapbound-out"),
                        help="a run's out dir (default: the default suite's, from ci/suite)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per variant; best is shown")
    args = parser.parse_args()
    results = os.path.join(args.out, "results.json")
    if not os.path.isfile(results):
        sys.exit(f"bench: {results}: no such file; run ci/suite (or heapbound run) first")
    with open(results, encoding="utf-8") as f:
        doc = json.load(f)
    rows = doc["results"]
    flames = sum(1 for r in rows if r.get("stacks"))
    print(f"bench: report of {results}: {len(rows)} jobs, {flames} with folded stacks, "
          f"{len(doc['fixtures'])} fixtures; {os.cpu_count()} cores, load average "
          f"{os.getloadavg()[0]:.1f} at start")
    for job_pages in (True, False):
        target = os.path.join(args.out, "bench-report-" + ("jobs" if job_pages else "index"))
        try:
            runs = [time_report(results, target, job_pages) for _ in range(args.repeat)]
        finally:
            shutil.rmtree(target, ignore_errors=True)
        best, cpu = min(runs)
        label = "with job pages   " if job_pages else "without job pages"
        print(f"bench: {label} {best:5.2f} s wall, best of {args.repeat} "
              f"({', '.join(f'{t:.2f}' for t, _ in runs)}), {cpu:.2f} s CPU; goal "
              f"{GOAL_SECONDS:.0f} s for the whole report: {best / GOAL_SECONDS:.2f} of it")
    print(f"bench: load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
