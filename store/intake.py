"""Requests into the store: a checked batch becomes requests and jobs in one
transaction — all or nothing — and importing the same orders again adds nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import count
from pathlib import Path

from sqlalchemy import Connection, Engine, Table, and_, func, select, tuple_

from dispatch.board import BoardJob
from dispatch.clock import real_now
from dispatch.domain import OPEN_STATUSES, Priority
from dispatch.grouping import OpenOutage, group_into_jobs
from dispatch.intake import Place, Record, read_rows, validate
from geo.locate import DistrictLocator
from store import schema as s
from store.audit import audit_row, record
from store.db import transaction

INTAKE_USER = "intake"


class StoreLocator:
    """Accounts from the customer table; points from the district polygons."""

    def __init__(self, engine: Engine, polygons: DistrictLocator) -> None:
        self._engine = engine
        self._polygons = polygons
        with engine.connect() as conn:
            rows = conn.execute(
                select(
                    s.districts.c.id,
                    s.districts.c.grid_id,
                    s.districts.c.area_class,
                    s.districts.c.lon,
                    s.districts.c.lat,
                    s.districts.c.station_id,
                    s.districts.c.community_id,
                )
            ).all()
        self._districts = {r.id: r for r in rows}

    @classmethod
    def from_folder(cls, engine: Engine, folder: str | Path) -> StoreLocator:
        return cls(engine, DistrictLocator.from_file(Path(folder) / "districts.geojson"))

    def _place(self, district_id: str, lon: float, lat: float) -> Place | None:
        d = self._districts.get(district_id)
        if d is None:
            return None
        return Place(
            d.id, d.grid_id, d.area_class, lon, lat, (d.lon, d.lat), d.station_id, d.community_id
        )

    def account(self, account_no: str) -> Place | None:
        with self._engine.connect() as conn:
            row = conn.execute(
                select(s.customers.c.district_id, s.customers.c.lon, s.customers.c.lat).where(
                    s.customers.c.account_no == account_no
                )
            ).first()
        return None if row is None else self._place(row.district_id, row.lon, row.lat)

    def point(self, lon: float, lat: float) -> Place | None:
        district = self._polygons.district_at(lon, lat)
        return None if district is None else self._place(district, lon, lat)


@dataclass
class ImportResult:
    new: int = 0
    present: int = 0
    jobs: list[str] = field(default_factory=list)  # created
    joined: dict[str, int] = field(default_factory=dict)  # existing outage job → new calls
    urgent: list[str] = field(default_factory=list)  # created priority-1 jobs
    requests: list[str] = field(default_factory=list)  # created, in the records' order

    def summary(self) -> str:
        return f"imported: {self.new} new, {self.present} already present"


def _next_ids(conn: Connection, table: Table, prefix: str) -> Iterator[str]:
    """The table's free ids after its highest, in turn."""
    column = table.c.id
    top = conn.scalar(select(func.max(column)).where(column.like(f"{prefix}%")))
    start = int(top[len(prefix) :]) + 1 if top else 1
    return (f"{prefix}{n:06d}" for n in count(start))


def _open_outages(conn: Connection, districts: set[str]) -> list[OpenOutage]:
    if not districts:
        return []
    last = func.max(s.requests.c.received_at)
    rows = conn.execute(
        select(s.jobs.c.id, s.jobs.c.district_id, last.label("last_call"))
        .join(s.requests, s.requests.c.job_id == s.jobs.c.id)
        .where(
            and_(
                s.jobs.c.type == "outage",
                s.jobs.c.status.in_([str(x) for x in OPEN_STATUSES]),
                s.jobs.c.district_id.in_(sorted(districts)),
            )
        )
        .group_by(s.jobs.c.id, s.jobs.c.district_id)
    ).all()
    return [OpenOutage(r.id, r.district_id, r.last_call) for r in rows]


def _request_row(record: Record, request_id: str, job_id: str) -> dict[str, object]:
    return {
        "id": request_id,
        "order_no": record.order_no,
        "channel": str(record.channel),
        "received_at": record.received_at,
        "type": record.type,
        "account_no": record.account_no,
        "district_id": record.place.district_id,
        "grid_id": record.place.grid_id,
        "lon": record.place.lon,
        "lat": record.place.lat,
        "description": record.description,
        "reporter": record.reporter,
        "contact_phone": record.phone,
        "reported_by_member": record.member,
        "job_id": job_id,
    }


def _job_row(job: BoardJob) -> dict[str, object]:
    return {
        "id": job.id,
        "type": job.type,
        "priority": job.priority,
        "district_id": job.district_id,
        "grid_id": job.grid_id,
        "area_class": job.area_class,
        "lon": job.lon,
        "lat": job.lat,
        "created_at": job.created_at,
        "deadline": job.deadline,
        "calls": job.calls,
        "status": str(job.status),
        "version": job.version,
    }


def import_records(
    engine: Engine,
    records: Sequence[Record],
    *,
    by: str = INTAKE_USER,
    now: datetime | None = None,
    then: Callable[[Connection, ImportResult], None] | None = None,
) -> ImportResult:
    """Write checked records in one transaction; orders already present are skipped.
    ``then`` writes what goes with new ones (a report's photo) in the same transaction."""
    now = now or real_now()
    result = ImportResult()
    with transaction(engine) as conn:
        keys = sorted({(str(r.channel), r.order_no) for r in records})
        present: set[tuple[str, str]] = set()
        for start in range(0, len(keys), 400):
            chunk = keys[start : start + 400]
            present |= {
                (c, o)
                for c, o in conn.execute(
                    select(s.requests.c.channel, s.requests.c.order_no).where(
                        tuple_(s.requests.c.channel, s.requests.c.order_no).in_(chunk)
                    )
                ).all()
            }
        fresh = [r for r in records if (str(r.channel), r.order_no) not in present]
        result.present = len(records) - len(fresh)
        result.new = len(fresh)
        if not fresh:
            return result
        outages = {r.place.district_id for r in fresh if r.type == "outage"}
        grouping = group_into_jobs(
            fresh, _open_outages(conn, outages), ids=_next_ids(conn, s.jobs, "J")
        )
        request_ids = _next_ids(conn, s.requests, "R")
        job_rows, request_rows, events, audit = [], [], [], []
        for job in grouping.new:
            job_rows.append(_job_row(job))
            request_rows += [
                _request_row(r, next(request_ids), job.id) for r in grouping.calls[job.id]
            ]
            events.append(
                {"job_id": job.id, "status": "new", "at": job.created_at, "by": by, "note": None}
            )
            audit.append(audit_row(now, by, "create", "job", job.id, None, _job_row(job)))
            result.jobs.append(job.id)
            if job.priority == Priority.URGENT:
                result.urgent.append(job.id)
        for job_id, calls in grouping.joins.items():
            request_rows += [_request_row(r, next(request_ids), job_id) for r in calls]
            conn.execute(
                s.jobs.update()
                .where(s.jobs.c.id == job_id)
                .values(calls=s.jobs.c.calls + len(calls), version=s.jobs.c.version + 1)
            )
            audit.append(
                audit_row(
                    now,
                    by,
                    "join_calls",
                    "job",
                    job_id,
                    None,
                    {"calls": [r.order_no for r in calls]},
                )
            )
            result.joined[job_id] = len(calls)
        if job_rows:
            conn.execute(s.jobs.insert(), job_rows)
            conn.execute(s.job_events.insert(), events)
        conn.execute(s.requests.insert(), request_rows)
        record(conn, *audit)
        result.requests = [str(r["id"]) for r in request_rows]
        if then is not None:
            then(conn, result)
    return result


def import_file(
    engine: Engine,
    content: bytes | str,
    name: str,
    locator: StoreLocator,
    *,
    by: str = INTAKE_USER,
    now: datetime | None = None,
) -> ImportResult:
    """Read, check and import a work-order file: all of it, or nothing (`IntakeError`)."""
    now = now or real_now()
    rows = read_rows(content, name)
    records = validate(rows, locator, now=now, source=name)
    return import_records(engine, records, by=by, now=now)


def require_schema(engine: Engine) -> None:
    """Create the tables in an empty database; refuse one that is not ours."""
    s.create(engine)  # a StoreError naming the store and what to do
