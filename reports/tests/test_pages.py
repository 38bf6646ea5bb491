"""index.html and summary.md: links resolve, counts and order follow the results."""

import html.parser
import os
import re
import unittest

from hbreport import markdown, results, summary
from tests import support


class _Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []
        self.ids = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("href", "src"):
            if attrs.get(key):
                self.links.append(attrs[key])
        if "id" in attrs:
            self.ids.add(attrs["id"])


class PagesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.out, cls.loaded, cls.pictures = support.built_report()
        with open(os.path.join(cls.out, "index.html"), encoding="utf-8") as f:
            cls.index = f.read()
        with open(os.path.join(cls.out, "summary.md"), encoding="utf-8") as f:
            cls.markdown = f.read()

    def test_every_link_in_index_html_resolves(self):
        parser = _Links()
        parser.feed(self.index)
        self.assertTrue(parser.links)
        for link in parser.links:
            self.assertNotRegex(link, r"^(https?:|file:|/)", "index.html must work offline")
            if link.startswith("#"):
                self.assertIn(link[1:], parser.ids, link)
            else:
                self.assertTrue(os.path.exists(os.path.join(self.out, link)), link)

    def test_index_links_the_summary_and_every_picture(self):
        parser = _Links()
        parser.feed(self.index)
        self.assertIn("summary.md", parser.links)
        for p in self.pictures:
            if p.written:
                self.assertIn(p.png, parser.links)
                self.assertIn(p.svg, parser.links)

    def test_every_link_in_summary_md_resolves(self):
        links = re.findall(r"\]\(([^)]+)\)", self.markdown)
        self.assertTrue(links)
        for link in links:
            self.assertTrue(os.path.exists(os.path.join(self.out, link)), link)

    def test_headline_counts_equal_the_results(self):
        rows = [r for r in self.loaded.results if r.role == "case" or r.status == "error"]
        broken = any(r.status in ("fail", "xpass", "error") for r in rows)
        first = self.markdown.splitlines()[0]
        self.assertTrue(first.endswith("FAIL" if broken else "PASS"), first)
        for status in summary.ORDER:
            count = sum(r.status == status for r in rows)
            phrase = f"{count} {summary.MEANINGS[status]}"
            if count:
                self.assertIn(phrase, self.markdown)
            else:
                self.assertNotIn(summary.MEANINGS[status], self.markdown.split("\n|")[0])

    def test_table_has_one_line_per_job_with_its_numbers(self):
        table = [l for l in self.markdown.splitlines() if l.startswith("| ") and "---" not in l][1:]
        rows = summary.table_rows(self.loaded)
        self.assertEqual(len(table), len(rows))
        for line, row in zip(table, rows):
            cells = [c.strip().strip("*") for c in line.strip("|").split(" | ")]
            self.assertEqual(cells[0], row.case)
            self.assertEqual(cells[1:3], [row.fixture, row.tool])
            self.assertEqual(cells[3], summary.cells(row)["net peak"])
            self.assertIn(row.status, cells[6])

    def assertBrokenFirst(self, text, rows):
        table = [l for l in text.splitlines() if l.startswith("| ") and "---" not in l][1:]
        self.assertEqual(len(table), len(rows))
        broken = [re.search(r"\b(fail|xpass|error)\b", line.split(" | ")[-1]) is not None
                  for line in table]
        self.assertEqual(broken, sorted(broken, reverse=True), "broken rows must come first")
        self.assertEqual(sum(broken), sum(r.broken for r in rows))
        return table

    def test_broken_bounds_come_first(self):
        self.assertBrokenFirst(self.markdown, summary.table_rows(self.loaded))

    def test_a_newly_broken_bound_moves_to_the_top_with_its_message(self):
        fixture = support.raw_results()["results"][-1]["fixture"]
        def break_chunk(doc):
            for r in doc["results"]:
                if r["case"] == "chunk" and r["fixture"] == fixture:
                    r["bound_bytes"], r["bound_expr"], r["status"] = 1, "1", "fail"
                    r["message"] = "net peak above 1 B"
        with support.TempDir() as d:
            loaded = results.load_results(support.write_variant(d, break_chunk))
            text = markdown.render(loaded, [])
        table = self.assertBrokenFirst(text, summary.table_rows(loaded))
        self.assertTrue(text.startswith("# heapbound memory report: FAIL"))
        chunk_lines = [i for i, l in enumerate(table) if f"**chunk** | {fixture} |" in l]
        self.assertTrue(chunk_lines)
        self.assertLess(max(chunk_lines), sum(r.broken for r in loaded.results))
        self.assertIn("net peak above 1 B", text)


if __name__ == "__main__":
    unittest.main()
