"""Human byte units for labels and axis ticks."""

import unittest

from hbreport import units


class FormatBytesTest(unittest.TestCase):
    def test_uses_binary_units_with_three_significant_digits(self):
        self.assertEqual(units.format_bytes(0), "0 B")
        self.assertEqual(units.format_bytes(1023), "1023 B")
        self.assertEqual(units.format_bytes(4096), "4 KiB")
        self.assertEqual(units.format_bytes(1536), "1.5 KiB")
        self.assertEqual(units.format_bytes(78257), "76.4 KiB")
        self.assertEqual(units.format_bytes(805306368), "768 MiB")
        self.assertEqual(units.format_bytes(3 * 1024 ** 3), "3 GiB")
        self.assertEqual(units.format_bytes(None), "\u2014")

    def test_exact_and_margin(self):
        self.assertEqual(units.format_exact(805306368), "805,306,368 B")
        self.assertEqual(units.format_margin(2048, 8192), 75.0)
        self.assertEqual(units.format_margin(10240, 8192), -25.0)
        self.assertIsNone(units.format_margin(1, None))
        self.assertEqual(units.format_percent(-25.0), "-25.0 %")
        self.assertEqual(units.format_percent(8192 / 268443648 * 100), "+0.0031 %")
        self.assertEqual(units.format_percent(0.0), "+0.0 %")

    def test_tells_a_bare_size_from_a_formula(self):
        self.assertTrue(units.is_plain_size("8 KiB"))
        self.assertTrue(units.is_plain_size("123"))
        self.assertFalse(units.is_plain_size("2 * max_line + 32 KiB"))
        self.assertFalse(units.is_plain_size("max_file"))


class TicksTest(unittest.TestCase):
    def test_linear_ticks_are_round_in_binary_units(self):
        ticks = units.linear_byte_ticks(0, 1.1 * 1024 ** 2)
        self.assertEqual([units.format_bytes(t) for t in ticks],
                         ["0 B", "256 KiB", "512 KiB", "768 KiB", "1 MiB"])

    def test_log_ticks_are_powers_of_two_and_few(self):
        ticks = units.log_byte_ticks(1, 3e9)
        self.assertLessEqual(len(ticks), 8)
        for t in ticks:
            self.assertEqual(t, 2 ** round(__import__("math").log2(t)))


if __name__ == "__main__":
    unittest.main()
