"""Files for managers: a workbook with one sheet per table, and charts as PNG images."""

from __future__ import annotations

import io
import re
from functools import cache
from typing import Final

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib import font_manager

from dispatch.text import spreadsheet_safe
from ui.assets import chart_font

SHEET_NAME = re.compile(r"[\[\]:*?/\\]")
#: Families that draw Chinese where the machine has one: a chart's text is set in the
#: app's own font (`ui.assets.chart_font`, vendored by make), else in the first of these
#: installed (what it lacks falls back to DejaVu Sans, matplotlib's own), or its titles
#: would be empty boxes.
CJK_FAMILIES: Final = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "Heiti SC",
)


def workbook(sheets: dict[str, pd.DataFrame]) -> bytes:
    """An .xlsx with one sheet per table (names cut to Excel's 31 characters); no text
    cell is ever a formula."""
    out = io.BytesIO()
    with pd.ExcelWriter(out, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            clean = SHEET_NAME.sub(" ", name)[:31] or "sheet"
            spreadsheet_safe(frame).to_excel(writer, sheet_name=clean, index=False)
    return out.getvalue()


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """A table as CSV for Excel (UTF-8 with a byte-order mark); no text cell a formula."""
    text: str = spreadsheet_safe(frame).to_csv(index=False)
    return text.encode("utf-8-sig")


@cache
def _families() -> list[str]:
    """The chart's font families: the app's Chinese font (else one installed), then
    DejaVu Sans."""
    own = chart_font()
    if own is not None:
        font_manager.fontManager.addfont(str(own))
        return [font_manager.FontProperties(fname=str(own)).get_name(), "DejaVu Sans"]
    installed = {f.name for f in font_manager.fontManager.ttflist}
    chinese = [f for f in CJK_FAMILIES if f in installed]
    return [*chinese[:1], "DejaVu Sans"]


def line_chart_png(frame: pd.DataFrame, title: str, ylabel: str) -> bytes:
    """A line per column over the frame's index (months), as a PNG; Chinese text drawn."""
    with plt.rc_context({"font.family": "sans-serif", "font.sans-serif": _families()}):
        return _line_chart(frame, title, ylabel)


def _line_chart(frame: pd.DataFrame, title: str, ylabel: str) -> bytes:
    fig, ax = plt.subplots(figsize=(8, 4), dpi=120)
    try:
        for column in frame.columns:
            ax.plot(frame.index.astype(str), frame[column], marker="o", label=str(column))
        ax.set_title(title)
        ax.set_ylabel(ylabel)
        ax.grid(alpha=0.3)
        ax.tick_params(axis="x", rotation=45)
        if len(frame.columns) > 1:
            ax.legend(fontsize=8, ncols=2)
        fig.tight_layout()
        out = io.BytesIO()
        fig.savefig(out, format="png")
        return out.getvalue()
    finally:
        plt.close(fig)
