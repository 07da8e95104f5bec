"""The roster of each grid's 1 + n + x: add a member, move one to another grid, retire
one. Every change closes the member's current history row and opens the next, so the
evaluation knows who was where on any day; every change is audited."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

import pandas as pd
from sqlalchemy import Connection, Engine, Row, and_, func, select, update

from dispatch.clock import CHINA_OFFSET, real_now
from dispatch.domain import COMMUNITY_SKILLS, SPECIALTY_SKILLS, Specialty
from dispatch.privacy import mask_phone
from dispatch.roster_io import RosterError, RosterRow, check_member
from i18n import _, _n
from store import schema as s
from store.audit import audit_row, record
from store.db import transaction
from store.errors import StoreError
from store.field_access import end_access


def cst_day(now: datetime) -> str:
    return (now + CHINA_OFFSET).strftime("%Y-%m-%d")


def open_history(
    conn: Connection, member_id: str, grid: str, kind: str, role: str, day: str, reason: str
) -> None:
    """Close the member's current history row on ``day`` and open one in ``grid``."""
    h = s.member_history.c
    conn.execute(
        update(s.member_history)
        .where(and_(h.member_id == member_id, h.end_day.is_(None)))
        .values(end_day=day)
    )
    conn.execute(
        s.member_history.insert().values(
            member_id=member_id, grid_id=grid, kind=kind, role=role, start_day=day, reason=reason
        )
    )


def close_history(conn: Connection, member_id: str, day: str) -> None:
    h = s.member_history.c
    conn.execute(
        update(s.member_history)
        .where(and_(h.member_id == member_id, h.end_day.is_(None)))
        .values(end_day=day)
    )


def _grid_station(conn: Connection, grid: str) -> str:
    station = conn.scalar(select(s.grids.c.station_id).where(s.grids.c.id == grid))
    has_districts = conn.scalar(
        select(func.count()).select_from(s.districts).where(s.districts.c.grid_id == grid)
    )
    if station is None or not has_districts:
        msg = _("unknown grid {grid}").format(grid=repr(grid))
        raise StoreError(msg)
    return cast(str, station)  # grids.station_id: a String column


def _member(conn: Connection, member_id: str, in_grid: str | None = None) -> Row[*tuple[Any, ...]]:
    """The active member; with ``in_grid`` (the grid the screen showed them in), refused
    when they have left it since (the view was stale)."""
    row = conn.execute(select(s.members).where(s.members.c.id == member_id)).first()
    if row is None:
        msg = _("unknown member {member}").format(member=repr(member_id))
        raise StoreError(msg)
    if not row.active:
        msg = _("{member} is retired").format(member=member_id)
        raise StoreError(msg)
    if in_grid is not None and row.grid_id != in_grid:
        msg = _(
            "{member} is no longer in {grid} (now in {now_in}): someone changed the roster "
            "since it was shown; check and try again"
        ).format(member=member_id, grid=in_grid, now_in=row.grid_id)
        raise StoreError(msg)
    return row


def add_member(
    engine: Engine,
    *,
    name: str,
    kind: str,
    role: str,
    grid: str,
    specialty: str | None = None,
    community: str | None = None,
    phone: str | None = None,
    by: str,
    now: datetime | None = None,
) -> str:
    """Put a new member on a grid's roster; returns the new id."""
    now = now or real_now()
    with transaction(engine) as conn:
        return _add(conn, name, kind, role, grid, specialty, community, phone, by, now)


def _add(
    conn: Connection,
    name: str,
    kind: str,
    role: str,
    grid: str,
    specialty: str | None,
    community: str | None,
    phone: str | None,
    by: str,
    now: datetime,
) -> str:
    problems = check_member(name, kind, role, specialty, phone)
    if problems:
        raise StoreError("; ".join(problems))
    station = _grid_station(conn, grid)
    if kind == "community":
        where = conn.scalar(select(s.communities.c.grid_id).where(s.communities.c.id == community))
        if where is None:
            msg = _("community: unknown community {community}").format(community=repr(community))
            raise StoreError(msg)
        if where != grid:
            msg = _("community: {community} is in grid {where}, not {grid}").format(
                community=community, where=where, grid=grid
            )
            raise StoreError(msg)
    count = conn.scalar(select(func.count()).select_from(s.members)) or 0
    member_id = f"M{count + 1:04d}"
    while conn.scalar(select(s.members.c.id).where(s.members.c.id == member_id)):
        count += 1
        member_id = f"M{count + 1:04d}"
    if kind == "staff":
        assert specialty is not None  # check_member refuses staff without a specialty
        skills = SPECIALTY_SKILLS[Specialty(specialty)]
    else:
        skills = COMMUNITY_SKILLS
    values = {
        "id": member_id,
        "kind": kind,
        "name": name.strip(),
        "role": role,
        "specialty": specialty if kind == "staff" else None,
        "skills": ",".join(sorted(skills)),
        "station_id": station,
        "grid_id": grid,
        "community_id": community if kind == "community" else None,
        "phone": phone or None,
        "joined_on": cst_day(now),
        "active": True,
    }
    conn.execute(s.members.insert().values(**values))
    # on the board and in plans from the start: available at the station's office (staff)
    # or in their community (community members)
    if kind == "community":
        where_q = select(s.communities.c.lon, s.communities.c.lat).where(
            s.communities.c.id == community
        )
    else:
        where_q = select(s.stations.c.office_lon, s.stations.c.office_lat).where(
            s.stations.c.id == station
        )
    lon, lat = conn.execute(where_q).one()
    conn.execute(
        s.member_status.insert().values(
            member_id=member_id, status="available", lon=lon, lat=lat, updated_at=now
        )
    )
    open_history(conn, member_id, grid, kind, role, cst_day(now), "joined")
    if role == "leader":
        _lead(conn, member_id, grid, now, by)
    shown = {**values, "phone": mask_phone(values["phone"])}
    record(conn, audit_row(now, by, "add", "member", member_id, None, shown))
    return member_id


def _lead(conn: Connection, member_id: str, grid: str, now: datetime, by: str) -> None:
    """``member_id`` leads ``grid``; the previous leader stays on as staff."""
    old = conn.scalar(select(s.grids.c.leader_id).where(s.grids.c.id == grid))
    if old and old != member_id:
        conn.execute(update(s.members).where(s.members.c.id == old).values(role="staff"))
        open_history(conn, old, grid, "staff", "staff", cst_day(now), f"{member_id} leads {grid}")
        record(
            conn, audit_row(now, by, "role", "member", old, {"role": "leader"}, {"role": "staff"})
        )
    conn.execute(update(s.grids).where(s.grids.c.id == grid).values(leader_id=member_id))


def move_member(
    engine: Engine,
    member_id: str,
    grid: str,
    *,
    by: str,
    now: datetime | None = None,
    in_grid: str | None = None,
) -> None:
    """Move a member to another grid of the same station (a leader leaves as staff);
    with ``in_grid``, only if they are still in the grid the screen showed."""
    now = now or real_now()
    with transaction(engine) as conn:
        _move(conn, member_id, grid, by, now, in_grid)


def _move(
    conn: Connection,
    member_id: str,
    grid: str,
    by: str,
    now: datetime,
    in_grid: str | None = None,
) -> None:
    row = _member(conn, member_id, in_grid)
    station = _grid_station(conn, grid)
    if grid == row.grid_id:
        msg = _("{member} is already in {grid}").format(member=member_id, grid=grid)
        raise StoreError(msg)
    if station != row.station_id:
        msg = _("{grid} belongs to station {station}; {member} works for {own}").format(
            grid=grid, station=station, member=member_id, own=row.station_id
        )
        raise StoreError(msg)
    role = "staff" if row.role == "leader" else row.role
    if row.role == "leader":
        conn.execute(update(s.grids).where(s.grids.c.id == row.grid_id).values(leader_id=None))
    conn.execute(
        update(s.members).where(s.members.c.id == member_id).values(grid_id=grid, role=role)
    )
    open_history(conn, member_id, grid, row.kind, role, cst_day(now), "moved")
    before = {"grid": row.grid_id, "role": row.role}
    record(
        conn,
        audit_row(now, by, "move", "member", member_id, before, {"grid": grid, "role": role}),
    )


def retire_member(
    engine: Engine,
    member_id: str,
    *,
    reason: str,
    by: str,
    now: datetime | None = None,
    in_grid: str | None = None,
) -> None:
    """Take a member off the roster (kept, with their history, for past evaluations);
    with ``in_grid``, only if they are still in the grid the screen showed."""
    if not reason.strip():
        msg = _("say why the member leaves")
        raise StoreError(msg)
    now = now or real_now()
    with transaction(engine) as conn:
        row = _member(conn, member_id, in_grid)
        open_jobs = conn.scalar(
            select(func.count())
            .select_from(s.jobs)
            .where(
                and_(
                    s.jobs.c.member_id == member_id,
                    s.jobs.c.status.in_(("assigned", "en_route", "on_site")),
                )
            )
        )
        if open_jobs:
            msg = _n(
                "{member} still holds {n} open job; move it first",
                "{member} still holds {n} open jobs; move them first",
                open_jobs,
            ).format(member=member_id, n=open_jobs)
            raise StoreError(msg)
        conn.execute(update(s.members).where(s.members.c.id == member_id).values(active=False))
        if row.role == "leader":
            conn.execute(update(s.grids).where(s.grids.c.id == row.grid_id).values(leader_id=None))
        close_history(conn, member_id, cst_day(now))
        had_access = end_access(conn, member_id, now)  # their phone's sign-in ends with them
        record(
            conn,
            audit_row(
                now,
                by,
                "retire",
                "member",
                member_id,
                {"active": True},
                {"active": False, "reason": reason.strip()}
                | ({"field access": "ended"} if had_access else {}),
            ),
        )


def history(engine: Engine, member_id: str) -> pd.DataFrame:
    h = s.member_history.c
    with engine.connect() as conn:
        result = conn.execute(
            select(h.grid_id, h.role, h.start_day, h.end_day, h.reason)
            .where(h.member_id == member_id)
            .order_by(h.start_day, h.id)
        )
        frame = pd.DataFrame(result.all(), columns=list(result.keys()))
    frame["end_day"] = frame["end_day"].astype(object).where(frame["end_day"].notna(), None)
    return frame


def members(engine: Engine, *, active_only: bool = True) -> pd.DataFrame:
    """Everyone on the rosters with grid, community and masked phone."""
    m = s.members.c
    query = (
        select(
            m.id,
            m.name,
            m.kind,
            m.role,
            m.specialty,
            m.grid_id,
            m.station_id,
            m.community_id,
            s.communities.c.name.label("community"),
            m.phone,
            m.joined_on,
            m.active,
        )
        .outerjoin(s.communities, s.communities.c.id == m.community_id)
        .order_by(m.grid_id, m.kind.desc(), m.role != "leader", m.id)
    )
    if active_only:
        query = query.where(m.active.is_(True))
    with engine.connect() as conn:
        result = conn.execute(query)
        frame = pd.DataFrame(result.all(), columns=list(result.keys()))
    frame["phone"] = frame["phone"].map(mask_phone)
    return frame


def import_roster(
    engine: Engine, rows: list[RosterRow], *, by: str, now: datetime | None = None
) -> tuple[int, int]:
    """Apply a checked roster file in one transaction: rows without an id add a member,
    rows with one move that member to the row's grid. Returns (added, moved); any bad
    row (unknown grid, community or member) raises RosterError and nothing is written."""
    now = now or real_now()
    added = moved = 0
    problems: list[str] = []
    with transaction(engine) as conn:
        for row in rows:
            try:
                if row.id is None:
                    _add(
                        conn,
                        row.name,
                        row.kind,
                        row.role,
                        row.grid,
                        row.specialty,
                        row.community_id,
                        row.phone,
                        by,
                        now,
                    )
                    added += 1
                    continue
                current = conn.scalar(select(s.members.c.grid_id).where(s.members.c.id == row.id))
                if current is None:
                    problems.append(
                        _("row {row}: id: unknown member {member}").format(
                            row=row.row, member=repr(row.id)
                        )
                    )
                elif current != row.grid:
                    _move(conn, row.id, row.grid, by, now)
                    moved += 1
            except StoreError as exc:
                problems.append(_("row {row}: {what}").format(row=row.row, what=exc))
        if problems:
            raise RosterError(problems)  # leaving the block rolls everything back
    return added, moved


def roster_file(engine: Engine) -> pd.DataFrame:
    """The active roster in the file's columns (phones masked), for export."""
    columns = ["id", "name", "kind", "role", "grid", "specialty", "community_id", "phone"]
    return members(engine).rename(columns={"grid_id": "grid"})[[*columns, "community"]]


def communities(engine: Engine, grid: str) -> pd.DataFrame:
    c = s.communities.c
    with engine.connect() as conn:
        result = conn.execute(select(c.id, c.name).where(c.grid_id == grid).order_by(c.name))
        return pd.DataFrame(result.all(), columns=list(result.keys()))
