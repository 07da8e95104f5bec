"""PNG charts draw Chinese in the app's own font (vendored by make), not a font the
machine may lack: no glyph of a Chinese title is missing."""

from __future__ import annotations

import warnings

import pandas as pd

from ui.assets import chart_font
from ui.workbook import _families, line_chart_png


def test_charts_are_set_in_the_vendored_chinese_font_and_miss_no_glyph():
    assert chart_font() is not None, "run make setup: the font is vendored there"
    assert _families()[0] == "Noto Sans SC"  # the app's file, whatever the system has
    frame = pd.DataFrame({"城区第一网格": [81.5, 84.0]}, index=["2026-10", "2026-11"])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png = line_chart_png(frame, "月度考评得分（祁阳县）", "得分")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    missing = [str(w.message) for w in caught if "missing from font" in str(w.message)]
    assert missing == []
