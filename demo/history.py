"""A year of synthetic service history: requests by channel, the jobs they became, who
handled them and when, and staff attendance in grid work.

Times are naive UTC throughout (the store's convention); the county works on
China Standard Time (UTC+8), which the generator uses for office hours and seasons.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dispatch.clock import CHINA_OFFSET
from dispatch.domain import JOB_TYPES, REPAIR_ARRIVAL_MIN, Priority

#: Requests per 1,000 households a year, by type (outages are counted as events).
RATES_PER_1000: dict[str, float] = {
    "repair": 22.0,
    "meter": 8.0,
    "connection": 5.0,
    "billing": 14.0,
    "contract": 3.0,
    "verification": 4.0,
    "hazard": 3.0,
    "complaint": 4.0,
}
OUTAGE_EVENTS_PER_DISTRICT = {"urban": 0.5, "rural": 0.9, "remote": 1.1}
#: Monthly factor for weather-driven work (January first): storms peak in summer.
WEATHER_MONTHS = np.array([0.8, 0.8, 0.9, 1.1, 1.3, 1.6, 1.9, 1.7, 1.1, 0.8, 0.8, 0.9])
WEATHER_TYPES = frozenset({"repair", "outage", "hazard"})
#: Share of each channel, by type: grid, 95598, hotline, hall.
CHANNEL_MIX: dict[str, tuple[float, float, float, float]] = {
    "repair": (0.45, 0.45, 0.03, 0.07),
    "outage": (0.45, 0.47, 0.03, 0.05),
    "meter": (0.50, 0.30, 0.02, 0.18),
    "connection": (0.30, 0.10, 0.00, 0.60),
    "billing": (0.40, 0.20, 0.00, 0.40),
    "contract": (0.70, 0.00, 0.00, 0.30),
    "verification": (0.90, 0.05, 0.00, 0.05),
    "hazard": (0.70, 0.25, 0.05, 0.00),
    "complaint": (0.15, 0.60, 0.25, 0.00),
}
CHANNELS = ("grid", "95598", "hotline", "hall")
#: Hour-of-day weights (local time) for when requests arrive.
HOURS = np.array(
    [1, 0.6, 0.4, 0.4, 0.5, 0.8, 1.5, 3, 5, 6, 6, 5.5, 4.5, 4.5, 5, 5, 5, 5, 5, 4.5, 4, 3, 2, 1.4]
)
#: Travel to site, median minutes, by area class.
TRAVEL_MEDIAN_MIN = {"urban": 18.0, "rural": 38.0, "remote": 55.0}
FAIL_REASONS = (
    "客户不在家 customer not at home",
    "需停电审批 needs an outage permit",
    "缺少备件 parts not in stock",
    "地址不符 address does not match",
)
DESCRIPTIONS = {
    "repair": "家中无电，邻居有电 no power at home, neighbours have power",
    "outage": "整片停电 the whole area is dark",
    "meter": "电表不走字/黑屏 meter blank or not counting",
    "connection": "新装用电申请 application for a new connection",
    "billing": "缴费后未到账 paid but balance not credited",
    "contract": "签订供用电合同 sign the supply contract",
    "verification": "核实客户联系电话 verify the contact phone",
    "hazard": "电杆倾斜/树障 leaning pole or trees on the line",
    "complaint": "对抢修时间不满意 unhappy with repair time",
}
DEADLINE_H = {Priority.HIGH: 24, Priority.NORMAL: 72, Priority.ROUTINE: 168}


@dataclass(frozen=True, slots=True)
class Year:
    """The span of the history: a year ending at ``as_of`` (naive UTC)."""

    as_of: pd.Timestamp

    @property
    def start(self) -> pd.Timestamp:
        return self.as_of - pd.Timedelta(days=365)


def _times(year: Year, count: int, weather: bool, rng: np.random.Generator) -> np.ndarray:
    """Arrival times of ``count`` requests over the year (UTC), seasonal when weather-driven."""
    days = pd.date_range(year.start.normalize(), year.as_of.normalize() - pd.Timedelta(days=1))
    weight = WEATHER_MONTHS[days.month - 1] if weather else np.ones(len(days))
    day = rng.choice(len(days), count, p=weight / weight.sum())
    hour = rng.choice(24, count, p=HOURS / HOURS.sum())
    local = days[day] + pd.to_timedelta(hour * 3600 + rng.integers(0, 3600, count), unit="s")
    utc: np.ndarray = (local - CHINA_OFFSET).to_numpy()
    return utc


JobSeed = tuple[str, int, np.datetime64, int]  # type, district index, created at, calls


def year_of_jobs(districts: pd.DataFrame, year: Year, rng: np.random.Generator) -> list[JobSeed]:
    """Every job of the year: requests at their rates, outages as events with several calls."""
    jobs: list[JobSeed] = []
    for kind, rate in RATES_PER_1000.items():
        lam = districts["households"].to_numpy() * rate / 1000.0
        idx = np.repeat(np.arange(len(districts)), rng.poisson(lam))
        times = _times(year, len(idx), kind in WEATHER_TYPES, rng)
        jobs.extend((kind, int(i), t, 1) for i, t in zip(idx, times, strict=True))
    events = rng.poisson(districts["area_class"].map(OUTAGE_EVENTS_PER_DISTRICT).to_numpy())
    idx = np.repeat(np.arange(len(districts)), events)
    times = _times(year, len(idx), True, rng)
    size = 1 + rng.poisson(np.minimum(districts["households"].to_numpy()[idx] / 80.0, 6.0))
    jobs.extend(("outage", int(i), t, int(s)) for i, t, s in zip(idx, times, size, strict=True))
    jobs.sort(key=lambda j: (int(j[2].astype("datetime64[s]").astype(np.int64)), j[0], j[1]))
    return jobs


def recent_jobs(
    districts: pd.DataFrame,
    as_of: pd.Timestamp,
    count: int,
    rng: np.random.Generator,
    *,
    hours: float = 5.0,
) -> list[JobSeed]:
    """``count`` jobs created in the last ``hours`` before ``as_of``, types in their usual mix."""
    kinds = [*RATES_PER_1000, "outage"]
    weights = np.array([*RATES_PER_1000.values(), 30.0])
    kind = rng.choice(kinds, count, p=weights / weights.sum())
    hh = districts["households"].to_numpy().astype(float)
    idx = rng.choice(len(districts), count, p=hh / hh.sum())
    offsets = np.sort(rng.uniform(0, hours * 3600, count))
    times = (as_of - pd.to_timedelta(offsets, unit="s")).to_numpy()
    calls = np.where(kind == "outage", 1 + rng.poisson(2.0, count), 1)
    seeds = [
        (str(k), int(i), t, int(c)) for k, i, t, c in zip(kind, idx, times, calls, strict=True)
    ]
    return sorted(seeds, key=lambda j: (j[2], j[0], j[1]))


def requests_and_jobs(
    seeds: list[JobSeed],
    districts: pd.DataFrame,
    customers: pd.DataFrame,
    members: pd.DataFrame,
    rng: np.random.Generator,
    *,
    first_job: int = 1,
    first_request: int = 1,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The requests (one per call) and jobs (one per seed) of the given seeds."""
    by_district = customers.groupby("district_id").indices
    calls, rows = [], []
    for number, (kind, d, created, n_calls) in enumerate(seeds, start=first_job):
        job_id = f"J{number:06d}"
        accounts = rng.choice(by_district[districts["id"].iat[d]], n_calls, replace=False)
        offsets = np.sort(rng.uniform(0, 40 * 60, n_calls)) if n_calls > 1 else np.zeros(1)
        offsets -= offsets[0]
        for a, off in zip(accounts, offsets, strict=True):
            calls.append((job_id, kind, d, created + np.timedelta64(int(off), "s"), int(a)))
        rows.append((job_id, kind, d, created, n_calls, int(accounts[0])))
    job_frame = pd.DataFrame(rows, columns=["id", "type", "d", "created_at", "calls", "cust"])
    call_frame = pd.DataFrame(calls, columns=["job_id", "type", "d", "received_at", "cust"])
    requests = _request_rows(call_frame, districts, customers, members, rng, first_request)
    return requests, _job_rows(job_frame, districts, customers)


def _request_rows(
    calls: pd.DataFrame,
    districts: pd.DataFrame,
    customers: pd.DataFrame,
    members: pd.DataFrame,
    rng: np.random.Generator,
    first: int,
) -> pd.DataFrame:
    calls = calls.sort_values(["received_at", "job_id"]).reset_index(drop=True)
    n = len(calls)
    channel = np.empty(n, dtype=object)
    for kind, mix in CHANNEL_MIX.items():
        mask = (calls["type"] == kind).to_numpy()
        channel[mask] = rng.choice(CHANNELS, mask.sum(), p=np.asarray(mix) / sum(mix))
    cust = customers.iloc[calls["cust"].to_numpy()]
    liaison = members[members["kind"] == "community"].groupby("community_id")["id"].apply(list)
    via_member = (channel == "grid") & (rng.random(n) < 0.5)
    reported_by = np.full(n, None, dtype=object)
    community = cust["community_id"].to_numpy()
    for k in np.flatnonzero(via_member):
        pool = liaison.get(community[k])
        if pool:
            reported_by[k] = pool[int(rng.integers(len(pool)))]
    local_day = (calls["received_at"] + CHINA_OFFSET).dt.strftime("%Y%m%d").to_numpy()
    order_no = [
        f"{ch.upper()}-{day}-{k:06d}"
        for k, (ch, day) in enumerate(zip(channel, local_day, strict=True), start=first)
    ]
    return pd.DataFrame(
        {
            "id": [f"R{k:06d}" for k in range(first, first + n)],
            "order_no": order_no,
            "channel": channel,
            "received_at": calls["received_at"],
            "type": calls["type"],
            "account_no": cust["account_no"].to_numpy(),
            "district_id": districts["id"].to_numpy()[calls["d"]],
            "grid_id": districts["grid_id"].to_numpy()[calls["d"]],
            "lon": cust["lon"].to_numpy(),
            "lat": cust["lat"].to_numpy(),
            "description": calls["type"].map(DESCRIPTIONS),
            "reporter": cust["name"].to_numpy(),
            "contact_phone": cust["phone"].to_numpy(),
            "reported_by_member": reported_by,
            "job_id": calls["job_id"],
        }
    )


def _job_rows(jobs: pd.DataFrame, districts: pd.DataFrame, customers: pd.DataFrame) -> pd.DataFrame:
    area = districts["area_class"].to_numpy()[jobs["d"]]
    priority = jobs["type"].map(lambda t: int(JOB_TYPES[t].priority)).to_numpy()
    hours = np.array([DEADLINE_H.get(Priority(p), 0) for p in priority], dtype=float)
    norm_min = np.array([REPAIR_ARRIVAL_MIN[a] for a in area], dtype=float)
    deadline_s = np.where(priority == 1, norm_min * 60, hours * 3600)
    outage = (jobs["type"] == "outage").to_numpy()
    cust = customers.iloc[jobs["cust"].to_numpy()]
    lon = np.where(outage, districts["lon"].to_numpy()[jobs["d"]], cust["lon"].to_numpy())
    lat = np.where(outage, districts["lat"].to_numpy()[jobs["d"]], cust["lat"].to_numpy())
    return pd.DataFrame(
        {
            "id": jobs["id"],
            "type": jobs["type"],
            "priority": priority,
            "district_id": districts["id"].to_numpy()[jobs["d"]],
            "grid_id": districts["grid_id"].to_numpy()[jobs["d"]],
            "area_class": area,
            "lon": lon,
            "lat": lat,
            "created_at": jobs["created_at"],
            "deadline": jobs["created_at"] + pd.to_timedelta(deadline_s, unit="s"),
            "calls": jobs["calls"],
        }
    )
