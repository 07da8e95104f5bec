"""The control room's clock: real time, or — for the demo and its replay — a clock
anchored at a chosen moment that runs at a chosen speed.

``now = at + (real now − since) × speed``; a real deployment has no anchor and
runs on real time. Times are naive UTC, like the store's.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta

#: China Standard Time, the county's clock: UTC+8 all year (no daylight saving).
CHINA_OFFSET = timedelta(hours=8)


def real_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def local(utc: datetime) -> datetime:
    """A naive UTC time (the store's) as the county reads it: naive China Standard Time."""
    return utc + CHINA_OFFSET


def local_iso(utc: datetime) -> str:
    """A naive UTC time as an ISO text in China Standard Time, with its offset."""
    return local(utc).isoformat(timespec="seconds") + "+08:00"


@dataclass(frozen=True)
class Clock:
    at: datetime | None = None  # the clock's time at ``since``
    since: datetime | None = None  # real time of the anchor
    speed: float = 1.0

    def now(self, real: datetime | None = None) -> datetime:
        real = real or real_now()
        if self.at is None or self.since is None:
            return real
        return self.at + (real - self.since) * self.speed

    def rerun_at(self, speed: float, real: datetime | None = None) -> Clock:
        """The same clock from now on at another speed (no jump in time)."""
        real = real or real_now()
        if self.at is None:
            return Clock(real, real, speed)
        return Clock(self.now(real), real, speed)

    @property
    def simulated(self) -> bool:
        return self.at is not None

    def to_text(self) -> str:
        return json.dumps(
            {k: v.isoformat() if isinstance(v, datetime) else v for k, v in asdict(self).items()}
        )

    @classmethod
    def from_text(cls, text: str | None) -> Clock:
        if not text:
            return cls()
        data = json.loads(text)
        return cls(
            datetime.fromisoformat(data["at"]) if data.get("at") else None,
            datetime.fromisoformat(data["since"]) if data.get("since") else None,
            float(data.get("speed", 1.0)),
        )
