"""The report program end to end, as a process: exit codes and messages.

The `heapbound report` tests run when HEAPBOUND_BIN names the built CLI
(ctest sets it); they are skipped, with that reason, otherwise.
"""

import os
import subprocess
import unittest

from tests import support


def run(argv, **kwargs):
    return subprocess.run(argv, capture_output=True, text=True, timeout=300, **kwargs)


class ReportScriptTest(unittest.TestCase):
    def test_writes_pages_and_pictures_into_report_beside_results(self):
        with support.TempDir() as d:
            done = run([support.PYTHON, support.SCRIPT, support.copy_testdata(d)])
            self.assertEqual(done.returncode, 0, done.stderr)
            out = os.path.join(d, "report")
            names = os.listdir(out)
            for name in ("index.html", "summary.md", "peak_vs_bound.png", "peak_vs_bound.svg"):
                self.assertIn(name, names)
            self.assertIn(os.path.join(out, "index.html"), done.stdout)

    def test_unknown_schema_exits_2_naming_the_file(self):
        with support.TempDir() as d:
            path = support.write_variant(d, lambda doc: doc.update(schema=7))
            done = run([support.PYTHON, support.SCRIPT, path])
            self.assertEqual(done.returncode, 2)
            self.assertIn(path, done.stderr)
            self.assertIn("unknown schema 7", done.stderr)
            self.assertFalse(os.path.exists(os.path.join(d, "report")))

    def test_missing_results_exits_2_naming_the_file(self):
        with support.TempDir() as d:
            path = os.path.join(d, "results.json")
            done = run([support.PYTHON, support.SCRIPT, path])
            self.assertEqual(done.returncode, 2)
            self.assertIn(f"{path}: no such file", done.stderr)

    def test_a_bad_folded_file_exits_2_naming_file_and_line_from_a_drawing_worker(self):
        def name_stacks(doc):
            row = next(r for r in doc["results"] if r["tool"] == "massif")
            row["stacks"] = "stacks/bad.folded"
        with support.TempDir() as d:
            path = support.write_variant(d, name_stacks)
            os.makedirs(os.path.join(d, "stacks"), exist_ok=True)
            with open(os.path.join(d, "stacks", "bad.folded"), "w") as f:
                f.write("main;Read 12\nmain;Read\n")
            done = run([support.PYTHON, support.SCRIPT, path, "--workers", "2"])
            self.assertEqual(done.returncode, 2, done.stderr)
            self.assertIn(f"{os.path.join(d, 'stacks', 'bad.folded')}: line 2: expected "
                          "`frame;frame;... bytes`, got 'main;Read'", done.stderr)

    def test_missing_matplotlib_exits_3_naming_the_debian_package(self):
        hide = ("import sys; sys.modules['matplotlib'] = None; "
                f"sys.path.insert(0, {support.REPORTS!r}); "
                "from hbreport.main import main; sys.exit(main(sys.argv[1:]))")
        with support.TempDir() as d:
            done = run([support.PYTHON, "-c", hide, support.copy_testdata(d)])
            self.assertEqual(done.returncode, 3, done.stderr)
            self.assertIn("python3-matplotlib", done.stderr)


@unittest.skipUnless(os.environ.get("HEAPBOUND_BIN"), "HEAPBOUND_BIN (the built CLI) is not set")
class HeapboundReportCommandTest(unittest.TestCase):
    def setUp(self):
        self.bin = os.environ["HEAPBOUND_BIN"]

    def test_writes_report_under_out(self):
        with support.TempDir() as d:
            support.copy_testdata(d)
            done = run([self.bin, "report", "--out", d])
            self.assertEqual(done.returncode, 0, done.stderr)
            for name in ("index.html", "summary.md", "peak_vs_bound.png"):
                self.assertTrue(os.path.exists(os.path.join(d, "report", name)), name)

    def test_missing_results_exits_2(self):
        with support.TempDir() as d:
            done = run([self.bin, "report", "--out", d])
            self.assertEqual(done.returncode, 2)
            self.assertIn(os.path.join(d, "results.json"), done.stderr)

    def test_unknown_schema_exits_2(self):
        with support.TempDir() as d:
            support.write_variant(d, lambda doc: doc.update(schema="two"))
            done = run([self.bin, "report", "--out", d])
            self.assertEqual(done.returncode, 2)
            self.assertIn("unknown schema", done.stderr)


if __name__ == "__main__":
    unittest.main()
