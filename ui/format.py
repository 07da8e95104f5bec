"""Display formats shared by the pages."""

from __future__ import annotations

import pandas as pd

from dispatch.clock import CHINA_OFFSET
from dispatch.text import markdown_text


def local_time(series: pd.Series) -> pd.Series:
    """Naive-UTC times as China Standard Time text (``2026-11-26 09:30``)."""
    times = pd.to_datetime(series) + CHINA_OFFSET
    return times.dt.strftime("%Y-%m-%d %H:%M").where(times.notna(), "")


def md(text: object) -> str:
    """Text someone typed (a name, a file name, a plan's name), safe inside Streamlit
    markdown: it shows exactly as typed and never as a link, heading or tag."""
    return markdown_text(text)
