"""The flood mode's writes: flood areas (and which are isolated), pinned priorities,
household checks for the community members (the scenario: `actions.flood`)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

import shapely
from shapely.geometry import mapping, shape
from sqlalchemy import Engine, and_, func, select

from dispatch.clock import real_now
from dispatch.domain import OPEN_STATUSES
from dispatch.job_notes import coded
from dispatch.norms import deadline
from dispatch.surge import FloodArea
from store import schema as s
from store.audit import audit_row, record
from store.board import clock
from store.db import transaction
from store.errors import ConflictError, StoreError


def areas(engine: Engine) -> list[FloodArea]:
    """The active flood areas, oldest first."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(s.flood_areas)
            .where(s.flood_areas.c.active.is_(True))
            .order_by(s.flood_areas.c.id)
        ).all()
    return [
        FloodArea(r.id, r.name, shape(json.loads(r.geometry)), bool(r.isolated), r.kind)
        for r in rows
    ]


NAME_MAX = 128  # the column's width


def add_area(
    engine: Engine,
    name: str,
    geometry: shapely.Geometry,
    *,
    source: str,
    by: str,
    kind: str = "flood",
    now: datetime | None = None,
) -> str:
    """Keep a (cleaned) flood area — or a road ``closure`` — and return its id."""
    return add_areas(engine, [(name, geometry)], source=source, by=by, kind=kind, now=now)[0]


def add_areas(
    engine: Engine,
    areas: list[tuple[str, shapely.Geometry]],
    *,
    source: str,
    by: str,
    kind: str = "flood",
    now: datetime | None = None,
) -> list[str]:
    """Keep areas (an uploaded file's features) in one transaction: all or none. A name
    longer than the column holds is refused by name, nothing written."""
    if kind not in {"flood", "closure"}:
        msg = f"an area is a flood or a closure, not {kind!r}"
        raise StoreError(msg)
    for name, _ in areas:
        if len(name.strip()) > NAME_MAX:
            msg = f"name: at most {NAME_MAX} characters, not {len(name.strip()):,}"
            raise StoreError(msg)
    now = now or real_now()
    ids = []
    with transaction(engine) as conn:
        count = conn.scalar(select(func.count()).select_from(s.flood_areas)) or 0
        rows, audits = [], []
        for k, (name, geometry) in enumerate(areas, start=1):
            area_id = f"F{count + k:03d}"
            rows.append(
                {
                    "id": area_id,
                    "name": name.strip() or area_id,
                    "geometry": json.dumps(mapping(geometry)),
                    "isolated": False,
                    "source": source,
                    "kind": kind,
                    "created_at": now,
                    "created_by": by,
                    "active": True,
                }
            )
            after = {"name": name, "source": source, "kind": kind}
            audits.append(audit_row(now, by, "add_area", "flood_area", area_id, None, after))
            ids.append(area_id)
        if rows:
            conn.execute(s.flood_areas.insert(), rows)
        for row in audits:
            record(conn, row)
    return ids


def set_isolated(engine: Engine, area_id: str, isolated: bool, *, by: str) -> None:
    """Mark an area isolated (de-energised: repairs inside may start) or not."""
    now = real_now()
    with transaction(engine) as conn:
        row = conn.execute(select(s.flood_areas).where(s.flood_areas.c.id == area_id)).first()
        if row is None or not row.active:
            msg = f"no active flood area {area_id!r}"
            raise StoreError(msg)
        conn.execute(
            s.flood_areas.update().where(s.flood_areas.c.id == area_id).values(isolated=isolated)
        )
        record(
            conn,
            audit_row(
                now,
                by,
                "isolate" if isolated else "energise",
                "flood_area",
                area_id,
                {"isolated": bool(row.isolated)},
                {"isolated": isolated},
            ),
        )


def clear_areas(engine: Engine, *, by: str) -> int:
    """The water has gone: every area inactive (kept for the record)."""
    now = real_now()
    with transaction(engine) as conn:
        done = conn.execute(
            s.flood_areas.update().where(s.flood_areas.c.active.is_(True)).values(active=False)
        )
        record(
            conn,
            audit_row(now, by, "clear_areas", "flood_area", None, None, {"cleared": done.rowcount}),
        )
    return int(done.rowcount)


def pin_priority(
    engine: Engine, job_id: str, priority: int, *, by: str, version: int | None = None
) -> None:
    """The coordinator's priority for a job; triage puts pinned jobs first."""
    if priority not in {1, 2, 3, 4}:
        msg = f"priority must be 1 to 4, got {priority}"
        raise StoreError(msg)
    now = real_now()
    with transaction(engine) as conn:
        row = conn.execute(select(s.jobs).where(s.jobs.c.id == job_id)).first()
        if row is None:
            msg = f"unknown job {job_id!r}"
            raise StoreError(msg)
        if version is not None and row.version != version:
            raise ConflictError([job_id])
        conn.execute(
            s.jobs.update()
            .where(s.jobs.c.id == job_id)
            .values(priority=priority, pinned=True, version=row.version + 1)
        )
        record(
            conn,
            audit_row(
                now,
                by,
                "pin_priority",
                "job",
                job_id,
                {"priority": row.priority, "pinned": bool(row.pinned)},
                {"priority": priority, "pinned": True},
            ),
        )


def add_household_checks(
    engine: Engine, districts: Sequence[str], *, by: str, now: datetime | None = None
) -> list[str]:
    """One household check ('survey', for community members) per affected district that
    has none open; returns the new job ids."""
    now = now or clock(engine).now()
    with transaction(engine) as conn:
        have = set(
            conn.scalars(
                select(s.jobs.c.district_id).where(
                    and_(
                        s.jobs.c.type == "survey",
                        s.jobs.c.status.in_([str(x) for x in OPEN_STATUSES]),
                    )
                )
            )
        )
        wanted = [d for d in dict.fromkeys(districts) if d not in have]
        if not wanted:
            return []
        rows = conn.execute(select(s.districts).where(s.districts.c.id.in_(wanted))).all()
        top = conn.scalar(select(func.max(s.jobs.c.id)).where(s.jobs.c.id.like("J%")))
        start = int(top[1:]) + 1 if top else 1
        jobs, events, audit = [], [], []
        for k, d in enumerate(sorted(rows, key=lambda r: r.id)):
            job_id = f"J{start + k:06d}"
            jobs.append(
                {
                    "id": job_id,
                    "type": "survey",
                    "priority": 2,
                    "district_id": d.id,
                    "grid_id": d.grid_id,
                    "area_class": d.area_class,
                    "lon": d.lon,
                    "lat": d.lat,
                    "created_at": now,
                    "deadline": deadline("survey", d.area_class, now),
                    "calls": 0,
                    "status": "new",
                    "version": 0,
                }
            )
            events.append(
                {
                    "job_id": job_id,
                    "status": "new",
                    "at": now,
                    "by": by,
                    "note": coded("household_check"),
                }
            )
            audit.append(
                audit_row(
                    now, by, "create", "job", job_id, None, {"type": "survey", "district": d.id}
                )
            )
        conn.execute(s.jobs.insert(), jobs)
        conn.execute(s.job_events.insert(), events)
        record(conn, *audit)
    return [j["id"] for j in jobs]
