"""Who handled each demo job and when; staff attendance in grid work; the state "now".

Times are naive UTC; office hours are reckoned in China Standard Time (UTC+8).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from demo.history import FAIL_REASONS, TRAVEL_MEDIAN_MIN, Year
from dispatch.clock import CHINA_OFFSET
from dispatch.domain import JOB_TYPES, JobStatus, MemberStatus

DISPATCHER = "dispatcher.demo"  # the synthetic control-room user who assigned demo jobs
OUTSIDE_GRID_SHARE = 0.07  # jobs handled by a member of another grid of the same station
FAIL_SHARE = 0.03
CST_S = int(CHINA_OFFSET.total_seconds())  # seconds, for the arrays
#: None as numpy sees it in ``np.where`` (an object scalar; its types leave out a bare None)
NONE = np.array(None, dtype=object)


class _Pools:
    """Staff who can do each skill, by grid and by station."""

    def __init__(self, members: pd.DataFrame) -> None:
        staff = members[members["kind"] == "staff"]
        self.by_grid: dict[tuple[str, str], list[str]] = {}
        self.by_station: dict[tuple[str, str], list[str]] = {}
        for row in staff.itertuples():
            for skill in row.skills.split(","):
                self.by_grid.setdefault((row.grid_id, skill), []).append(row.id)
                self.by_station.setdefault((row.station_id, skill), []).append(row.id)
        self.station_of = dict(zip(staff["grid_id"], staff["station_id"], strict=False))
        self.everyone: dict[str, list[str]] = {}
        for (_, skill), ids in self.by_station.items():
            self.everyone.setdefault(skill, []).extend(ids)

    def pick(self, grid: str, skill: str, rng: np.random.Generator) -> str:
        own = self.by_grid.get((grid, skill), [])
        if own and rng.random() >= OUTSIDE_GRID_SHARE:
            return own[int(rng.integers(len(own)))]
        station = self.by_station.get((self.station_of[grid], skill), [])
        others = [m for m in station if m not in own] or station or self.everyone[skill]
        return others[int(rng.integers(len(others)))]


def _step_times(jobs: pd.DataFrame, rng: np.random.Generator) -> np.ndarray:
    """Seconds (naive UTC epoch) of each job's steps: created, assigned, en route, on site,
    finished. Emergencies move at once; other work is scheduled in office hours (CST)."""
    n = len(jobs)
    created = jobs["created_at"].to_numpy("datetime64[s]").astype(np.int64)
    emergency = jobs["type"].map(lambda t: JOB_TYPES[t].emergency).to_numpy()
    service = jobs["type"].map(lambda t: JOB_TYPES[t].service_min).to_numpy(float)
    travel_median = jobs["area_class"].map(TRAVEL_MEDIAN_MIN).to_numpy(float)
    assign_s = np.where(
        emergency, rng.lognormal(np.log(6), 0.5, n) * 60, rng.uniform(0.2, 5, n) * 3600
    )
    assigned = created + assign_s.astype(np.int64)
    local = assigned + CST_S
    slot = local // 86_400 * 86_400 + (rng.uniform(8.5, 16, n) * 3600).astype(np.int64)
    slot = np.where(slot <= local, slot + 86_400, slot) - CST_S
    en_route = np.where(emergency, assigned + (rng.uniform(1, 6, n) * 60).astype(np.int64), slot)
    on_site = en_route + (rng.lognormal(np.log(travel_median), 0.45) * 60).astype(np.int64)
    finish = on_site + (service * rng.lognormal(0, 0.3, n) * 60).astype(np.int64)
    return np.column_stack((created, assigned, en_route, on_site, finish))


def _to_time(seconds: np.ndarray) -> pd.DatetimeIndex:
    return pd.DatetimeIndex(seconds.astype("datetime64[s]").astype("datetime64[ns]"))


def handle(
    jobs: pd.DataFrame,
    members: pd.DataFrame,
    rng: np.random.Generator,
    *,
    as_of: pd.Timestamp | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Run each job through its life. Closed history when ``as_of`` is None; otherwise each
    job stops at the step it has reached by ``as_of`` (an open job).

    Returns the jobs with status, member and reason; the job events; the assignments.
    """
    pools = _Pools(members)
    times = _step_times(jobs, rng)
    failed = rng.random(len(jobs)) < FAIL_SHARE
    why = np.array(FAIL_REASONS, dtype=object)[rng.integers(len(FAIL_REASONS), size=len(jobs))]
    who = np.array(
        [
            pools.pick(g, JOB_TYPES[t].skill, rng)
            for g, t in zip(jobs["grid_id"], jobs["type"], strict=True)
        ],
        dtype=object,
    )
    if as_of is None:
        reached = np.full(len(jobs), 5)
    else:
        now = int(np.datetime64(as_of, "s").astype(np.int64))
        reached = np.minimum((times[:, :4] <= now).sum(axis=1), 4)
        busy: set[str] = set()
        for k in range(len(jobs)):
            if reached[k] >= 3:
                if who[k] in busy:  # one job at a time on the road: the later one waits
                    reached[k] = 2
                busy.add(who[k])
    closing = np.where(failed, str(JobStatus.FAILED), str(JobStatus.DONE))
    names = np.array(
        [
            str(JobStatus.NEW),
            str(JobStatus.ASSIGNED),
            str(JobStatus.EN_ROUTE),
            str(JobStatus.ON_SITE),
        ],
        dtype=object,
    )
    event_status = np.column_stack((np.tile(names, (len(jobs), 1)), closing))
    event_by = np.column_stack(
        (
            np.full(len(jobs), "intake", dtype=object),
            np.full(len(jobs), DISPATCHER, dtype=object),
            who,
            who,
            who,
        )
    )
    event_note = np.full((len(jobs), 5), None, dtype=object)
    event_note[:, 4] = np.where(failed, why, NONE)
    keep = np.arange(5)[None, :] < reached[:, None]
    job_ids = np.repeat(jobs["id"].to_numpy()[:, None], 5, axis=1)
    events = pd.DataFrame(
        {
            "job_id": job_ids[keep],
            "status": event_status[keep],
            "at": _to_time(times[keep]),
            "by": event_by[keep],
            "note": event_note[keep],
        }
    )
    last = event_status[np.arange(len(jobs)), reached - 1]
    has_member = reached >= 2
    assignments = pd.DataFrame(
        {
            "job_id": jobs["id"].to_numpy()[has_member],
            "member_id": who[has_member],
            "assigned_at": _to_time(times[has_member, 1]),
            "assigned_by": DISPATCHER,
            "active": True,
        }
    )
    closed = reached == 5
    jobs = jobs.assign(
        status=last,
        member_id=np.where(has_member, who, NONE),
        closed_at=pd.Series(_to_time(times[:, 4]), index=jobs.index).where(closed),
        reason=np.where(closed & failed, why, NONE),
    )
    return jobs, events, assignments


def attendance(members: pd.DataFrame, year: Year, rng: np.random.Generator) -> pd.DataFrame:
    """Staff check-ins to grid work: two scheduled half-days a week each (09:00 CST, four
    hours), attendance rising through the year (from about 82% to about 95%)."""
    staff = members[members["kind"] == "staff"].reset_index(drop=True)
    days = pd.date_range(
        (year.start + CHINA_OFFSET).normalize(),
        (year.as_of + CHINA_OFFSET).normalize() - pd.Timedelta(days=1),
    )
    frames = []
    for k, member_id in enumerate(staff["id"]):
        mine = days[np.isin(days.day_of_week, (k % 3, k % 3 + 2))]  # Mon/Wed, Tue/Thu or Wed/Fri
        progress = (mine - days[0]).days.to_numpy() / len(days)
        attended = rng.random(len(mine)) < 0.82 + 0.13 * progress
        start = mine + pd.Timedelta(hours=9) - CHINA_OFFSET
        check_in = start + pd.to_timedelta(rng.normal(5, 10, len(mine)), unit="m")
        hours = np.clip(rng.normal(3.8, 0.5, len(mine)), 1.0, 5.0)
        frames.append(
            pd.DataFrame(
                {
                    "member_id": member_id,
                    "day": mine.strftime("%Y-%m-%d"),
                    "scheduled_hours": 4.0,
                    "attended_hours": np.where(attended, hours.round(2), 0.0),
                    "check_in": pd.Series(check_in.round("s")).where(attended),
                    "check_out": pd.Series(
                        (check_in + pd.to_timedelta(hours, unit="h")).round("s")
                    ).where(attended),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def member_status_now(
    members: pd.DataFrame,
    open_jobs: pd.DataFrame,
    windows: pd.DataFrame,
    communities: pd.DataFrame,
    as_of: pd.Timestamp,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Each member's status and position at ``as_of``: busy staff at or towards their job,
    the others at their grid's service window; a few staff off duty."""
    window_at = windows.groupby("grid_id")[["lon", "lat"]].first()
    community_at = communities.set_index("id")[["lon", "lat"]]
    busy = open_jobs[open_jobs["status"].isin([JobStatus.EN_ROUTE, JobStatus.ON_SITE])]
    busy = busy.drop_duplicates("member_id", keep="last").set_index("member_id")
    assigned = set(open_jobs["member_id"].dropna())
    rows = []
    for m in members.itertuples():
        if m.kind == "community":
            lon, lat = community_at.loc[m.community_id]
            rows.append((m.id, str(MemberStatus.AVAILABLE), lon, lat, as_of))
            continue
        home_lon, home_lat = window_at.loc[m.grid_id]
        if m.id in busy.index:
            job = busy.loc[m.id]
            if job["status"] == JobStatus.ON_SITE:
                state, lon, lat = MemberStatus.ON_SITE, job["lon"], job["lat"]
            else:
                f = float(rng.uniform(0.2, 0.8))
                state = MemberStatus.EN_ROUTE
                lon = home_lon + f * (job["lon"] - home_lon)
                lat = home_lat + f * (job["lat"] - home_lat)
        elif m.id not in assigned and rng.random() < 0.1:
            state, lon, lat = MemberStatus.OFF_DUTY, home_lon, home_lat
        else:
            state = MemberStatus.AVAILABLE
            lon = home_lon + rng.normal(0, 0.0015)
            lat = home_lat + rng.normal(0, 0.0015)
        rows.append((m.id, str(state), round(float(lon), 6), round(float(lat), 6), as_of))
    return pd.DataFrame(rows, columns=["member_id", "status", "lon", "lat", "updated_at"])
