"""The shortcuts that keep the report fast draw the same thing as the slow paths did."""

import unittest

from matplotlib import text as mtext
from matplotlib.font_manager import FontProperties

from hbreport.pictures import common, flame  # noqa: F401  (common shares text metrics)


class _Renderer:
    calls = 0

    def get_text_width_height_descent(self, text, prop, ismath):
        type(self).calls += 1
        return (len(text) * prop.get_size_in_points(), 10.0, 2.0)


class _OtherRenderer(_Renderer):
    pass


class TextMetricsTest(unittest.TestCase):
    def test_sizes_are_measured_once_per_renderer_type_text_font_and_dpi(self):
        prop = FontProperties(size=9)
        measure = mtext._get_text_metrics_with_cache
        _Renderer.calls = 0
        # A new renderer per savefig: the second figure reuses the first one's sizes.
        self.assertEqual(measure(_Renderer(), "256 MiB", prop, False, 100), (63.0, 10.0, 2.0))
        self.assertEqual(measure(_Renderer(), "256 MiB", prop, False, 100), (63.0, 10.0, 2.0))
        self.assertEqual(_Renderer.calls, 1)
        # Another dpi, font size, text or renderer type is measured anew.
        measure(_Renderer(), "256 MiB", prop, False, 72)
        measure(_Renderer(), "256 MiB", FontProperties(size=10), False, 100)
        measure(_Renderer(), "128 MiB", prop, False, 100)
        self.assertEqual(_Renderer.calls, 4)
        _OtherRenderer.calls = 0
        measure(_OtherRenderer(), "256 MiB", prop, False, 100)
        self.assertEqual(_OtherRenderer.calls, 1)

    def test_a_font_changed_after_measuring_is_measured_again(self):
        prop = FontProperties(size=11)
        _Renderer.calls = 0
        mtext._get_text_metrics_with_cache(_Renderer(), "x", prop, False, 100)
        prop.set_size(12)
        self.assertEqual(mtext._get_text_metrics_with_cache(_Renderer(), "x", prop, False, 100),
                         (12.0, 10.0, 2.0))
        self.assertEqual(_Renderer.calls, 2)


class FlameBoxesTest(unittest.TestCase):
    def test_a_box_spans_its_bytes_on_its_row(self):
        box = {"depth": 2, "left": 100, "bytes": 50}
        corners = flame._rectangle(box)
        self.assertEqual([(x, round(y, 2)) for x, y in corners],
                         [(100, -2.46), (150, -2.46), (150, -1.54), (100, -1.54)])


if __name__ == "__main__":
    unittest.main()
