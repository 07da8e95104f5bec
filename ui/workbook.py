"""Files for managers: a workbook with one sheet per table, and charts as PNG images."""

from __future__ import annotations

import io
import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd

from dispatch.text import spreadsheet_safe

SHEET_NAME = re.compile(r"[\[\]:*?/\\]")


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


def line_chart_png(frame: pd.DataFrame, title: str, ylabel: str) -> bytes:
    """A line per column over the frame's index (months), as a PNG."""
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
