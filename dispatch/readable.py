"""Values as people read them, in the user's language: a dash for nothing, durations in
days, hours and minutes, local times with their date when it is not today.

Every page, sheet and message says a value through these, so "2 h 5 min" and
"11月23日 07:10" read the same wherever they appear.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Final

from i18n import _

#: What stands where there is no value (never "None", "NaN" or an empty cell that
#: reads as zero).
DASH: Final = "—"


def missing(value: object) -> bool:
    """No value: None, NaN, NaT or an empty text."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, str) and not value.strip():
        return True
    return str(value) in {"NaT", "nan", "<NA>"}


def or_dash(value: object) -> str:
    """The value as text, or a dash when there is none."""
    return DASH if missing(value) else str(value)


def span(seconds: float) -> str:
    """A duration: "3 d 2 h", "2 h 5 min", "40 min" (below a minute: "0 min")."""
    minutes = int(max(seconds, 0) // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return _("{d} d {h} h").format(d=days, h=hours)
    if hours:
        return _("{h} h {m} min").format(h=hours, m=minutes)
    return _("{m} min").format(m=minutes)


def clock_time(moment: datetime | None, today: datetime) -> str:
    """A local time as the county reads it: "07:10" on ``today``'s day, with its date
    on another ("11-23 07:10", "11月23日 07:10"); a dash for none."""
    if moment is None:
        return DASH
    hm = f"{moment:%H:%M}"
    if moment.date() == today.date():
        return hm
    return _("{month:02d}-{day:02d} {hm}").format(month=moment.month, day=moment.day, hm=hm)
