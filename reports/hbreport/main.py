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
    from .pictures import agreement, peak_bound, rss_heap, scaling, timeline
    return [timeline, peak_bound, scaling, agreement, rss_heap]


def build(results_path, out_dir, history=None):
    """Loads the results, writes every picture and both pages; returns the pictures.

    `history`: results files or folders, one run per commit, oldest first.
    """
    loaded = results_module.load_results(results_path)
    from . import runs
    past = runs.load_runs(history) if history else None
    modules = _pictures()
    from . import html, markdown
    os.makedirs(out_dir, exist_ok=True)
    pictures = []
    for module in modules:
        pictures.extend(module.make(loaded, out_dir))
    if past is not None:
        from .pictures import history as history_picture
        pictures.extend(history_picture.make(past, out_dir))
    markdown.write(loaded, pictures, out_dir)
    html.write(loaded, pictures, out_dir)
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
    args = parser.parse_args(argv)
    out_dir = args.out or os.path.join(os.path.dirname(os.path.abspath(args.results)), "report")
    try:
        loaded, pictures = build(args.results, out_dir, args.history)
    except errors.InputError as e:
        print(f"heapbound report: error: {e}", file=sys.stderr)
        return errors.EXIT_BAD_INPUT
    except errors.MissingDependency as e:
        print(f"heapbound report: error: {e}", file=sys.stderr)
        return errors.EXIT_MISSING_DEPENDENCY
    written = [p for p in pictures if p.written]
    print(f"heapbound report: wrote {os.path.join(out_dir, 'index.html')} and summary.md "
          f"({len(written)} pictures from {len(loaded.results)} results)")
    for p in pictures:
        if not p.written:
            print(f"heapbound report: note: {p.title} not drawn: {p.note}")
    return errors.EXIT_OK
