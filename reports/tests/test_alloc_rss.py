"""Allocation counts per case, program cases marked in the pictures, rss rows beside heap ones."""

import copy
import os
import unittest

from hbreport import errors, results
from hbreport.pictures import alloc_counts, peak_bound, rss_heap
from tests import support


def _with_counts(doc):
    rows = doc["results"]
    # chunk on tiny: massif cannot count; heaptrack over its bound; track within it.
    rows[0].update(allocs=None, net_allocs=None, allocs_bound=200, allocs_check="n/a")
    rows[1].update(allocs=522, net_allocs=302, allocs_bound=200, allocs_check="fail",
                   program=True, verified=False)
    rows[2].update(allocs=322, net_allocs=102, allocs_bound=200, allocs_check="pass")
    rows[5].update(allocs=445, net_allocs=225, allocs_bound=None, allocs_check=None)


def _with_rss_rows(doc):
    """Adds a Go reader measured by the rss tool on ladder-16 (and its baseline command)."""
    track_case = next(r for r in doc["results"] if r["case"] == "chunk" and
                      r["fixture"] == "ladder-16" and r["tool"] == "track")
    go = copy.deepcopy(track_case)
    go.update(case="go_chunk", tool="rss", program=True, verified=True, peak_bytes=3227648,
              baseline_bytes=2719744, net_peak_bytes=507904, max_rss_bytes=3227648,
              timeline=None, raw=[], top_sites=[], stacks=None, status="pass")
    base = copy.deepcopy(go)
    base.update(case="go_chunk.baseline", role="baseline", verified=False, max_rss_bytes=2719744,
                peak_bytes=2719744, net_peak_bytes=2719744)
    doc["results"] += [go, base]


class AllocCountsTest(unittest.TestCase):
    def test_table_shows_counts_against_the_bound_and_massif_as_n_a(self):
        with support.TempDir() as d:
            loaded = results.load_results(support.write_variant(d, _with_counts))
            [picture] = alloc_counts.make(loaded, d)
        self.assertFalse(picture.written)
        self.assertEqual(picture.table, [
            alloc_counts.HEADER,
            ["tiny", "chunk", "massif", "n/a", "n/a", "200", "n/a"],
            ["tiny", "chunk (program, unverified)", "heaptrack", "522", "302", "200", "fail"],
            ["tiny", "chunk", "track", "322", "102", "200", "pass"],
            ["tiny", "line_stream", "track", "445", "225", "\u2014", "\u2014"]])
        self.assertEqual(picture.statement, "1 of 2 counted jobs with max_allocs stay within "
                                            "it; over it: chunk.tiny.heaptrack.")

    def test_without_counts_the_table_is_omitted_with_a_reason(self):
        loaded = results.load_results(support.RESULTS)
        [picture] = alloc_counts.make(loaded, None)
        self.assertIsNone(picture.table)
        self.assertIn("No job counted allocation calls", picture.note)

    def test_index_html_and_summary_carry_the_table(self):
        from hbreport import main
        with support.TempDir() as d:
            path = support.write_variant(d, _with_counts)
            main.build(path, os.path.join(d, "report"), job_pages=False)
            with open(os.path.join(d, "report", "index.html"), encoding="utf-8") as f:
                page = f.read()
            with open(os.path.join(d, "report", "summary.md"), encoding="utf-8") as f:
                summary = f.read()
        self.assertIn("<td>chunk (program, unverified)</td><td>heaptrack</td><td>522</td>"
                      "<td>302</td><td>200</td><td>fail</td>", page)
        self.assertIn("| tiny | chunk | track | 322 | 102 | 200 | pass |", summary)

    def test_a_mistyped_count_names_the_row_and_field(self):
        with support.TempDir() as d:
            path = support.write_variant(d, lambda doc: doc["results"][2].update(allocs="322"))
            with self.assertRaises(errors.InputError) as caught:
                results.load_results(path)
        self.assertIn("results[2].allocs", str(caught.exception))
        self.assertIn("expected an integer or null, got \"322\"", str(caught.exception))


class RssRowsTest(unittest.TestCase):
    def test_rss_tool_rows_stand_beside_the_heap_rows_without_a_heap_bar(self):
        with support.TempDir() as d:
            loaded = results.load_results(support.write_variant(d, _with_rss_rows))
            # ladder-256 has the largest file, but only ladder-16 has the Go reader.
            self.assertEqual(rss_heap.choose(loaded), ("track", "ladder-16"))
            [picture] = rss_heap.make(loaded, d)
            self.assertTrue(os.path.getsize(os.path.join(d, picture.png)) > 10000)
        go = [b for b in picture.data["bars"] if b["tool"] == "rss"]
        self.assertEqual(go, [{"case": "go_chunk", "role": "case", "tool": "rss",
                               "program": True, "verified": True, "heap_bytes": None,
                               "rss_bytes": 3227648, "rss_over_heap": None}])
        self.assertEqual(picture.data["bars"][-2]["case"], "whole_file_readall")
        self.assertEqual(picture.note, "")

    def test_tick_label_says_program_and_that_rss_measures_no_heap(self):
        with support.TempDir() as d:
            loaded = results.load_results(support.write_variant(d, _with_rss_rows))
        go = next(r for r in loaded.results if r.case == "go_chunk")
        self.assertEqual(rss_heap.tick_label(go), "go_chunk\n(program)\nrss tool: no heap")
        self.assertEqual(peak_bound._label(go), "go_chunk (program) on ladder-16 [RSS, not heap]")
        base = next(r for r in loaded.results if r.case == "go_chunk.baseline")
        self.assertEqual(base.label, "go_chunk.baseline (program, unverified)")

    def test_an_rss_job_page_says_its_peak_is_a_resident_set(self):
        from hbreport import job_page
        with support.TempDir() as d:
            loaded = results.load_results(support.write_variant(d, _with_rss_rows))
        go = next(r for r in loaded.results if r.case == "go_chunk")
        page = job_page._numbers(go, loaded)
        self.assertIn("<th>peak RSS (rss tool: no heap measured)</th><td class=\"num\">"
                      "3,227,648 B (3.08 MiB)</td>", page)
        self.assertNotIn("peak heap", page)

    def test_only_rss_rows_draw_the_rss_tool_alone(self):
        def rss_only(doc):
            _with_rss_rows(doc)
            for r in doc["results"]:
                if r["tool"] != "rss":
                    r["max_rss_bytes"] = None
        with support.TempDir() as d:
            loaded = results.load_results(support.write_variant(d, rss_only))
            [picture] = rss_heap.make(loaded, d)
        self.assertEqual(picture.data["tool"], "rss")
        self.assertEqual([b["case"] for b in picture.data["bars"]],
                         ["go_chunk.baseline", "go_chunk"])


if __name__ == "__main__":
    unittest.main()
