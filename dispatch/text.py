"""Text someone typed, made safe for where it lands (Markdown here; HTML and the maps'
JavaScript strings are escaped where they are written)."""

from __future__ import annotations

import re

import pandas as pd

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def markdown_text(text: object) -> str:
    """``text`` shown exactly as typed inside Markdown: markup characters escaped and
    angle brackets as entities, so it is never a link, heading, table cell or tag."""
    escaped = _MARKDOWN.sub(r"\\\1", str(text))
    return escaped.replace("<", "&lt;")


#: What makes a spreadsheet read a cell as a formula (OWASP's CSV-injection rule).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value: object) -> object:
    """A value for a CSV or Excel cell: text that a spreadsheet would run as a formula
    (``=HYPERLINK(…)``, ``+1+1``, ``@SUM(1)``, ``=cmd|…``) gets a leading apostrophe and
    stays text; numbers and everything else pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of the table with every text cell made safe for a spreadsheet (column
    names too)."""
    out = frame.copy()
    out.columns = [spreadsheet_text(c) for c in out.columns]
    for k in range(out.shape[1]):
        column = out.iloc[:, k]
        if pd.api.types.is_object_dtype(column) or pd.api.types.is_string_dtype(column):
            out.iloc[:, k] = column.map(spreadsheet_text)
    return out
