"""Shared helpers for the report tests: the test data and a built report."""

import json
import os
import shutil
import tempfile

REPORTS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TESTDATA = os.path.join(REPORTS, "testdata")
RESULTS = os.path.join(TESTDATA, "results.json")
RUN_SUMMARY = os.path.join(TESTDATA, "summary.md")
SCRIPT = os.path.join(REPORTS, "heapbound_report.py")
PYTHON = "/usr/bin/python3"


def raw_results():
    with open(RESULTS, encoding="utf-8") as f:
        return json.load(f)


def copy_testdata(directory):
    """Copies the recorded run (results.json, summary.md, timelines/, stacks/, raw/) into
    directory; returns the results path."""
    shutil.copy(RESULTS, directory)
    shutil.copy(RUN_SUMMARY, directory)
    for name in ("timelines", "stacks", "raw"):
        if os.path.isdir(os.path.join(TESTDATA, name)):
            shutil.copytree(os.path.join(TESTDATA, name), os.path.join(directory, name))
    return os.path.join(directory, "results.json")


def write_variant(directory, change):
    """Copies the test data, applies change(doc) to results.json, returns its path."""
    path = copy_testdata(directory)
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    change(doc)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f)
    return path


class TempDir:
    def __enter__(self):
        self.path = tempfile.mkdtemp(prefix="heapbound-report-test-")
        return self.path

    def __exit__(self, *exc):
        shutil.rmtree(self.path, ignore_errors=True)


_BUILT = {}


def built_report():
    """Builds the report of a copy of the test data once per test process.

    Returns (report_dir, loaded_results, pictures); the directory lives until exit.
    """
    if not _BUILT:
        import atexit
        from hbreport import main
        directory = tempfile.mkdtemp(prefix="heapbound-report-test-")
        atexit.register(shutil.rmtree, directory, True)
        out = os.path.join(directory, "report")
        loaded, pictures = main.build(copy_testdata(directory), out)
        _BUILT.update(out=out, loaded=loaded, pictures=pictures)
    return _BUILT["out"], _BUILT["loaded"], _BUILT["pictures"]
