"""Saved grid plans, and making one the live grids.

A plan is a name and one grid id per transformer district (with its lock). Making a
plan live moves districts, customers, communities, service windows and open jobs to
their new grids in one transaction, and the rosters follow: community members go with
their community, staff of a grid that no longer exists go to the grid that took most
of its households (its leader leads there when that grid has no leader). Every change
is in the audit trail; closed jobs and past requests keep the grid they had.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd
from sqlalchemy import (
    Connection,
    Engine,
    Integer,
    and_,
    bindparam,
    cast,
    delete,
    func,
    select,
    update,
)

from dispatch import regrid
from dispatch.clock import real_now
from dispatch.domain import OPEN_STATUSES
from i18n import _
from store import schema as s
from store.audit import audit_row, record
from store.db import transaction
from store.errors import StoreError
from store.roster import cst_day, open_history

LIVE_KEY = "live_plan"
NAME_MAX = 128
GRID_ID_MAX = 32


@dataclass
class LiveResult:
    plan: str
    districts_moved: int = 0
    households_moved: int = 0
    new_grids: list[str] = field(default_factory=list)
    retired_grids: list[str] = field(default_factory=list)
    members_moved: int = 0
    notes: list[str] = field(default_factory=list)  # what a planner should follow up


def _districts(conn: Connection) -> pd.DataFrame:
    rows = conn.execute(
        select(
            s.districts.c.id,
            s.districts.c.station_id,
            s.districts.c.grid_id,
            s.districts.c.households,
            s.districts.c.community_id,
        )
    ).all()
    return pd.DataFrame(rows, columns=["id", "station", "grid", "households", "community"])


def _check_assignment(conn: Connection, assignment: dict[str, str]) -> pd.DataFrame:
    """The districts with the plan's grid as ``new``; refuses a plan that misses or
    invents districts, has an empty or over-long grid id, or mixes stations."""
    d = _districts(conn)
    known = set(d["id"])
    unknown = sorted(set(assignment) - known)
    if unknown:
        msg = _("unknown district(s) in the plan: {districts}").format(
            districts=_(", ").join(unknown[:5])
        )
        raise StoreError(msg)
    missing = sorted(known - set(assignment))
    if missing:
        msg = _("the plan leaves {n} district(s) without a grid, e.g. {district}").format(
            n=len(missing), district=missing[0]
        )
        raise StoreError(msg)
    bad = sorted(g for g in set(assignment.values()) if not g or len(g) > GRID_ID_MAX)
    if bad:
        msg = _("grid ids must be 1–{most} characters: {grid}").format(
            most=GRID_ID_MAX, grid=repr(bad[0])
        )
        raise StoreError(msg)
    d["new"] = d["id"].map(assignment)
    mixed = d.groupby("new")["station"].nunique()
    if (mixed > 1).any():
        g = mixed[mixed > 1].index[0]
        stations = sorted(set(d.loc[d["new"] == g, "station"]))
        msg = _("grid {grid} mixes stations {stations}; a grid stays inside one station").format(
            grid=g, stations=_(", ").join(stations)
        )
        raise StoreError(msg)
    return d


def save_plan(
    engine: Engine,
    name: str,
    assignment: dict[str, str],
    *,
    locked: AbstractSet[str] = frozenset(),
    lo: int,
    hi: int,
    by: str,
    note: str = "",
    now: datetime | None = None,
) -> int:
    """Keep a plan under a new name; returns its id. Nothing is written when refused."""
    name = name.strip()
    if not name or len(name) > NAME_MAX:
        msg = _("a plan needs a name of 1–{most} characters").format(most=NAME_MAX)
        raise StoreError(msg)
    now = now or real_now()
    with transaction(engine) as conn:
        if conn.scalar(select(s.plans.c.id).where(s.plans.c.name == name)) is not None:
            msg = _("a plan named {name} already exists; choose another name").format(
                name=repr(name)
            )
            raise StoreError(msg)
        _check_assignment(conn, assignment)
        key = conn.execute(
            s.plans.insert().values(
                name=name,
                note=note.strip() or None,
                min_households=int(lo),
                max_households=int(hi),
                created_at=now,
                created_by=by,
            )
        ).inserted_primary_key
        assert key is not None  # an INSERT's result always has the new row's key
        plan_id = key[0]
        conn.execute(
            s.plan_districts.insert(),
            [
                {"plan_id": plan_id, "district_id": d, "grid_id": g, "locked": d in locked}
                for d, g in sorted(assignment.items())
            ],
        )
        after = {"name": name, "grids": len(set(assignment.values())), "locked": len(locked)}
        record(conn, audit_row(now, by, "save", "plan", str(plan_id), None, after))
    return int(plan_id)


def saved_plans(engine: Engine) -> pd.DataFrame:
    """Every saved plan with its grid count, newest first."""
    grids = (
        select(
            s.plan_districts.c.plan_id,
            func.count(func.distinct(s.plan_districts.c.grid_id)).label("grids"),
            func.sum(cast(s.plan_districts.c.locked, Integer)).label("locked"),
        )
        .group_by(s.plan_districts.c.plan_id)
        .subquery()
    )
    query = (
        select(
            s.plans.c.id,
            s.plans.c.name,
            grids.c.grids,
            grids.c.locked,
            s.plans.c.min_households,
            s.plans.c.max_households,
            s.plans.c.created_at,
            s.plans.c.created_by,
            s.plans.c.made_live_at,
            s.plans.c.note,
        )
        .join(grids, grids.c.plan_id == s.plans.c.id)
        .order_by(s.plans.c.created_at.desc(), s.plans.c.id.desc())
    )
    with engine.connect() as conn:
        return pd.DataFrame(
            conn.execute(query).mappings().all(), columns=list(query.selected_columns.keys())
        )


def load_plan(engine: Engine, plan_id: int) -> tuple[dict[str, str], set[str]]:
    """A saved plan's grid per district and its locked districts."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(
                s.plan_districts.c.district_id,
                s.plan_districts.c.grid_id,
                s.plan_districts.c.locked,
            ).where(s.plan_districts.c.plan_id == plan_id)
        ).all()
    if not rows:
        msg = _("no saved plan with id {id}").format(id=plan_id)
        raise StoreError(msg)
    return {d: g for d, g, _lk in rows}, {d for d, _g, lk in rows if lk}


def _same_plan(conn: Connection, plan_id: int, saved_at: object | None) -> str:
    """The plan's name, inside the write's transaction; with ``saved_at`` (when the plan
    the screen showed was saved), refused if that plan is gone or #id is another plan."""
    row = conn.execute(
        select(s.plans.c.name, s.plans.c.created_at).where(s.plans.c.id == plan_id)
    ).first()
    if row is None:
        msg = _("no saved plan with id {id}").format(id=plan_id)
        raise StoreError(msg)
    if saved_at is not None and pd.Timestamp(row.created_at) != pd.Timestamp(saved_at):
        msg = _("#{id} is now another plan (“{name}”): the one shown is gone").format(
            id=plan_id, name=row.name
        )
        raise StoreError(msg)
    return str(row.name)


def delete_plan(
    engine: Engine,
    plan_id: int,
    *,
    by: str,
    now: datetime | None = None,
    saved_at: object | None = None,
) -> None:
    """Forget a saved plan (the live grids are not touched); with ``saved_at``, only the
    plan the screen showed."""
    now = now or real_now()
    with transaction(engine) as conn:
        name = _same_plan(conn, plan_id, saved_at)
        conn.execute(delete(s.plan_districts).where(s.plan_districts.c.plan_id == plan_id))
        conn.execute(delete(s.plans).where(s.plans.c.id == plan_id))
        record(conn, audit_row(now, by, "delete", "plan", str(plan_id), {"name": name}, None))


def live_plan(engine: Engine) -> int | None:
    """The saved plan that was last made live (None: the grids as loaded)."""
    with engine.connect() as conn:
        text = conn.scalar(select(s.meta.c.value).where(s.meta.c.key == LIVE_KEY))
    return None if text is None else int(text)


def make_live(
    engine: Engine,
    plan_id: int,
    *,
    by: str,
    now: datetime | None = None,
    saved_at: object | None = None,
) -> LiveResult:
    """Make a saved plan the live grids; all of it or, when refused, nothing. With
    ``saved_at``, only the plan the screen showed."""
    now = now or real_now()
    assignment = load_plan(engine, plan_id)[0]
    with transaction(engine) as conn:
        name = _same_plan(conn, plan_id, saved_at)
        d = _check_assignment(conn, assignment)
        stations = dict(conn.execute(select(s.grids.c.id, s.grids.c.station_id)).all())
        plan_station = d.groupby("new")["station"].first()
        for g, st in plan_station.items():
            if g in stations and stations[g] != st:
                msg = _(
                    "grid id {grid} belongs to station {station}, not {plan}; rename it"
                ).format(grid=g, station=stations[g], plan=st)
                raise StoreError(msg)
        result = LiveResult(plan=name)
        changed = d[d["grid"] != d["new"]]
        result.districts_moved = len(changed)
        result.households_moved = int(changed["households"].sum())
        result.new_grids = sorted(set(plan_station.index) - set(stations))
        result.retired_grids = sorted(set(d["grid"]) - set(d["new"]))
        if result.new_grids:
            conn.execute(
                s.grids.insert(),
                [
                    {"id": g, "name": g, "station_id": plan_station[g], "leader_id": None}
                    for g in result.new_grids
                ],
            )
        if len(changed):
            conn.execute(
                update(s.districts)
                .where(s.districts.c.id == bindparam("did"))
                .values(grid_id=bindparam("gid")),
                [{"did": i, "gid": g} for i, g in zip(changed["id"], changed["new"], strict=True)],
            )
        _follow(conn, d)
        result.members_moved, notes = _move_members(conn, d, result.retired_grids, now, by)
        result.notes.extend(notes)
        conn.execute(
            update(s.plans).where(s.plans.c.id == plan_id).values(made_live_at=now, made_live_by=by)
        )
        conn.execute(delete(s.meta).where(s.meta.c.key == LIVE_KEY))
        conn.execute(s.meta.insert().values(key=LIVE_KEY, value=str(plan_id)))
        rows = [
            audit_row(now, by, "regrid", "district", i, {"grid": a}, {"grid": b})
            for i, a, b in zip(changed["id"], changed["grid"], changed["new"], strict=True)
        ]
        summary = {
            "name": name,
            "districts moved": result.districts_moved,
            "households moved": result.households_moved,
            "new grids": result.new_grids,
            "retired grids": result.retired_grids,
            "members moved": result.members_moved,
        }
        rows.append(audit_row(now, by, "make live", "plan", str(plan_id), None, summary))
        record(conn, *rows)
    return result


def _follow(conn: Connection, d: pd.DataFrame) -> None:
    """Customers, service windows and open jobs take their district's grid; each
    community the grid holding most of its households."""
    for table in (s.customers, s.service_windows):
        grid_of = (
            select(s.districts.c.grid_id)
            .where(s.districts.c.id == table.c.district_id)
            .scalar_subquery()
        )
        conn.execute(update(table).where(table.c.grid_id != grid_of).values(grid_id=grid_of))
    grid_of = (
        select(s.districts.c.grid_id)
        .where(s.districts.c.id == s.jobs.c.district_id)
        .scalar_subquery()
    )
    open_jobs = s.jobs.c.status.in_([str(x) for x in OPEN_STATUSES])
    conn.execute(
        update(s.jobs).where(and_(open_jobs, s.jobs.c.grid_id != grid_of)).values(grid_id=grid_of)
    )
    conn.execute(
        update(s.communities)
        .where(s.communities.c.id == bindparam("cid"))
        .values(grid_id=bindparam("gid")),
        [{"cid": c, "gid": g} for c, g in regrid.community_grids(d).items()],
    )


def _move_members(
    conn: Connection, d: pd.DataFrame, retired: list[str], now: datetime, by: str
) -> tuple[int, list[str]]:
    """Move the members as `dispatch.regrid` says (community members with their
    community, a retired grid's staff to its successor). Returns the number moved and
    notes for the planner."""
    community_grid = dict(conn.execute(select(s.communities.c.id, s.communities.c.grid_id)).all())
    leaders = dict(conn.execute(select(s.grids.c.id, s.grids.c.leader_id)).all())
    m = s.members.c
    people = [
        regrid.Person(*row)
        for row in conn.execute(
            select(m.id, m.name, m.kind, m.role, m.grid_id, m.community_id).where(
                m.active.is_(True)
            )
        ).all()
    ]
    moves, notes = regrid.member_moves(
        people, community_grid, regrid.successors(d, retired), leaders
    )
    rows = []
    for move in moves:
        if move.leads:
            conn.execute(
                update(s.grids).where(s.grids.c.id == move.to_grid).values(leader_id=move.member)
            )
        conn.execute(
            update(s.members)
            .where(m.id == move.member)
            .values(grid_id=move.to_grid, role=move.to_role)
        )
        day = cst_day(now)
        open_history(
            conn, move.member, move.to_grid, move.kind, move.to_role, day, "grid plan made live"
        )
        rows.append(
            audit_row(
                now,
                by,
                "regrid",
                "member",
                move.member,
                {"grid": move.grid, "role": move.role},
                {"grid": move.to_grid, "role": move.to_role},
            )
        )
    for g in retired:
        conn.execute(update(s.grids).where(s.grids.c.id == g).values(leader_id=None))
    staffed = {
        r[0]
        for r in conn.execute(
            select(m.grid_id).where(and_(m.active.is_(True), m.kind == "staff")).distinct()
        ).all()
    }
    notes.extend(regrid.gaps(d["new"], leaders, staffed))
    record(conn, *rows)
    return len(rows), notes
