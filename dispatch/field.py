"""The field's rules: grid work is done in scheduled half-days, a check-in opens one and
its check-out closes it with the hours between; a position from a phone is believed
only within reason."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Final

from dispatch.errors import DualGridError
from i18n import _

#: A scheduled session of grid work (the demo's and the norm's half-day).
GRID_WORK_HOURS: Final = 4.0
#: A phone's fix worse than this is kept but not used as the member's position.
USABLE_ACCURACY_M: Final = 500.0
#: A session left open longer than this counts this long (a forgotten check-out).
LONGEST_SESSION_HOURS: Final = 12.0


class FieldError(DualGridError, ValueError):
    """A field step, check-in or position that cannot be taken; says why in one line."""


@dataclass(frozen=True, slots=True)
class Fix:
    """Where a phone was, when, and how sure it was (None: the phone gave nothing)."""

    at: datetime  # naive UTC
    lon: float | None = None
    lat: float | None = None
    accuracy_m: float | None = None

    def checked(self) -> Fix:
        """The fix, or FieldError naming what is wrong with it."""
        if (self.lon is None) != (self.lat is None):
            raise FieldError(_("a position needs both longitude and latitude"))
        off_earth = (
            self.lon is not None
            and self.lat is not None
            and not (-180 <= self.lon <= 180 and -90 <= self.lat <= 90)
        )
        if off_earth:
            msg = _("position {lon}, {lat} is not on the earth")
            raise FieldError(msg.format(lon=self.lon, lat=self.lat))
        if self.accuracy_m is not None and self.accuracy_m < 0:
            raise FieldError(_("accuracy: a distance, not {value}").format(value=self.accuracy_m))
        return self

    @property
    def usable(self) -> bool:
        """A position good enough to show as where the member is."""
        return self.lon is not None and (
            self.accuracy_m is None or self.accuracy_m <= USABLE_ACCURACY_M
        )


def session_hours(check_in: datetime, check_out: datetime) -> float:
    """The hours of grid work between a check-in and its check-out (to the hundredth;
    a session left open for days counts `LONGEST_SESSION_HOURS`)."""
    hours = max(0.0, (check_out - check_in).total_seconds() / 3600)
    return round(min(hours, LONGEST_SESSION_HOURS), 2)
