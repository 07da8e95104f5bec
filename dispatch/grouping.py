"""Requests grouped into jobs: an outage call joins the open outage job of its
transformer district when that job's latest call is recent (one outage, one job,
many calls); every other request is its own job. Priorities and deadlines come
from `dispatch.norms`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Final

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


@dataclass
class JobDraft:
    """A job to create, with the records that make it."""

    type: str
    priority: int
    district_id: str
    grid_id: str
    area_class: str
    lon: float
    lat: float
    created_at: datetime
    deadline: datetime
    records: list[Record] = field(default_factory=list)

    @property
    def calls(self) -> int:
        return len(self.records)


@dataclass(frozen=True)
class Grouping:
    """What intake does: new jobs, and calls that join existing outage jobs."""

    new: list[JobDraft]
    joins: dict[str, list[Record]]  # existing job id → its new calls


def draft_for(record: Record) -> JobDraft:
    """The job one request makes: priority and deadline from the norms; an outage is
    fixed at its district's transformer, anything else at the customer's place."""
    place = record.place
    lon, lat = place.transformer if record.type == "outage" else (place.lon, place.lat)
    return JobDraft(
        type=record.type,
        priority=int(priority(record.type)),
        district_id=place.district_id,
        grid_id=place.grid_id,
        area_class=place.area_class,
        lon=lon,
        lat=lat,
        created_at=record.received_at,
        deadline=deadline(record.type, place.area_class, record.received_at),
        records=[record],
    )


def group_into_jobs(
    records: Sequence[Record],
    open_outages: Sequence[OpenOutage] = (),
    window: timedelta = OUTAGE_JOIN,
) -> Grouping:
    """Outage calls of one district within ``window`` of the outage's latest call are one
    job; every other request is its own job. Records are taken in time order."""
    latest: dict[str, tuple[datetime, str | JobDraft]] = {}
    for outage in sorted(open_outages, key=lambda o: o.last_call):
        latest[outage.district_id] = (outage.last_call, outage.job_id)
    new: list[JobDraft] = []
    joins: dict[str, list[Record]] = {}
    for record in sorted(records, key=lambda r: (r.received_at, r.row)):
        if record.type != "outage":
            new.append(draft_for(record))
            continue
        district = record.place.district_id
        known = latest.get(district)
        if known is not None and abs(record.received_at - known[0]) <= window:
            target = known[1]
            if isinstance(target, JobDraft):
                target.records.append(record)
            else:
                joins.setdefault(target, []).append(record)
            latest[district] = (max(known[0], record.received_at), target)
            continue
        draft = draft_for(record)
        new.append(draft)
        latest[district] = (record.received_at, draft)
    return Grouping(new, joins)
