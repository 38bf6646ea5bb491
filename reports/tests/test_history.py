"""The history picture: net peak per case over commits, on recorded runs.

testdata/history/ holds results.json files of real runs on tiny under
track, one per commit of this repository (testdata/history/README.md says
how they were made): a bound lowered until chunk broke it, blessed back,
and a simulated 512 B regression of chunk.
"""

import json
import os
import shutil
import subprocess
import unittest

from hbreport import errors, main, runs
from hbreport.pictures import history

from tests.support import PYTHON, RESULTS, SCRIPT, TESTDATA, TempDir, copy_testdata

HISTORY = os.path.join(TESTDATA, "history")


def recorded():
    """Returns the recorded documents, oldest first (by file name)."""
    names = sorted(n for n in os.listdir(HISTORY) if n.endswith(".json"))
    docs = []
    for name in names:
        with open(os.path.join(HISTORY, name), encoding="utf-8") as f:
            docs.append(json.load(f))
    return docs


def chunk_row(doc):
    return next(r for r in doc["results"] if r["case"] == "chunk")


class RecordedRuns(unittest.TestCase):
    def test_folder_orders_by_start_and_labels_by_short_commit(self):
        loaded = runs.load_runs([HISTORY])
        docs = recorded()
        self.assertEqual(len(loaded), len(docs))
        self.assertGreaterEqual(len(loaded), 4)
        starts = [d["provenance"]["started_at"] for d in docs]
        self.assertEqual(starts, sorted(starts))
        for run, doc in zip(loaded, docs):
            commit = doc["provenance"]["git_commit"]
            self.assertEqual(run.commit, commit)
            self.assertEqual(run.label, commit[:7] + ("*" if doc["provenance"]["git_dirty"] else ""))
        # Real commits: each run its own.
        self.assertEqual(len({run.commit for run in loaded}), len(loaded))

    def test_the_recorded_story(self):
        docs = recorded()
        chunk = [chunk_row(d) for d in docs]
        self.assertEqual(chunk[0]["status"], "pass")
        self.assertEqual(chunk[1]["status"], "fail")  # the lowered bound
        self.assertLess(chunk[1]["bound_bytes"], chunk[0]["bound_bytes"])
        self.assertEqual(chunk[2]["status"], "pass")  # blessed back
        self.assertEqual(chunk[3]["net_peak_bytes"], chunk[2]["net_peak_bytes"] + 512)


class HistoryPicture(unittest.TestCase):
    def test_draws_every_runs_net_peak_and_bound(self):
        docs = recorded()
        with TempDir() as out:
            [picture] = history.make(runs.load_runs([HISTORY]), out)
            self.assertTrue(picture.written, picture.note)
            self.assertTrue(os.path.getsize(os.path.join(out, picture.png)) > 10000)
            self.assertTrue(os.path.exists(os.path.join(out, picture.svg)))
        labels = [d["provenance"]["git_commit"][:7] for d in docs]
        self.assertEqual([c.rstrip("*") for c in picture.data["commits"]], labels)
        panels = {(p["case"], p["fixture"]): p for p in picture.data["panels"]}
        cases = sorted({r["case"] for r in docs[-1]["results"] if r["role"] == "case"})
        self.assertEqual(sorted(case for case, _ in panels), cases)
        chunk = panels[("chunk", "tiny")]
        self.assertEqual(chunk["tool"], "track")
        self.assertEqual(chunk["net_peak_bytes"], [chunk_row(d)["net_peak_bytes"] for d in docs])
        self.assertEqual(chunk["bound_bytes"], [chunk_row(d)["bound_bytes"] for d in docs])
        self.assertEqual(chunk["broken"], [1])

    def test_prefers_massif_and_leaves_gaps_for_missing_rows(self):
        docs = recorded()
        extra = json.loads(json.dumps(docs[-1]))
        row = dict(chunk_row(extra), tool="massif", net_peak_bytes=1234, peak_bytes=99999)
        extra["results"].append(row)
        with TempDir() as directory:
            paths = []
            for i, doc in enumerate(docs[:-1] + [extra]):
                paths.append(os.path.join(directory, f"{i}.json"))
                with open(paths[-1], "w", encoding="utf-8") as f:
                    json.dump(doc, f)
            [picture] = history.make(runs.load_runs(paths), directory)
        chunk = next(p for p in picture.data["panels"] if p["case"] == "chunk")
        self.assertEqual(chunk["tool"], "massif")
        self.assertEqual(chunk["net_peak_bytes"], [None] * (len(docs) - 1) + [1234])

    def test_needs_two_runs(self):
        with TempDir() as out:
            [picture] = history.make(runs.load_runs([os.path.join(HISTORY, sorted(
                os.listdir(HISTORY))[0])]), out)
        self.assertFalse(picture.written)
        self.assertIn("at least two runs", picture.note)


class HistoryInput(unittest.TestCase):
    def test_bad_field_names_file_and_field(self):
        with TempDir() as directory:
            doc = recorded()[0]
            doc["results"][0]["net_peak_bytes"] = "12"
            path = os.path.join(directory, "bad.json")
            with open(path, "w", encoding="utf-8") as f:
                json.dump(doc, f)
            with self.assertRaises(errors.InputError) as caught:
                runs.load_runs([path])
            self.assertEqual(str(caught.exception),
                             f"{path}: results[0].net_peak_bytes: expected an integer, got \"12\"")

    def test_empty_folder_and_missing_path_are_named(self):
        with TempDir() as directory:
            with self.assertRaises(errors.InputError) as caught:
                runs.load_runs([directory])
            self.assertIn(f"{directory}: holds no results", str(caught.exception))
            missing = os.path.join(directory, "nope")
            with self.assertRaises(errors.InputError) as caught:
                runs.load_runs([missing])
            self.assertEqual(str(caught.exception), f"{missing}: no such file or folder")

    def test_out_dirs_in_a_folder_count_as_runs(self):
        with TempDir() as directory:
            for i, name in enumerate(sorted(os.listdir(HISTORY))[:2]):
                os.makedirs(os.path.join(directory, f"run{i}"))
                shutil.copy(os.path.join(HISTORY, name),
                            os.path.join(directory, f"run{i}", "results.json"))
            loaded = runs.load_runs([directory])
        self.assertEqual(len(loaded), 2)


class HistoryProgram(unittest.TestCase):
    def test_report_with_history_adds_the_picture(self):
        with TempDir() as directory:
            results = copy_testdata(directory)
            out = os.path.join(directory, "report")
            done = subprocess.run([PYTHON, "-B", SCRIPT, results, "--out", out,
                                   "--history", HISTORY],
                                  capture_output=True, text=True, check=False)
            self.assertEqual(done.returncode, 0, done.stderr)
            self.assertTrue(os.path.exists(os.path.join(out, "history.png")))
            with open(os.path.join(out, "index.html"), encoding="utf-8") as f:
                self.assertIn("history.png", f.read())

    @unittest.skipUnless(os.environ.get("HEAPBOUND_BIN"), "HEAPBOUND_BIN names no built heapbound")
    def test_heapbound_report_passes_results_on(self):
        with TempDir() as directory:
            copy_testdata(directory)
            done = subprocess.run([os.environ["HEAPBOUND_BIN"], "report", "--out", directory,
                                   HISTORY], capture_output=True, text=True, check=False)
            self.assertEqual(done.returncode, 0, done.stderr)
            self.assertTrue(os.path.exists(os.path.join(directory, "report", "history.png")))
            missing = os.path.join(directory, "nope")
            done = subprocess.run([os.environ["HEAPBOUND_BIN"], "report", "--out", directory,
                                   missing], capture_output=True, text=True, check=False)
            self.assertEqual(done.returncode, 2)
            self.assertIn(f"{missing}: no such file or folder", done.stderr)

    def test_bad_history_is_exit_2(self):
        with TempDir() as directory:
            code = main.main([RESULTS, "--out", os.path.join(directory, "r"),
                              "--history", os.path.join(directory, "nope")])
        self.assertEqual(code, errors.EXIT_BAD_INPUT)


if __name__ == "__main__":
    unittest.main()
