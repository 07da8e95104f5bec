"""When will the power be back: on-site time learnt from the county's own history, as
storm-mode outage systems estimate restoration (issue 21).

A job's on-site time is the time from its crew's arrival (``on_site``) to the work done
(``done``), as the job's events recorded it. `OnSite` keeps, per job type, area class
and time of day, the median and a range (by default the 10th to 90th percentile) of
those times; a group with too few jobs falls back to the type and area, then to the
type alone, and says so (``basis``). The estimated restoration of an open job is its
arrival (from the plan, or now when the crew is on site) plus that on-site time.
`calibrate` fits on the history before a date and measures the estimates on the jobs
after it (the held-back month).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

import numpy as np
import pandas as pd

#: Hours (local time) that start each part of the day; the county's clock is UTC+8.
DAY_PARTS: Final = ((6, "day"), (18, "evening"), (22, "night"))
LOCAL_OFFSET: Final = timedelta(hours=8)
#: A group needs this many past jobs for its own figures, else its coarser group's.
MIN_JOBS: Final = 20
RANGE: Final = (0.1, 0.9)
#: The work whose end brings the power back: the board and the flood report estimate it.
RESTORED_TYPES: Final = ("repair", "outage")


def day_part(when_utc: datetime | pd.Timestamp) -> str:
    """ "day", "evening" or "night" at a naive UTC time, in the county's local time."""
    hour = (pd.Timestamp(when_utc) + LOCAL_OFFSET).hour
    part = "night"
    for start, name in DAY_PARTS:
        if hour >= start:
            part = name
    return part


def on_site_history(jobs: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """One row per job done with both steps recorded: type, area class, part of the day
    of the arrival, the arrival (naive UTC) and the minutes on site."""
    steps = events[events["status"].isin(["on_site", "done"])]
    times = steps.pivot_table(index="job_id", columns="status", values="at", aggfunc="min")
    times = times.dropna(subset=[c for c in ("on_site", "done") if c in times])
    if not {"on_site", "done"} <= set(times.columns) or times.empty:
        return pd.DataFrame(columns=["type", "area_class", "part", "arrived", "minutes"])
    done = jobs[jobs["status"] == "done"].set_index("id")[["type", "area_class"]]
    frame = times.join(done, how="inner")
    minutes = (frame["done"] - frame["on_site"]).dt.total_seconds() / 60
    frame = frame.assign(minutes=minutes, arrived=frame["on_site"])[minutes >= 0]
    frame["part"] = [day_part(t) for t in frame["arrived"]]
    return frame[["type", "area_class", "part", "arrived", "minutes"]].reset_index(drop=True)


@dataclass(frozen=True)
class Estimate:
    """On-site minutes: the median and a range, from ``n`` past jobs of ``basis``."""

    median: float
    low: float
    high: float
    n: int
    basis: tuple[str, ...]  # the group the figures come from: (type, area, part) or coarser


class OnSite:
    """On-site times by job type, area class and part of the day, learnt from history."""

    def __init__(self, history: pd.DataFrame, *, min_jobs: int = MIN_JOBS) -> None:
        self.min_jobs = min_jobs
        self._groups: dict[tuple[str, ...], Estimate] = {}
        keys: tuple[list[str], ...] = (["type", "area_class", "part"], ["type", "area_class"],
                                       ["type"])  # fmt: skip
        for columns in keys:
            for key, group in history.groupby(columns)["minutes"]:
                values = group.to_numpy(float)
                basis = tuple(str(k) for k in (key if isinstance(key, tuple) else (key,)))
                low, median, high = np.quantile(values, (RANGE[0], 0.5, RANGE[1]))
                self._groups[basis] = Estimate(
                    float(median), float(low), float(high), len(values), basis
                )

    def estimate(self, job_type: str, area_class: str, part: str) -> Estimate | None:
        """The finest group with enough history; None for a type never done before."""
        for basis in ((job_type, area_class, part), (job_type, area_class), (job_type,)):
            found = self._groups.get(basis)
            if found is not None and (found.n >= self.min_jobs or len(basis) == 1):
                return found
        return None

    def finish(self, job_type: str, area_class: str, arrival: datetime) -> Restoration | None:
        """When such a job reached at ``arrival`` should be done; None without history."""
        found = self.estimate(job_type, area_class, day_part(arrival))
        return None if found is None else restoration(arrival, found)


@dataclass(frozen=True)
class Restoration:
    """When an open job's work should be done: a median time and a range (naive UTC)."""

    at: datetime
    earliest: datetime
    latest: datetime
    on_site: Estimate


def restoration(arrival: datetime, estimate: Estimate) -> Restoration:
    """The crew's arrival (from the plan; the recorded arrival once on site) plus the
    on-site time its kind of job takes."""
    return Restoration(
        arrival + timedelta(minutes=estimate.median),
        arrival + timedelta(minutes=estimate.low),
        arrival + timedelta(minutes=estimate.high),
        estimate,
    )


@dataclass(frozen=True)
class Calibration:
    """Estimates fitted before ``held_back_from`` against the jobs done after it."""

    jobs: int
    median_abs_error_min: float
    inside_share: float  # of actual times within the estimate's range
    by_type: dict[str, tuple[int, float, float]]  # type → (jobs, median error, share inside)


def calibrate(
    history: pd.DataFrame, held_back_from: datetime, *, types: set[str] | None = None
) -> Calibration:
    """Fit on the jobs that arrived before ``held_back_from``, test on the rest."""
    kept = history if types is None else history[history["type"].isin(types)]
    past = kept[kept["arrived"] < held_back_from]
    test = kept[kept["arrived"] >= held_back_from]
    model = OnSite(past)
    rows = []
    for row in test.itertuples():
        found = model.estimate(row.type, row.area_class, row.part)
        if found is not None:
            rows.append((row.type, abs(row.minutes - found.median),
                         found.low <= row.minutes <= found.high))  # fmt: skip
    scored = pd.DataFrame(rows, columns=["type", "error", "inside"])
    by_type = {
        str(t): (len(g), float(g["error"].median()), float(g["inside"].mean()))
        for t, g in scored.groupby("type")
    }
    return Calibration(
        len(scored),
        float(scored["error"].median()) if len(scored) else float("nan"),
        float(scored["inside"].mean()) if len(scored) else float("nan"),
        by_type,
    )
