"""Requests grouped into jobs: an outage call joins the open outage job of its
transformer district when that job's latest call is recent (one outage, one job,
many calls); every other request is its own job. Priorities and deadlines come
from `dispatch.norms`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import count
from typing import Final

from dispatch.board import BoardJob
from dispatch.domain import JobStatus
from dispatch.intake import Record
from dispatch.norms import deadline, priority

#: An outage call joins an open outage job of the same transformer district when that
#: job's latest call came less than this long before.
OUTAGE_JOIN: Final = timedelta(minutes=60)


@dataclass(frozen=True, slots=True)
class OpenOutage:
    """An open outage job a new call may join."""

    job_id: str
    district_id: str
    last_call: datetime


@dataclass(frozen=True)
class Grouping:
    """What intake does: new jobs (in the board's own form, `BoardJob`) with the calls
    that make each, and calls that join existing outage jobs."""

    new: list[BoardJob]
    calls: dict[str, list[Record]]  # new job id → its calls, in time order
    joins: dict[str, list[Record]]  # existing job id → its new calls


def job_for(record: Record, job_id: str, calls: int = 1) -> BoardJob:
    """The job one request makes: priority and deadline from the norms; an outage is
    fixed at its district's transformer, anything else at the customer's place."""
    place = record.place
    lon, lat = place.transformer if record.type == "outage" else (place.lon, place.lat)
    return BoardJob(
        id=job_id,
        type=record.type,
        priority=int(priority(record.type)),
        lon=lon,
        lat=lat,
        grid_id=place.grid_id,
        station_id=place.station_id,
        community_id=place.community_id,
        created_at=record.received_at,
        deadline=deadline(record.type, place.area_class, record.received_at),
        status=JobStatus.NEW,
        calls=calls,
        district_id=place.district_id,
        area_class=place.area_class,
    )


def _provisional() -> Iterator[str]:
    return (f"new{n}" for n in count(1))


def group_into_jobs(
    records: Sequence[Record],
    open_outages: Sequence[OpenOutage] = (),
    window: timedelta = OUTAGE_JOIN,
    *,
    ids: Iterable[str] | None = None,
) -> Grouping:
    """Outage calls of one district within ``window`` of the outage's latest call are one
    job; every other request is its own job. Records are taken in time order; new jobs
    take their ids from ``ids`` in turn (the store's next free ones)."""
    fresh = iter(ids) if ids is not None else _provisional()
    latest: dict[str, tuple[datetime, str]] = {}
    for outage in sorted(open_outages, key=lambda o: o.last_call):
        latest[outage.district_id] = (outage.last_call, outage.job_id)
    calls: dict[str, list[Record]] = {}
    joins: dict[str, list[Record]] = {}
    for record in sorted(records, key=lambda r: (r.received_at, r.row)):
        district = record.place.district_id
        known = latest.get(district) if record.type == "outage" else None
        if known is not None and abs(record.received_at - known[0]) <= window:
            target = known[1]
            (calls if target in calls else joins).setdefault(target, []).append(record)
            latest[district] = (max(known[0], record.received_at), target)
            continue
        job_id = next(fresh)
        calls[job_id] = [record]
        if record.type == "outage":
            latest[district] = (record.received_at, job_id)
    new = [job_for(made[0], job_id, len(made)) for job_id, made in calls.items()]
    return Grouping(new, calls, joins)
