"""The board's one read: every open job with its committed order and ETA, who holds it,
where it is and what its calls say (contacts and typed numbers masked), and every active
member with status and position."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, and_, func, select

from dispatch.board import BoardJob, BoardMember, Snapshot
from dispatch.domain import OPEN_STATUSES
from dispatch.privacy import mask_phone, scrub
from store import schema as s
from store.board import clock
from store.crews import read_crews, read_sizes


def snapshot(engine: Engine, now: datetime | None = None) -> Snapshot:
    """Open jobs (by id) and active members (by id) as the store holds them now."""
    now = now or clock(engine).now()
    with engine.connect() as conn:
        jobs = _jobs(conn)
        members = members_now(conn)
        crews = read_crews(conn, now)
        sizes = read_sizes(conn)
    return Snapshot(now, jobs, members, crews, sizes)


def _jobs(conn: Connection) -> tuple[BoardJob, ...]:
    active = and_(s.assignments.c.job_id == s.jobs.c.id, s.assignments.c.active.is_(True))
    rows = conn.execute(
        select(
            s.jobs,
            s.districts.c.station_id,
            s.districts.c.community_id,
            s.districts.c.name.label("district_name"),
            s.members.c.name.label("member_name"),
            s.assignments.c.seq,
            s.assignments.c.eta,
        )
        .join(s.districts, s.districts.c.id == s.jobs.c.district_id)
        .outerjoin(s.members, s.members.c.id == s.jobs.c.member_id)
        .outerjoin(s.assignments, and_(active, s.assignments.c.member_id == s.jobs.c.member_id))
        .where(s.jobs.c.status.in_([str(x) for x in OPEN_STATUSES]))
        .order_by(s.jobs.c.id)
    ).all()
    calls = _calls(conn, sorted({r.id for r in rows}))
    mates = _mates(conn)
    named = {r.id: r.name for r in conn.execute(select(s.members.c.id, s.members.c.name))}
    arrived = _arrivals(conn, sorted({r.id for r in rows if r.status == "on_site"}))
    jobs: list[BoardJob] = []
    seen: set[str] = set()
    for r in rows:
        if r.id in seen:
            continue
        seen.add(r.id)
        mine = calls.get(r.id, [])
        crew = tuple(m for m in mates.get(r.id, ()) if m != r.member_id)
        holders = [r.member_name or "", *(named.get(m, m) for m in crew)]
        jobs.append(
            BoardJob(
                r.id,
                r.type,
                r.priority,
                r.lon,
                r.lat,
                r.grid_id,
                r.station_id,
                r.community_id,
                r.created_at,
                r.deadline,
                r.status,
                member_id=r.member_id,
                seq=r.seq,
                version=r.version or 0,
                calls=r.calls,
                district_id=r.district_id,
                pinned=bool(r.pinned),
                area_class=r.area_class,
                eta=r.eta,
                on_site_at=arrived.get(r.id),
                member_name=" + ".join(filter(None, holders)),  # a crew: "李德辉 + 王芳"
                district_name=r.district_name,
                channels=tuple(sorted({c.channel for c in mine})),  # as stored: never refused
                place=_first(mine, "address") or r.district_name,
                description=scrub(_first(mine, "description")),
                customer=_first(mine, "customer"),
                contact=mask_phone(_first(mine, "contact_phone")),
                flag=r.flag or "",
                mates=crew,
            )
        )
    return tuple(jobs)


def _mates(conn: Connection) -> dict[str, list[str]]:
    """The people each open job is assigned to (a crew's lead and mate), by id."""
    a = s.assignments.c
    rows = conn.execute(
        select(a.job_id, a.member_id)
        .join(s.jobs, s.jobs.c.id == a.job_id)
        .where(a.active.is_(True), s.jobs.c.status.in_([str(x) for x in OPEN_STATUSES]))
        .order_by(a.job_id, a.member_id)
    ).all()
    out: dict[str, list[str]] = {}
    for row in rows:
        out.setdefault(row.job_id, []).append(row.member_id)
    return out


def _arrivals(conn: Connection, job_ids: Sequence[str]) -> dict[str, datetime]:
    """When each job's crew last said they were on site."""
    out: dict[str, datetime] = {}
    for start in range(0, len(job_ids), 500):
        rows = conn.execute(
            select(s.job_events.c.job_id, func.max(s.job_events.c.at))
            .where(
                s.job_events.c.job_id.in_(job_ids[start : start + 500]),
                s.job_events.c.status == "on_site",
            )
            .group_by(s.job_events.c.job_id)
        ).all()
        out.update(dict(rows))
    return out


def _first(calls: Sequence[Any], field: str) -> str:
    """The earliest call's value of ``field`` that is given (callers leave some out)."""
    return next((v for c in calls if isinstance(v := getattr(c, field), str) and v), "")


def _calls(conn: Connection, job_ids: Sequence[str]) -> dict[str, list[Any]]:
    """Each job's calls, oldest first, with the caller's address and name."""
    out: dict[str, list[Any]] = {}
    for start in range(0, len(job_ids), 500):
        rows = conn.execute(
            select(
                s.requests.c.job_id,
                s.requests.c.channel,
                s.requests.c.contact_phone,
                s.requests.c.description,
                s.customers.c.address,
                s.customers.c.name.label("customer"),
            )
            .outerjoin(s.customers, s.customers.c.account_no == s.requests.c.account_no)
            .where(s.requests.c.job_id.in_(job_ids[start : start + 500]))
            .order_by(s.requests.c.received_at, s.requests.c.id)
        ).all()
        for row in rows:
            out.setdefault(row.job_id, []).append(row)
    return out


def members_now(conn: Connection) -> tuple[BoardMember, ...]:
    """Every active member with status and position."""
    rows = conn.execute(
        select(s.members, s.member_status.c.status, s.member_status.c.lon, s.member_status.c.lat)
        .join(s.member_status, s.member_status.c.member_id == s.members.c.id)
        .where(s.members.c.active.is_(True))
        .order_by(s.members.c.id)
    ).all()
    return tuple(
        BoardMember(
            r.id,
            r.name,
            r.kind,
            r.specialty,
            frozenset(filter(None, r.skills.split(","))),
            r.grid_id,
            r.station_id,
            r.community_id,
            r.status,
            r.lon,
            r.lat,
        )
        for r in rows
    )
