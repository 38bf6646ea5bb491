"""Job pages and index.html on the recorded run: one page per job, broken bounds first."""

import filecmp
import os
import re
import unittest

from hbreport import main, sites
from tests import support
from tests.test_pages import _Links

# Glyphs that need an emoji font: dingbats/symbols, the emoji planes, VS16.
EMOJI = re.compile("[\u2600-\u27bf\U0001f000-\U0001faff\ufe0f]")


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


class JobPagesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.out, cls.loaded, cls.pictures = support.built_report()
        cls.index = read(os.path.join(cls.out, "index.html"))
        cls.failing = [r for r in cls.loaded.results if r.status == "fail"]

    def page(self, row):
        return read(os.path.join(self.out, "jobs", f"{row.job_id}.html"))

    def test_every_job_has_a_page_and_every_row_of_index_links_it(self):
        parser = _Links()
        parser.feed(self.index)
        linked = {link[len("jobs/"):-len(".html")] for link in parser.links
                  if link.startswith("jobs/") and link.endswith(".html")}
        table_rows = {r.job_id for r in self.loaded.results if r.role == "case" or r.broken}
        self.assertEqual(linked, table_rows)
        for row in self.loaded.results:
            self.assertTrue(os.path.isfile(os.path.join(self.out, "jobs", f"{row.job_id}.html")),
                            row.job_id)

    def test_every_link_of_every_job_page_stays_inside_the_report(self):
        for row in self.loaded.results:
            parser = _Links()
            parser.feed(self.page(row))
            for link in parser.links:
                target = os.path.normpath(os.path.join(self.out, "jobs", link))
                self.assertTrue(target.startswith(self.out + os.sep), (row.job_id, link))
                self.assertTrue(os.path.exists(target), (row.job_id, link))

    def test_raw_outputs_are_copied_into_the_report_with_the_command_that_opens_them(self):
        rows = [r for r in self.loaded.results if r.raw]
        self.assertTrue(rows)
        commands = {"massif": "ms_print raw/", "heaptrack": "heaptrack_gui raw/",
                    "track": "python3 -m json.tool raw/"}
        for row in rows:
            page = self.page(row)
            for name in row.raw:
                copy = os.path.join(self.out, "raw", os.path.basename(name))
                self.assertTrue(filecmp.cmp(copy, os.path.join(self.loaded.out_dir, name),
                                            shallow=False), name)
                self.assertIn(f"href=\"../raw/{os.path.basename(name)}\"", page)
            self.assertIn(commands[row.tool] + os.path.basename(row.raw[0]), page)

    def test_a_page_says_how_to_reproduce_the_job(self):
        for row in self.loaded.cases():
            self.assertIn(f"heapbound run --case {row.case} --fixture {row.fixture} "
                          f"--tool {row.tool}", self.page(row))

    def test_a_failing_page_leads_with_the_readers_frame_holding_the_bytes_over_the_bound(self):
        self.assertTrue(self.failing, "the recorded run has a planted broken bound")
        row = next(r for r in self.failing if r.top_sites)
        page = self.page(row)
        over = page.index("What holds the bytes over the bound")
        self.assertLess(over, page.index("<h2>Numbers"))
        self.assertLess(over, page.index("<h2>Heap over time"))
        self.assertIn(f"{row.net_peak_bytes - row.bound_bytes:,} B over the bound", page)
        # The largest site's first frame in cases/ is the first code shown after the heading.
        top = row.top_sites[0]
        own = next(f for f in top["frames"] if f["file"].endswith(f"{row.case}.cc"))
        first_code = re.search(r"<code[^>]*>([^<]*)</code>", page[over:]).group(1)
        self.assertIn(f"{os.path.basename(own['file'])}:{own['line']}", first_code)
        self.assertTrue(first_code.startswith(sites.short_function(own["function"])), first_code)

    def test_verdict_line_gives_exact_bytes_never_an_equality(self):
        for row in self.loaded.cases():
            page = self.page(row)
            verdict = re.search(r"<p class=\"verdict[^\"]*\">([^<]*)</p>", page).group(1)
            self.assertIn(f"net peak {row.net_peak_bytes:,} B", verdict)
            gap = row.bound_bytes - row.net_peak_bytes
            word = "under" if gap > 0 else "over"
            if abs(gap) < 10 * 1024:
                self.assertIn(f"{abs(gap):,} B {word}", verdict)
            self.assertNotRegex(verdict, "[\u2264\u2265=]")

    def test_no_page_needs_an_emoji_font(self):
        self.assertIsNone(EMOJI.search(self.index))
        for row in self.loaded.results:
            self.assertIsNone(EMOJI.search(self.page(row)), row.job_id)

    def test_index_shows_broken_bounds_first_with_their_sites(self):
        broken = self.index.index("<h2>Broken bounds</h2>")
        self.assertLess(broken, self.index.index("<h2 id=\"jobs\">Every job</h2>"))
        section = self.index[broken:self.index.index("<h2 id=\"jobs\">")]
        for row in self.failing:
            self.assertIn(f"href=\"jobs/{row.job_id}.html\"", section)
        with_sites = next(r for r in self.failing if r.top_sites and r.tool == "massif")
        own = next(f for f in with_sites.top_sites[0]["frames"]
                   if f["file"].endswith(f"{with_sites.case}.cc"))
        self.assertIn(f"{os.path.basename(own['file'])}:{own['line']}", section)

    def test_index_links_the_copied_results_json(self):
        self.assertIn("href=\"results.json\"", self.index)
        self.assertTrue(filecmp.cmp(os.path.join(self.out, "results.json"), self.loaded.path,
                                    shallow=False))


class WithoutJobPagesTest(unittest.TestCase):
    def test_no_job_pages_writes_no_jobs_folder_and_no_links_to_it(self):
        with support.TempDir() as d:
            out = os.path.join(d, "report")
            main.build(support.copy_testdata(d), out, job_pages=False, workers=1)
            self.assertFalse(os.path.exists(os.path.join(out, "jobs")))
            self.assertNotIn("jobs/", read(os.path.join(out, "index.html")))
            self.assertNotIn("](jobs/", read(os.path.join(out, "summary.md")))


if __name__ == "__main__":
    unittest.main()
