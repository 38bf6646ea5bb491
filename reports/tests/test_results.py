"""Loading and validating results.json and its timelines (stdlib only)."""

import json
import os
import unittest

from hbreport import errors, results
from tests import support


class LoadResultsTest(unittest.TestCase):
    def test_loads_every_row_and_fixture_of_the_test_data(self):
        raw = support.raw_results()
        loaded = results.load_results(support.RESULTS)
        self.assertEqual(len(loaded.results), len(raw["results"]))
        self.assertEqual(set(loaded.fixtures), set(raw["fixtures"]))
        for row, doc in zip(loaded.results, raw["results"]):
            self.assertEqual((row.case, row.fixture, row.tool), (doc["case"], doc["fixture"], doc["tool"]))
            self.assertEqual(row.net_peak_bytes, doc["net_peak_bytes"])
            self.assertEqual(row.peak_bytes, doc["peak_bytes"])
            self.assertEqual(row.status, doc["status"])
        for profile, doc in raw["fixtures"].items():
            self.assertEqual(loaded.fixtures[profile].max_file, doc["max_file"])

    def test_loads_the_timeline_each_row_names(self):
        loaded = results.load_results(support.RESULTS)
        with_timeline = [r for r in loaded.results if r.timeline_path]
        self.assertTrue(with_timeline)
        for row in with_timeline:
            with open(os.path.join(support.TESTDATA, row.timeline_path)) as f:
                doc = json.load(f)
            self.assertEqual(row.timeline.peak_bytes, doc["peak_bytes"])
            self.assertEqual(len(row.timeline.points), len(doc["points"]))
            self.assertEqual(row.timeline.case, row.case)


class ToolOrderTest(unittest.TestCase):
    """The report knows no tool names: the order comes from the results."""

    def test_tools_come_in_the_order_of_the_rows(self):
        loaded = results.load_results(support.RESULTS)
        self.assertEqual(loaded.tools, ["massif", "heaptrack", "track"])
        self.assertLess(loaded.tool_rank("massif"), loaded.tool_rank("track"))
        self.assertEqual(loaded.tool_rank("unknown"), 3)

    def test_a_tools_list_sets_the_order_and_a_new_tool_needs_nothing_here(self):
        def rename(doc):
            doc["tools"] = ["dhat", "track"]
            for row in doc["results"]:
                if row["tool"] == "heaptrack":
                    row["tool"] = "dhat"
                    row.pop("timeline", None)
        with support.TempDir() as tmp:
            loaded = results.load_results(support.write_variant(tmp, rename))
        self.assertEqual(loaded.tools, ["dhat", "track", "massif"])
        from hbreport.pictures import agreement
        found = agreement.pairs(loaded)
        self.assertTrue(found)
        self.assertEqual({p["x_tool"] for p in found}, {"dhat"})

    def test_a_tools_entry_that_is_not_a_string_is_named(self):
        with support.TempDir() as tmp:
            path = support.write_variant(tmp, lambda doc: doc.update(tools=["massif", 3]))
            with self.assertRaises(errors.InputError) as caught:
                results.load_results(path)
        self.assertIn("tools[1]", str(caught.exception))


class RejectsBadInputTest(unittest.TestCase):
    def assertInputError(self, path, *fragments):
        with self.assertRaises(errors.InputError) as caught:
            results.load_results(path)
        message = str(caught.exception)
        for fragment in fragments:
            self.assertIn(fragment, message)
        return message

    def test_missing_results_file_names_the_file(self):
        with support.TempDir() as d:
            path = os.path.join(d, "results.json")
            self.assertInputError(path, path, "no such file")

    def test_unknown_schema_names_file_field_and_both_versions(self):
        with support.TempDir() as d:
            path = support.write_variant(d, lambda doc: doc.update(schema=2))
            self.assertInputError(path, path, "schema", "unknown schema 2", "schema 1")

    def test_missing_schema_is_an_error(self):
        with support.TempDir() as d:
            path = support.write_variant(d, lambda doc: doc.pop("schema"))
            self.assertInputError(path, path, "schema: missing")

    def test_mistyped_field_names_row_and_field(self):
        def change(doc):
            doc["results"][3]["net_peak_bytes"] = "12"
        with support.TempDir() as d:
            path = support.write_variant(d, change)
            self.assertInputError(path, "results[3].net_peak_bytes", "expected an integer", '"12"')

    def test_unknown_status_lists_the_known_ones(self):
        def change(doc):
            doc["results"][0]["status"] = "ok"
        with support.TempDir() as d:
            path = support.write_variant(d, change)
            self.assertInputError(path, "results[0].status", "pass, fail, xfail")

    def test_missing_timeline_file_names_it_and_the_row(self):
        loaded = support.raw_results()
        index = next(i for i, r in enumerate(loaded["results"]) if r.get("timeline"))
        name = loaded["results"][index]["timeline"]
        with support.TempDir() as d:
            path = support.copy_testdata(d)
            os.remove(os.path.join(d, name))
            self.assertInputError(path, os.path.join(d, name), f"results[{index}].timeline",
                                  "no such file")

    def test_timeline_of_another_case_is_rejected(self):
        loaded = support.raw_results()
        rows = [r for r in loaded["results"] if r.get("timeline")]
        first, other = rows[0], next(r for r in rows if r["case"] != rows[0]["case"])
        def change(doc):
            row = next(r for r in doc["results"] if r["timeline"] == first["timeline"])
            row["timeline"] = other["timeline"]
        with support.TempDir() as d:
            path = support.write_variant(d, change)
            self.assertInputError(path, other["timeline"].split("/")[-1], "case",
                                  "does not match")

    def test_invalid_json_gives_line_and_column(self):
        with support.TempDir() as d:
            path = os.path.join(d, "results.json")
            with open(path, "w") as f:
                f.write('{"schema": 1,\n "fixtures": }')
            self.assertInputError(path, path, "line 2", "not valid JSON")

    def test_missing_raw_file_names_it_and_the_row(self):
        loaded = support.raw_results()
        index = next(i for i, r in enumerate(loaded["results"]) if r.get("raw"))
        name = loaded["results"][index]["raw"][0]
        with support.TempDir() as d:
            path = support.copy_testdata(d)
            os.remove(os.path.join(d, name))
            self.assertInputError(path, os.path.join(d, name), f"results[{index}].raw[0]",
                                  "no such file")

    def test_a_raw_path_outside_the_out_dir_is_rejected(self):
        def escape(doc):
            doc["results"][0]["raw"] = ["../../etc/passwd"]
        with support.TempDir() as d:
            path = support.write_variant(d, escape)
            self.assertInputError(path, "results[0].raw[0]", "expected a path inside the out dir",
                                  "../../etc/passwd")

    def test_missing_stacks_file_names_it_and_the_row(self):
        def name_stacks(doc):
            doc["results"][0]["stacks"] = "stacks/nothing.folded"
        with support.TempDir() as d:
            path = support.write_variant(d, name_stacks)
            self.assertInputError(path, os.path.join(d, "stacks/nothing.folded"),
                                  "results[0].stacks", "no such file")

    def test_duplicate_job_is_rejected(self):
        with support.TempDir() as d:
            path = support.write_variant(d, lambda doc: doc["results"].append(doc["results"][1]))
            self.assertInputError(path, "duplicate of results[1]")


if __name__ == "__main__":
    unittest.main()
