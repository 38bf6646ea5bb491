"""Every picture is written, and the numbers drawn are the results' numbers."""

import os
import unittest

from hbreport import html, results, units
from hbreport.pictures import agreement, peak_bound, scaling, timeline
from tests import support


class PicturesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.out, cls.loaded, cls.pictures = support.built_report()
        cls.by_name = {p.name: p for p in cls.pictures}
        cls.rows = {r.key: r for r in cls.loaded.results}

    def test_each_written_picture_is_a_non_empty_png_and_svg(self):
        written = [p for p in self.pictures if p.written]
        self.assertGreaterEqual(len(written), 4)
        for p in written:
            with open(os.path.join(self.out, p.png), "rb") as f:
                self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n", p.png)
            self.assertGreater(os.path.getsize(os.path.join(self.out, p.png)), 10000, p.png)
            with open(os.path.join(self.out, p.svg), encoding="utf-8") as f:
                self.assertIn("<svg", f.read(), p.svg)

    def test_an_omitted_picture_says_why(self):
        for p in self.pictures:
            if not p.written:
                self.assertTrue(p.note or p.statement, p.name)

    def test_timeline_marks_each_results_peak_and_bound(self):
        timelines = [p for p in self.pictures if p.name.startswith("timeline_")]
        self.assertTrue(timelines)
        for p in timelines:
            expected = {r.case for r in self.loaded.cases()
                        if r.timeline and r.fixture == p.data["fixture"] and r.tool == p.data["tool"]}
            self.assertEqual({panel["case"] for panel in p.data["panels"]}, expected)
            for panel in p.data["panels"]:
                row = self.rows[(panel["case"], p.data["fixture"], p.data["tool"])]
                # Drawn net: the timeline minus the baseline, against the bound itself.
                self.assertTrue(panel["net"])
                self.assertEqual(panel["peak_bytes"], row.net_peak_bytes)
                self.assertEqual(panel["peak_label"],
                                 f"net peak {units.format_bytes(row.net_peak_bytes)}")
                # The marked peak is the top of the recorded timeline.
                self.assertEqual(panel["max_value_in_timeline"], row.peak_bytes - row.baseline_bytes)
                self.assertEqual(panel["baseline_bytes"], row.baseline_bytes)
                self.assertEqual(panel["bound_line_bytes"], row.bound_bytes)

    def test_small_readers_headroom_is_visible_on_the_timeline_axis(self):
        # The y axis spans the net heap, so a few KiB of headroom is a visible gap:
        # the bound sits above 70 % of the axis height, not within 5 % of a gross axis.
        p = next(p for p in self.pictures if p.name.startswith("timeline_"))
        panel = next(x for x in p.data["panels"] if x["case"] == "chunk")
        top = panel["bound_line_bytes"] * 1.3
        self.assertLess(panel["y_low"], 0)
        self.assertGreater((panel["bound_line_bytes"] - panel["y_low"]) / (top - panel["y_low"]),
                           0.7)

    def test_timelines_cover_every_fixture_but_ladders(self):
        drawn = {p.data["fixture"] for p in self.pictures if p.name.startswith("timeline_")}
        with_timeline = {r.fixture for r in self.loaded.cases() if r.timeline}
        plain = {f for f in with_timeline if not results.LADDER.match(f)}
        if plain:
            self.assertEqual(drawn, plain)
        else:
            self.assertEqual(len(drawn), 1)

    def test_timeline_of_the_largest_fixture_comes_first(self):
        first = next(p for p in self.pictures if p.name.startswith("timeline_"))
        fixtures = [f for f in self.loaded.fixtures if not results.LADDER.match(f)] or list(
            self.loaded.fixtures)
        largest = max(fixtures, key=lambda f: self.loaded.fixtures[f].max_file)
        self.assertEqual(first.data["fixture"], largest)

    def test_peak_vs_bound_draws_every_case_and_fixture_with_its_numbers(self):
        rows = self.by_name["peak_vs_bound"].data["rows"]
        expected = {(r.case, r.fixture) for r in self.loaded.cases()}
        self.assertEqual({(d["case"], d["fixture"]) for d in rows}, expected)
        for d in rows:
            row = self.rows[(d["case"], d["fixture"], d["tool"])]
            self.assertEqual(d["net_peak_bytes"], row.net_peak_bytes)
            self.assertEqual(d["bound_bytes"], row.bound_bytes)
            self.assertEqual(d["broken"], row.status in ("fail", "xpass", "error"))
            self.assertEqual(d["control"], row.expect == "exceed")
            self.assertIn(units.format_bytes(row.net_peak_bytes), d["text"])
            self.assertTrue(d["text"].startswith(row.status))

    def test_peak_vs_bound_key_has_each_cases_swatch_as_drawn_and_the_hollow_zero(self):
        data = self.by_name["peak_vs_bound"].data
        key = {k["label"]: k for k in data["key"]}
        for d in data["rows"]:
            if not d["broken"]:
                self.assertEqual(key[d["case"]]["color"], d["color"], d["case"])
            if d["net_peak_bytes"] == 0:
                # A 0-B net peak has no place on a log axis: hollow, at the left edge.
                self.assertTrue(d["hollow"])
        hollow = [k for k in data["key"] if k["face"] == "white"]
        self.assertEqual(len(hollow), 1)
        self.assertIn("0 B", hollow[0]["label"])

    def test_scaling_plots_net_peak_against_largest_file_per_ladder(self):
        picture = self.by_name["scaling"]
        ladders = self.loaded.ladder_fixtures()
        if not ladders:
            self.assertFalse(picture.written)
            return
        tool = picture.data["tool"]
        for case, line in picture.data["lines"].items():
            self.assertEqual(len(line["points"]),
                             len([r for r in self.loaded.cases() if r.case == case
                                  and r.fixture in ladders and r.tool == tool]))
            for x, y, fixture in line["points"]:
                self.assertEqual(x, self.loaded.fixtures[fixture].max_file)
                self.assertEqual(y, self.rows[(case, fixture, tool)].net_peak_bytes)
            if line["slope"] is not None:
                self.assertAlmostEqual(line["slope"], scaling.fit_slope(
                    [(x, y) for x, y, _ in line["points"]]), delta=0.005)
                self.assertIn(f"slope {line['slope']:.2f}", line["label"])

    def test_tool_agreement_pairs_are_the_results(self):
        picture = self.by_name["tool_agreement"]
        found = agreement.pairs(self.loaded)
        self.assertTrue(found)
        all_equal = all(p["equal"] for p in found)
        # Equal to the byte everywhere: a statement and a table, no empty difference panel.
        self.assertEqual(picture.written, not all_equal)
        self.assertEqual(len(picture.table) - 1, len({(p["case"], p["fixture"]) for p in found}))
        if all_equal:
            self.assertEqual(picture.statement.split(":")[0],
                             f"All {len(found)} comparisons are equal to the byte")
        for p in picture.data.get("pairs", []):
            self.assertEqual(p["x"], self.rows[(p["case"], p["fixture"], p["x_tool"])].net_peak_bytes)
            self.assertEqual(p["y"], self.rows[(p["case"], p["fixture"], p["y_tool"])].net_peak_bytes)
            self.assertEqual(p["equal"], p["x"] == p["y"])

    def test_rss_vs_heap_bars_are_the_results(self):
        picture = self.by_name["rss_vs_heap"]
        self.assertTrue(picture.written)
        for bar in picture.data["bars"]:
            row = self.rows[(bar["case"], picture.data["fixture"], picture.data["tool"])]
            self.assertEqual(bar["heap_bytes"], row.peak_bytes)
            self.assertEqual(bar["rss_bytes"], row.max_rss_bytes)


class RssNoteTest(unittest.TestCase):
    def test_a_case_with_rss_below_its_heap_peak_gets_the_note_saying_why(self):
        _, loaded, pictures = support.built_report()
        picture = next(p for p in pictures if p.name == "rss_vs_heap")
        below = [b for b in picture.data["bars"]
                 if b["role"] == "case" and b["rss_bytes"] < b["heap_bytes"]]
        self.assertTrue(below, "the recorded whole_file_readall on ladder-256 has RSS < heap")
        self.assertEqual(len(picture.data["notes"]), len(below))
        for bar, note in zip(below, picture.data["notes"]):
            self.assertTrue(note.startswith(
                f"{bar['case']}: RSS {units.format_bytes(bar['rss_bytes'])} is below its heap "
                f"peak {units.format_bytes(bar['heap_bytes'])}"), note)
            self.assertIn("never resident", note)


class AgreementTest(unittest.TestCase):
    def test_one_differing_byte_draws_the_picture_and_names_the_job(self):
        def grow_one(doc):
            row = next(r for r in doc["results"] if r["role"] == "case" and r["tool"] == "heaptrack"
                       and r["status"] == "pass")
            row["net_peak_bytes"] += 1
            row["peak_bytes"] += 1
            grow_one.row = row
        with support.TempDir() as d:
            loaded = results.load_results(support.write_variant(d, grow_one))
            picture = agreement.make(loaded, d)[0]
            self.assertTrue(picture.written)
            self.assertTrue(os.path.exists(os.path.join(d, picture.png)))
        row = grow_one.row
        self.assertIn(f"1 of {len(agreement.pairs(loaded))} comparisons differ", picture.statement)
        self.assertIn(f"{row['case']} on {row['fixture']}", picture.statement)
        differing = [r for r in picture.table[1:] if r[-1] != "yes"]
        self.assertEqual(differing, [[row["case"], row["fixture"],
                                      units.format_exact(row["net_peak_bytes"] - 1),
                                      units.format_exact(row["net_peak_bytes"]),
                                      units.format_exact(row["net_peak_bytes"] - 1),
                                      "no: heaptrack +1 B"]])


class ErroredJobTest(unittest.TestCase):
    def test_an_errored_job_is_drawn_red_with_its_message_and_no_bar(self):
        target = next(r for r in support.raw_results()["results"] if r["role"] == "case")
        def error_job(doc):
            row = next(r for r in doc["results"] if r["case"] == target["case"]
                       and r["fixture"] == target["fixture"] and r["tool"] == target["tool"])
            row.update(status="error", peak_bytes=0, net_peak_bytes=0, timeline=None,
                       message="killed by signal 9")
            # Make it the only row of its (case, fixture), so the picture must show it.
            doc["results"] = [r for r in doc["results"] if r is row or not (
                r["case"] == target["case"] and r["fixture"] == target["fixture"])]
        with support.TempDir() as d:
            loaded = results.load_results(support.write_variant(d, error_job))
            picture = peak_bound.make(loaded, d)[0]
        drawn = next(x for x in picture.data["rows"]
                     if (x["case"], x["fixture"]) == (target["case"], target["fixture"]))
        self.assertTrue(drawn["broken"])
        self.assertIsNone(drawn["point"])
        self.assertEqual(drawn["text"], "error: killed by signal 9")


class FitSlopeTest(unittest.TestCase):
    def test_fits_the_exponent_in_log_log_space(self):
        self.assertAlmostEqual(scaling.fit_slope([(1, 3), (4, 12), (16, 48)]), 1.0)
        self.assertAlmostEqual(scaling.fit_slope([(1, 5), (4, 5), (16, 5)]), 0.0)
        self.assertIsNone(scaling.fit_slope([(4, 5)]))
        self.assertIsNone(scaling.fit_slope([(1, 0), (4, 0)]))


class MissingDataTest(unittest.TestCase):
    def test_no_ladder_rows_omits_the_scaling_picture_with_a_note(self):
        def drop_ladders(doc):
            doc["results"] = [r for r in doc["results"] if not r["fixture"].startswith("ladder-")]
        with support.TempDir() as d:
            loaded = results.load_results(support.write_variant(d, drop_ladders))
            pictures = scaling.make(loaded, d)
            self.assertEqual(len(pictures), 1)
            self.assertFalse(pictures[0].written)
            self.assertFalse([n for n in os.listdir(d) if n.startswith("scaling")])
            page = html.render(loaded, pictures, os.path.join(d, "report"))
            self.assertIn("No ladder-* fixture was measured", page)

    def test_no_timelines_omits_the_timeline_picture_with_a_note(self):
        def drop_timelines(doc):
            for r in doc["results"]:
                r["timeline"] = None
        with support.TempDir() as d:
            loaded = results.load_results(support.write_variant(d, drop_timelines))
            pictures = timeline.make(loaded, d)
            self.assertEqual([p.written for p in pictures], [False])
            self.assertIn("No result row has a timeline", pictures[0].note)

    def test_a_single_tool_omits_the_agreement_picture_with_a_note(self):
        def keep_one_tool(doc):
            tool = doc["results"][0]["tool"]
            doc["results"] = [r for r in doc["results"] if r["tool"] == tool]
        with support.TempDir() as d:
            loaded = results.load_results(support.write_variant(d, keep_one_tool))
            pictures = agreement.make(loaded, d)
            self.assertEqual([p.written for p in pictures], [False])
            self.assertIn("No case was measured by two tools", pictures[0].note)


if __name__ == "__main__":
    unittest.main()
