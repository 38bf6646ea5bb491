"""Flame graphs from the recorded run's folded stacks: widths are live bytes at the peak."""

import filecmp
import os
import unittest

from hbreport import sites
from hbreport.pictures import flame
from tests import support


def folded_total(path):
    with open(path, encoding="utf-8") as f:
        return sum(int(line.rsplit(" ", 1)[1]) for line in f if line.strip())


class FlameTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.out, cls.loaded, _ = support.built_report()
        cls.rows = [r for r in cls.loaded.results if r.stacks_path]

    def draw(self, row, directory):
        return flame.make(row, os.path.join(self.loaded.out_dir, row.stacks_path), directory)

    def test_every_massif_and_heaptrack_job_has_folded_stacks(self):
        expected = {r.job_id for r in self.loaded.results
                    if r.tool in ("massif", "heaptrack") and r.measured}
        self.assertEqual({r.job_id for r in self.rows}, expected)

    def test_the_root_spans_the_live_heap_at_the_peak(self):
        with support.TempDir() as d:
            for row in self.rows:
                picture = self.draw(row, d)
                total = folded_total(os.path.join(self.loaded.out_dir, row.stacks_path))
                self.assertEqual(picture.data["total_bytes"], total, row.job_id)
                self.assertEqual(total, row.peak_bytes, row.job_id)

    def test_callees_fit_inside_their_caller(self):
        with support.TempDir() as d:
            boxes = self.draw(self.rows[0], d).data["boxes"]
        by_depth = {}
        for b in boxes:
            by_depth.setdefault(b["depth"], []).append(b)
        for b in boxes:
            if b["depth"] == 0:
                continue
            parents = [p for p in by_depth[b["depth"] - 1]
                       if p["left"] <= b["left"] and b["left"] + b["bytes"] <= p["left"] + p["bytes"]]
            self.assertEqual(len(parents), 1, b)

    def test_a_failing_jobs_graph_shows_the_readers_frame_of_its_largest_site(self):
        row = next(r for r in self.rows if r.status == "fail" and r.top_sites)
        index = sites.user_frame(row.top_sites[0])
        self.assertIsNotNone(index)
        lead = sites.frame_text(row.top_sites[0]["frames"][index])
        with support.TempDir() as d:
            picture = self.draw(row, d)
        self.assertIn(lead, picture.data["own_frames"])
        box = next(b for b in picture.data["boxes"] if b["text"] == lead)
        self.assertGreaterEqual(box["bytes"], row.top_sites[0]["bytes"])
        self.assertEqual(box["category"], sites.OWN)

    def test_the_page_shows_the_graph_and_the_folded_file_beside_it(self):
        for row in self.rows:
            jobs = os.path.join(self.out, "jobs")
            with open(os.path.join(jobs, f"{row.job_id}.html"), encoding="utf-8") as f:
                page = f.read()
            self.assertIn(f"src=\"{row.job_id}.flame.svg\"", page)
            self.assertIn(f"href=\"{row.job_id}.folded\"", page)
            self.assertTrue(filecmp.cmp(os.path.join(jobs, f"{row.job_id}.folded"),
                                        os.path.join(self.loaded.out_dir, row.stacks_path),
                                        shallow=False))


if __name__ == "__main__":
    unittest.main()
