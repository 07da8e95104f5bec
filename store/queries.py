"""Read-only queries the pages need, as DataFrames. Personal numbers leave the store
masked: a raw phone or ID number is never returned by these functions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

import pandas as pd
from sqlalchemy import Connection, Engine, Executable, and_, func, select
from sqlalchemy.exc import OperationalError

from dispatch.domain import OPEN_STATUSES
from dispatch.privacy import mask_phone, scrub
from store import schema as s
from store.db import describe
from store.errors import StoreError


@contextmanager
def _reading(engine: Engine) -> Iterator[Connection]:
    """A read connection; a store that is missing or not set up becomes a `StoreError`."""
    try:
        with engine.connect() as conn:
            yield conn
    except OperationalError as exc:
        where = describe(engine)
        if "no such table" in str(exc) or "does not exist" in str(exc):
            msg = (
                f"the store {where} is not set up: `make run` builds and loads the demo "
                "county, or `python -m store load-demo` loads a county into it"
            )
        else:
            msg = f"the store {where} cannot be read: {exc.orig}"
        raise StoreError(msg) from exc


def scrubbed(text: object) -> str:
    """Free text typed by a caller or a dispatcher, with the phone and ID numbers in it
    masked (``请回电 138****5678``): numbers leave the store masked, typed ones too."""
    return scrub(text) if isinstance(text, str) else ""


def _frame(engine: Engine, query: Executable) -> pd.DataFrame:
    with _reading(engine) as conn:
        result = conn.execute(query)
        return pd.DataFrame(result.fetchall(), columns=list(result.keys()))


def stations(engine: Engine) -> pd.DataFrame:
    """Stations with their households and grid counts."""
    households = (
        select(s.districts.c.station_id, func.sum(s.districts.c.households).label("households"))
        .group_by(s.districts.c.station_id)
        .subquery()
    )
    grid_count = (
        select(s.grids.c.station_id, func.count().label("grids"))
        .group_by(s.grids.c.station_id)
        .subquery()
    )
    query = (
        select(s.stations, households.c.households, grid_count.c.grids)
        .join(households, households.c.station_id == s.stations.c.id)
        .join(grid_count, grid_count.c.station_id == s.stations.c.id)
        .order_by(s.stations.c.id)
    )
    return _frame(engine, query)


def grids(engine: Engine) -> pd.DataFrame:
    """Each grid with its households, leader and its n (staff) and x (community) counts."""
    households = (
        select(
            s.districts.c.grid_id,
            func.sum(s.districts.c.households).label("households"),
            func.count().label("districts"),
        )
        .group_by(s.districts.c.grid_id)
        .subquery()
    )
    active = s.members.c.active.is_(True)
    staff = (
        select(s.members.c.grid_id, func.count().label("n_staff"))
        .where(and_(active, s.members.c.kind == "staff"))
        .group_by(s.members.c.grid_id)
        .subquery()
    )
    community = (
        select(s.members.c.grid_id, func.count().label("x_members"))
        .where(and_(active, s.members.c.kind == "community"))
        .group_by(s.members.c.grid_id)
        .subquery()
    )
    leader = s.members.alias("leader")
    query = (
        select(
            s.grids.c.id,
            s.grids.c.name,
            s.grids.c.station_id,
            s.stations.c.name.label("station"),
            households.c.households,
            households.c.districts,
            leader.c.name.label("leader"),
            func.coalesce(staff.c.n_staff, 0).label("n_staff"),
            func.coalesce(community.c.x_members, 0).label("x_members"),
        )
        .join(s.stations, s.stations.c.id == s.grids.c.station_id)
        .join(households, households.c.grid_id == s.grids.c.id)
        .outerjoin(leader, leader.c.id == s.grids.c.leader_id)
        .outerjoin(staff, staff.c.grid_id == s.grids.c.id)
        .outerjoin(community, community.c.grid_id == s.grids.c.id)
        .order_by(s.grids.c.id)
    )
    return _frame(engine, query)


def district_grids(engine: Engine) -> pd.DataFrame:
    """Which grid each transformer district is in now, with its households."""
    query = select(
        s.districts.c.id,
        s.districts.c.grid_id,
        s.districts.c.households,
        s.districts.c.name,
        s.districts.c.area_class,
        s.districts.c.lon,
        s.districts.c.lat,
    ).order_by(s.districts.c.id)
    return _frame(engine, query)


def requests_per_district(engine: Engine, since: datetime, until: datetime) -> pd.Series:
    """How many requests each district received in [since, until) (absent: none)."""
    query = (
        select(s.requests.c.district_id, func.count().label("requests"))
        .where(and_(s.requests.c.received_at >= since, s.requests.c.received_at < until))
        .group_by(s.requests.c.district_id)
    )
    frame = _frame(engine, query)
    return frame.set_index("district_id")["requests"]


def critical_customers(engine: Engine) -> pd.DataFrame:
    """Hospitals, water works and shelters with their district."""
    return _frame(
        engine,
        select(
            s.critical_customers.c.id,
            s.critical_customers.c.name,
            s.critical_customers.c.kind,
            s.critical_customers.c.district_id,
            s.critical_customers.c.lon,
            s.critical_customers.c.lat,
        ).order_by(s.critical_customers.c.id),
    )


def restored_outages(engine: Engine, since: object, districts: list[str]) -> pd.DataFrame:
    """Outage and repair jobs of these districts closed since a moment, with the
    households of their district (for the restoration curve)."""
    return _frame(
        engine,
        select(s.jobs.c.id, s.jobs.c.closed_at, s.jobs.c.district_id, s.districts.c.households)
        .join(s.districts, s.districts.c.id == s.jobs.c.district_id)
        .where(
            and_(
                s.jobs.c.type.in_(["outage", "repair"]),
                s.jobs.c.status == "done",
                s.jobs.c.closed_at >= since,
                s.jobs.c.district_id.in_(districts),
            )
        )
        .order_by(s.jobs.c.closed_at),
    )


def service_windows(engine: Engine) -> pd.DataFrame:
    """Windows with their responsible person's name."""
    query = (
        select(
            s.service_windows.c.id,
            s.service_windows.c.name,
            s.service_windows.c.grid_id,
            s.service_windows.c.district_id,
            s.service_windows.c.lon,
            s.service_windows.c.lat,
            s.members.c.name.label("responsible"),
        )
        .join(s.members, s.members.c.id == s.service_windows.c.responsible_id)
        .order_by(s.service_windows.c.id)
    )
    return _frame(engine, query)


def member_positions(engine: Engine) -> pd.DataFrame:
    """Active members with their current status and position."""
    query = (
        select(
            s.members.c.id,
            s.members.c.name,
            s.members.c.kind,
            s.members.c.role,
            s.members.c.specialty,
            s.members.c.grid_id,
            s.member_status.c.status,
            s.member_status.c.lon,
            s.member_status.c.lat,
            s.member_status.c.updated_at,
        )
        .join(s.member_status, s.member_status.c.member_id == s.members.c.id)
        .where(s.members.c.active.is_(True))
        .order_by(s.members.c.id)
    )
    return _frame(engine, query)


def open_jobs(engine: Engine) -> pd.DataFrame:
    """Jobs not yet done or failed, oldest first, with their member's name."""
    query = (
        select(s.jobs, s.members.c.name.label("member"))
        .outerjoin(s.members, s.members.c.id == s.jobs.c.member_id)
        .where(s.jobs.c.status.in_([str(x) for x in OPEN_STATUSES]))
        .order_by(s.jobs.c.created_at)
    )
    return _frame(engine, query)


def roster(engine: Engine, grid_id: str) -> dict[str, pd.DataFrame]:
    """A grid's 1 + n + x: its staff (leader first), community members, service windows.
    Phones are masked."""
    members = _frame(
        engine,
        select(
            s.members.c.id,
            s.members.c.name,
            s.members.c.kind,
            s.members.c.role,
            s.members.c.specialty,
            s.members.c.phone,
            s.communities.c.name.label("community"),
        )
        .outerjoin(s.communities, s.communities.c.id == s.members.c.community_id)
        .where(and_(s.members.c.grid_id == grid_id, s.members.c.active.is_(True)))
        .order_by(s.members.c.role != "leader", s.members.c.id),
    )
    members["phone"] = members["phone"].map(mask_phone)
    windows = service_windows(engine)
    return {
        "staff": members[members["kind"] == "staff"].drop(columns=["kind", "community"]),
        "community": members[members["kind"] == "community"].drop(
            columns=["kind", "role", "specialty"]
        ),
        "windows": windows[windows["grid_id"] == grid_id].drop(columns=["grid_id"]),
    }


def counts(engine: Engine) -> dict[str, int]:
    """Row counts of the main tables (for the status line and checks)."""
    tables = (
        s.stations,
        s.grids,
        s.districts,
        s.members,
        s.service_windows,
        s.customers,
        s.requests,
        s.jobs,
        s.attendance,
        s.audit,
    )
    with _reading(engine) as conn:
        return {t.name: int(conn.scalar(select(func.count()).select_from(t)) or 0) for t in tables}


def meta(engine: Engine) -> dict[str, str]:
    """The store's key/value notes (which demo build is loaded, and when)."""
    with _reading(engine) as conn:
        return dict(conn.execute(select(s.meta.c.key, s.meta.c.value)).all())


def job_story(engine: Engine, job_id: str) -> dict[str, pd.DataFrame]:
    """A job's requests (contacts masked) and its events, oldest first."""
    requests = _frame(
        engine,
        select(
            s.requests.c.id,
            s.requests.c.order_no,
            s.requests.c.channel,
            s.requests.c.received_at,
            s.requests.c.account_no,
            s.requests.c.description,
            s.requests.c.reporter,
            s.requests.c.contact_phone,
        )
        .where(s.requests.c.job_id == job_id)
        .order_by(s.requests.c.received_at),
    )
    requests["contact_phone"] = requests["contact_phone"].map(mask_phone)
    requests["description"] = requests["description"].map(scrubbed)
    events = _frame(
        engine,
        select(s.job_events.c.status, s.job_events.c.at, s.job_events.c.by, s.job_events.c.note)
        .where(s.job_events.c.job_id == job_id)
        .order_by(s.job_events.c.id),
    )
    return {"requests": requests, "events": events}


def job_cards(engine: Engine, job_ids: list[str]) -> pd.DataFrame:
    """These jobs, open or closed, as the Job view shows them: type, grid, district,
    status, version, holder's name, deadline, flag and when closed."""
    return _frame(
        engine,
        select(
            s.jobs.c.id,
            s.jobs.c.type,
            s.jobs.c.priority,
            s.jobs.c.grid_id,
            s.jobs.c.status,
            s.jobs.c.version,
            s.jobs.c.member_id,
            s.members.c.name.label("member"),
            s.jobs.c.deadline,
            s.jobs.c.flag,
            s.jobs.c.closed_at,
            s.districts.c.name.label("district"),
        )
        .outerjoin(s.members, s.members.c.id == s.jobs.c.member_id)
        .join(s.districts, s.districts.c.id == s.jobs.c.district_id)
        .where(s.jobs.c.id.in_(job_ids)),
    )


def field_mark(engine: Engine) -> tuple[int, str]:
    """What changes when the field does something the board must show at once: a step
    sent from a phone, a member's report (a shared position waits for the next redraw;
    the control room's own writes redraw the board themselves)."""
    r = s.requests.c
    with engine.connect() as conn:
        steps = conn.scalar(select(func.count()).select_from(s.field_sends)) or 0
        reports = conn.scalar(select(func.max(r.id)).where(r.reported_by_member.is_not(None)))
    return int(steps), str(reports or "")
