"""The report program: results.json in, <out>/report/ out.

Exit codes: 0 written; 2 bad input (missing file, unknown schema, bad
field: the message names the file and field); 3 matplotlib missing.
"""

import argparse
import os
import sys

from . import errors, results as results_module

DEBIAN_PACKAGE = "python3-matplotlib"


def _pictures():
    """Imports the picture modules; raises MissingDependency without matplotlib."""
    try:
        import matplotlib  # noqa: F401
        import numpy  # noqa: F401
    except ImportError as e:
        raise errors.MissingDependency(
            f"{e.name or 'matplotlib'} is not installed for {sys.executable}; install the Debian "
            f"package {DEBIAN_PACKAGE} (apt-get install {DEBIAN_PACKAGE})") from None
    from .pictures import agreement, alloc_counts, peak_bound, rss_heap, scaling, timeline
    return [timeline, peak_bound, scaling, agreement, rss_heap, alloc_counts]


def build(results_path, out_dir, job_pages=True, workers=None, history=None):
    """Loads the results, writes every picture, both pages and the job pages.

    Returns (results, suite pictures). Everything goes inside out_dir, so
    it works when only out_dir is kept (a CI artifact). `history`: results
    files or folders, one run per commit, oldest first.
    """
    loaded = results_module.load_results(results_path)
    from . import runs
    past = runs.load_runs(history) if history else None
    modules = _pictures()
    from . import drawing, html, job_page, markdown
    # Reads the run's summary before drawing: a missing one stops the report early.
    markdown.run_summary(loaded)
    jobs_dir = os.path.join(out_dir, "jobs")
    os.makedirs(jobs_dir if job_pages else out_dir, exist_ok=True)
    pictures, per_job = drawing.draw(loaded, modules, out_dir, jobs_dir, job_pages, workers)
    if past is not None:
        from .pictures import history as history_picture
        pictures.extend(history_picture.make(past, out_dir))
    if job_pages:
        for row in loaded.results:
            job_page.write(row, loaded, out_dir, jobs_dir, per_job.get((row.index, "timeline")),
                           per_job.get((row.index, "flame")))
    job_page.copy_file(loaded.path, os.path.join(out_dir, "results.json"))
    markdown.write(loaded, pictures, out_dir, job_pages)
    html.write(loaded, pictures, out_dir, job_pages)
    return loaded, pictures


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="heapbound_report.py",
        description="Writes pictures, index.html and summary.md from a heapbound results.json.")
    parser.add_argument("results", help="the run's results.json (timelines are read beside it)")
    parser.add_argument("--out", help="output directory (default: report/ beside results.json)")
    parser.add_argument("--history", nargs="+", metavar="RESULTS",
                        help="results.json files or folders of them, one per commit, oldest "
                             "first: adds the net peak over commits")
    parser.add_argument("--no-job-pages", action="store_true",
                        help="write only index.html, summary.md and the suite's pictures")
    parser.add_argument("--workers", type=int, default=None,
                        help="processes drawing pictures (default: the usable cores)")
    args = parser.parse_args(argv)
    if args.workers is not None and args.workers < 1:
        parser.error(f"--workers: expected a number of processes >= 1, got {args.workers}")
    out_dir = args.out or os.path.join(os.path.dirname(os.path.abspath(args.results)), "report")
    try:
        loaded, pictures = build(args.results, out_dir, not args.no_job_pages, args.workers,
                                 args.history)
    except errors.InputError as e:
        print(f"heapbound report: error: {e}", file=sys.stderr)
        return errors.EXIT_BAD_INPUT
    except errors.MissingDependency as e:
        print(f"heapbound report: error: {e}", file=sys.stderr)
        return errors.EXIT_MISSING_DEPENDENCY
    written = [p for p in pictures if p.written]
    pages = f", {len(loaded.results)} job pages in jobs/" if not args.no_job_pages else ""
    print(f"heapbound report: wrote {os.path.join(out_dir, 'index.html')} and summary.md "
          f"({len(written)} pictures from {len(loaded.results)} results{pages})")
    for p in pictures:
        if not p.written and not p.table:
            print(f"heapbound report: note: {p.title} not drawn: {p.note}")
    return errors.EXIT_OK
