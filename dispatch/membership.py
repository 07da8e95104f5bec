"""Months and who was in which grid when: the calendar of the monthly evaluation.

Months are calendar months in China Standard Time, named "YYYY-MM"; the store keeps
naive UTC, so a month runs from its first day 00:00 CST (16:00 UTC the day before).
A member's grid over time comes from the roster history: rows of (member, grid,
start day, end day) with the end day exclusive and empty while the row is current.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import cast

import pandas as pd

from dispatch.clock import CHINA_OFFSET
from dispatch.errors import DualGridError

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class MonthError(DualGridError):
    """A month that is not "YYYY-MM"."""


def month_bounds(month: str) -> tuple[datetime, datetime]:
    """[start, end) of a CST calendar month as naive UTC."""
    found = _MONTH.match(month or "")
    if not found or not 1 <= int(found[2]) <= 12:
        msg = f"a month is written YYYY-MM, e.g. 2026-10; got {month!r}"
        raise MonthError(msg)
    year, mon = int(found[1]), int(found[2])
    start = datetime(year, mon, 1)
    end = datetime(year + (mon == 12), mon % 12 + 1, 1)
    return start - CHINA_OFFSET, end - CHINA_OFFSET


def month_of(when: datetime | pd.Timestamp) -> str:
    """The CST month a naive-UTC instant falls in."""
    # pandas has no type information here: strftime is untyped, but gives a str
    return cast(str, (pd.Timestamp(when) + CHINA_OFFSET).strftime("%Y-%m"))


def cst_day(times: pd.Series) -> pd.Series:
    """The CST calendar day ("YYYY-MM-DD") of naive-UTC times (NaT stays missing)."""
    return (pd.to_datetime(times) + CHINA_OFFSET).dt.strftime("%Y-%m-%d")


def grid_on(history: pd.DataFrame, member_ids: pd.Series, days: pd.Series) -> pd.Series:
    """The grid each member was in on each day ("YYYY-MM-DD"); missing when none.

    ``history`` has member_id, grid_id, start_day and end_day (exclusive; missing while
    current). Rows of one member do not overlap.
    """
    out = pd.Series(pd.NA, index=member_ids.index, dtype="object")
    if history.empty or member_ids.empty:
        return out
    left = pd.DataFrame({"member_id": member_ids, "day": days, "_row": member_ids.index})
    both = left.merge(history, on="member_id", how="inner")
    end = both["end_day"].fillna("9999-12-31")
    hit = both[(both["start_day"] <= both["day"]) & (both["day"] < end)]
    out.loc[hit["_row"].to_numpy()] = hit["grid_id"].to_numpy()
    return out


def days_in_grid(history: pd.DataFrame, month: str) -> pd.DataFrame:
    """Per member and grid: the days of the month the member spent there (member_id,
    grid_id, kind, role, days)."""
    start, end = month_bounds(month)
    first, stop = (
        (start + CHINA_OFFSET).strftime("%Y-%m-%d"),
        (end + CHINA_OFFSET).strftime("%Y-%m-%d"),
    )
    rows = history.copy()
    rows["from"] = rows["start_day"].where(rows["start_day"] > first, first)
    rows["to"] = rows["end_day"].fillna(stop)
    rows["to"] = rows["to"].where(rows["to"] < stop, stop)
    rows = rows[rows["from"] < rows["to"]]
    rows["days"] = (pd.to_datetime(rows["to"]) - pd.to_datetime(rows["from"])).dt.days
    columns = ["member_id", "grid_id", "kind", "role", "days"]
    return rows[[c for c in columns if c in rows]].reset_index(drop=True)
