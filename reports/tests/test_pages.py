"""index.html and summary.md: links resolve, counts and order follow the results."""

import html.parser
import os
import re
import unittest

from hbreport import errors, markdown, results
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

    def test_summary_md_is_the_runs_summary_with_each_row_linking_its_job_page(self):
        with open(support.RUN_SUMMARY, encoding="utf-8") as f:
            run = f.read()
        head = self.markdown.split("\n\n## Pictures\n")[0]
        # Unlinking the case cells gives the run's summary back, byte for byte.
        self.assertEqual(re.sub(r"^\| \[([^]]+)\]\(jobs/[^)]+\.html\)", r"| \1", head,
                                flags=re.M), run.rstrip("\n"))
        links = re.findall(r"^\| \[([^]]+)\]\(jobs/([^)]+)\.html\) \| ([^ |]+) \| ([^ |]+) \|",
                           head, flags=re.M)
        self.assertEqual(sorted(f"{case}.{fixture}.{tool}" for case, _, fixture, tool in links),
                         sorted(r.job_id for r in self.loaded.results))
        for case, job, fixture, tool in links:
            self.assertEqual(job, f"{case}.{fixture}.{tool}")

    def test_a_newly_broken_bound_shows_as_the_run_summary_says(self):
        with support.TempDir() as d:
            loaded = results.load_results(support.copy_testdata(d))
            with open(os.path.join(d, "summary.md"), "w", encoding="utf-8") as f:
                f.write("# heapbound results\n\n1 fail\n")
            text = markdown.render(loaded, [])
        self.assertTrue(text.startswith("# heapbound results\n\n1 fail\n\n## Pictures\n"), text)

    def test_a_missing_run_summary_is_an_input_error_naming_it(self):
        with support.TempDir() as d:
            loaded = results.load_results(support.copy_testdata(d))
            os.remove(os.path.join(d, "summary.md"))
            with self.assertRaises(errors.InputError) as caught:
                markdown.render(loaded, [])
        self.assertEqual(str(caught.exception),
                         os.path.join(d, "summary.md") + ": no such file; `heapbound run` "
                         "writes it beside results.json")

if __name__ == "__main__":
    unittest.main()
