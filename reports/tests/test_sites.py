"""Frames: whose code they are, the first frame in the project's code; folded stacks."""

import os
import unittest

from hbreport import errors, folded, sites, units
from tests import support


class CategoryTest(unittest.TestCase):
    def test_tells_the_projects_code_from_libstdcxx_libc_and_libraries(self):
        cases = [
            ({"function": "ReadLines", "file": "../../../cases/line_stream.cc", "line": 65},
             sites.OWN),
            ({"function": "heapbound::(anonymous namespace)::ReadChunked(heapbound::FileEntry "
                          "const&)", "file": "chunk.cc", "line": 15}, sites.OWN),
            ({"function": "std::vector<char, std::allocator<char> >::_M_default_append("
                          "unsigned long)", "file": "vector.tcc", "line": 650}, sites.LIBSTDCXX),
            ({"function": "allocate", "file": "/usr/include/c++/12/bits/new_allocator.h",
              "line": 137}, sites.LIBSTDCXX),
            ({"function": "??", "file": "/usr/lib/x86_64-linux-gnu/libstdc++.so.6.0.30",
              "line": 0}, sites.LIBSTDCXX),
            ({"function": "__libc_start_call_main",
              "file": "../sysdeps/nptl/libc_start_call_main.h", "line": 58}, sites.LIBC),
            ({"function": "_dl_init", "file": "./elf/dl-init.c", "line": 121}, sites.LIBC),
            ({"function": "malloc", "file": "", "line": 0}, sites.LIBC),
            ({"function": "mallocate_ring", "file": "ring.cc", "line": 3}, sites.OWN),
            ({"function": "XXH3_createState", "file": "/lib/x86_64-linux-gnu/libxxhash.so.0",
              "line": 0}, sites.LIBRARY),
            ({"function": "in 5 places, all below massif's threshold (1.00%)", "file": "",
              "line": 0}, sites.UNKNOWN),
        ]
        for frame, expected in cases:
            self.assertEqual(sites.category(frame), expected, frame)

    def test_user_frame_skips_libstdcxx_to_the_readers_line(self):
        site = {"bytes": 4096, "frames": [
            {"function": "std::__new_allocator<char>::allocate(unsigned long, void const*)",
             "file": "new_allocator.h", "line": 137},
            {"function": "std::vector<char, std::allocator<char> >::_M_default_append("
                         "unsigned long)", "file": "vector.tcc", "line": 650},
            {"function": "heapbound::(anonymous namespace)::ReadVector(heapbound::FileEntry "
                         "const&)", "file": "vector_reader.cc", "line": 21},
            {"function": "main", "file": "main.cc", "line": 116}]}
        self.assertEqual(sites.user_frame(site), 2)
        lead, stack = sites.describe_site(site)
        self.assertEqual(lead, "ReadVector (vector_reader.cc:21)")
        self.assertEqual(len(stack), 4)

    def test_user_frame_from_results_json_wins(self):
        site = {"bytes": 1, "user_frame": 1, "frames": [
            {"function": "a", "file": "a.cc", "line": 1},
            {"function": "b", "file": "b.cc", "line": 2}]}
        self.assertEqual(sites.user_frame(site), 1)
        self.assertIsNone(sites.user_frame(dict(site, user_frame=None)))

    def test_short_function_drops_parameters_and_the_projects_namespaces(self):
        self.assertEqual(sites.short_function(
            "heapbound::(anonymous namespace)::LineBuffer::Grow(unsigned long)"),
            "LineBuffer::Grow")
        self.assertEqual(sites.short_function("operator new(unsigned long)"), "operator new")
        self.assertEqual(sites.short_function(
            "heapbound::WalkTree(std::__cxx11::basic_string<char, std::char_traits<char>, "
            "std::allocator<char> > const&, heapbound::FileVisitor&)"), "WalkTree")


class GapTest(unittest.TestCase):
    def test_a_gap_hidden_by_rounding_is_printed_to_the_byte(self):
        # whole_file_exact on a 256 MiB file: both round to 256 MiB.
        self.assertEqual(units.describe_against_bound(268434321, 268439552),
                         "net peak 256 MiB, 5,231 B under the bound 256 MiB")
        self.assertEqual(units.describe_gap(805304209, 268435456), "512 MiB over")
        self.assertEqual(units.describe_gap(4096, 4096), "exactly at the bound")
        self.assertEqual(units.describe_gap(10 * 1024, 20 * 1024), "10 KiB under")
        self.assertEqual(units.describe_gap(0, 10 * 1024 - 1), "10,239 B under")


class FoldedTest(unittest.TestCase):
    def test_parses_frames_with_parameters_file_and_line(self):
        self.assertEqual(folded.parse_frame(
            "ReadLines(heapbound::FileEntry const&, heapbound::ByteSink&) (line_stream.cc:65)"),
            {"function": "ReadLines(heapbound::FileEntry const&, heapbound::ByteSink&)",
             "file": "line_stream.cc", "line": 65})
        self.assertEqual(folded.parse_frame("memcpy (/lib/libc.so.6)"),
                         {"function": "memcpy", "file": "/lib/libc.so.6", "line": 0})
        self.assertEqual(folded.parse_frame("main"), {"function": "main", "file": "", "line": 0})
        below = "in 5 places, all below massif's threshold (1.00%)"
        self.assertEqual(folded.parse_frame(below), {"function": below, "file": "", "line": 0})

    def test_builds_a_tree_whose_root_holds_every_byte(self):
        with support.TempDir() as d:
            path = os.path.join(d, "a.folded")
            with open(path, "w") as f:
                f.write("main (m.cc:2);Read (r.cc:4);Grow (g.cc:9) 520\n"
                        "main (m.cc:2);Read (r.cc:4) 80\ninit;pool 72704\n")
            root = folded.build_tree(folded.read_folded(path))
        self.assertEqual(root.bytes, 73304)
        read = root.children["main (m.cc:2)"].children["Read (r.cc:4)"]
        self.assertEqual(read.bytes, 600)
        self.assertEqual(read.children["Grow (g.cc:9)"].bytes, 520)
        self.assertEqual(root.depth(), 4)

    def test_a_bad_line_names_the_file_and_the_line(self):
        with support.TempDir() as d:
            path = os.path.join(d, "a.folded")
            with open(path, "w") as f:
                f.write("main;Read 12\nmain;Grow twelve\n")
            with self.assertRaises(errors.InputError) as caught:
                folded.read_folded(path)
        self.assertEqual(str(caught.exception),
                         f"{path}: line 2: expected `frame;frame;... bytes`, got "
                         "'main;Grow twelve'")


if __name__ == "__main__":
    unittest.main()
