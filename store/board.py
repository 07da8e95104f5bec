"""The dispatch board's clock and writes: committing a plan and a job's steps (the
board's one read is `store.snapshot`; placing a new urgent job at once is
`actions.urgent`).

Every write checks the version of each job it touches (optimistic concurrency):
a commit made from a view another dispatcher has since changed is refused whole
with `ConflictError`, so no job is ever assigned twice. Every write lands in the
audit trail with its before and after.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, and_, select

from dispatch.clock import Clock, real_now
from dispatch.domain import OPEN_STATUSES
from dispatch.job_notes import coded
from dispatch.lifecycle import (
    MEMBER_STATUS_AFTER,
    check_transition,
    goes_back_when_left_off,
    stays_with_crew,
)
from store import notes
from store import schema as s
from store.audit import audit_row, record
from store.db import transaction
from store.errors import ConflictError, StoreError
from store.load import CLOCK_KEY

# ---- the clock ----------------------------------------------------------------------


def clock(engine: Engine) -> Clock:
    return Clock.from_text(notes.note(engine, CLOCK_KEY))


def set_clock(engine: Engine, value: Clock) -> None:
    notes.set_note(engine, CLOCK_KEY, value.to_text())


# ---- writing --------------------------------------------------------------------------


def _bump(conn: Connection, job_id: str, version: int, **values: Any) -> None:
    """Update one job if it still has the version the caller saw, else conflict."""
    done = conn.execute(
        s.jobs.update()
        .where(and_(s.jobs.c.id == job_id, s.jobs.c.version == version))
        .values(version=version + 1, **values)
    )
    if done.rowcount != 1:
        raise ConflictError([job_id])


def _reassign(
    conn: Connection,
    job_id: str,
    member_id: str | None,
    at: datetime,
    by: str,
    seq: int | None = None,
    eta: datetime | None = None,
    mate: str | None = None,
) -> None:
    """The job's active assignment becomes this member's (and their crew mate's: each of
    a crew holds the job, the lead's id on the job row), or none."""
    conn.execute(
        s.assignments.update()
        .where(and_(s.assignments.c.job_id == job_id, s.assignments.c.active.is_(True)))
        .values(active=False)
    )
    if member_id is not None:
        conn.execute(
            s.assignments.insert(),
            [
                {"job_id": job_id, "member_id": who, "assigned_at": at, "assigned_by": by,
                 "active": True, "seq": seq, "eta": eta}
                for who in (member_id, mate) if who is not None
            ],
        )  # fmt: skip


@dataclass(frozen=True)
class CommitResult:
    assigned: int
    reordered: int
    taken_off: int


def commit_routes(
    engine: Engine,
    routes: dict[str, list[tuple[str, datetime]]],
    versions: dict[str, int],
    *,
    by: str,
    now: datetime | None = None,
    flags: Mapping[str, str] | None = None,
    crews: Mapping[str, str] | None = None,
) -> CommitResult:
    """Make these members' routes (job, ETA in order) the committed plan, with ``flags``
    (job → a note for the dispatcher) set in the same transaction. A route of a crew
    (``crews``: lead → mate) is assigned to both.

    ``versions`` are the job versions the plan was made from; if any job in these
    routes, or taken off them, has changed since, nothing is written
    (`ConflictError`). A member's committed route becomes exactly the given one:
    jobs no longer on it (and on no other committed route) go back to new."""
    now = now or real_now()
    try:
        return _commit(
            engine, routes, versions, by=by, now=now, flags=flags or {}, crews=crews or {}
        )
    except ConflictError as exc:
        # the refused attempt is in the audit trail too (its own transaction: the
        # commit's was rolled back)
        attempt = {"routes": {m: [j for j, _ in r] for m, r in routes.items()}}
        with transaction(engine) as conn:
            record(
                conn,
                audit_row(
                    now, by, "commit refused", "plan", None, attempt, {"stale jobs": list(exc.jobs)}
                ),
            )
        raise


def _names(conn: Connection, members: set[str]) -> dict[str, str]:
    """Members by name with the code beside it ("李德辉 (M016)"), for the history."""
    rows = conn.execute(
        select(s.members.c.id, s.members.c.name).where(s.members.c.id.in_(sorted(members)))
    ).all()
    return {r.id: f"{r.name} ({r.id})" for r in rows}


def _commit(
    engine: Engine,
    routes: dict[str, list[tuple[str, datetime]]],
    versions: dict[str, int],
    *,
    by: str,
    now: datetime,
    flags: Mapping[str, str],
    crews: Mapping[str, str],
) -> CommitResult:
    wanted = {j: m for m, route in routes.items() for j, _ in route}
    with transaction(engine) as conn:
        rows = {
            r.id: r
            for r in conn.execute(
                select(s.jobs.c.id, s.jobs.c.status, s.jobs.c.member_id, s.jobs.c.version).where(
                    s.jobs.c.member_id.in_(list(routes)) | s.jobs.c.id.in_(list(wanted))
                )
            ).all()
            if r.status in OPEN_STATUSES or r.id in wanted
        }
        touched = set(wanted) | {j for j, r in rows.items() if r.member_id in routes}
        names = _names(
            conn,
            set(routes) | set(crews.values()) | {r.member_id for r in rows.values() if r.member_id},
        )
        stale = sorted(j for j in touched if j not in rows or versions.get(j) != rows[j].version)
        if stale:
            raise ConflictError(stale)
        assigned = reordered = taken = 0
        for member, route in routes.items():
            for seq, (job_id, eta) in enumerate(route):
                row = rows[job_id]
                if stays_with_crew(row.status) and row.member_id == member:
                    conn.execute(
                        s.assignments.update()
                        .where(
                            and_(s.assignments.c.job_id == job_id, s.assignments.c.active.is_(True))
                        )
                        .values(seq=seq, eta=eta)
                    )
                    reordered += 1
                    continue
                check_transition(job_id, row.status, "assigned", member=member)
                _bump(conn, job_id, row.version, status="assigned", member_id=member, flag=None)
                mate = crews.get(member)
                _reassign(conn, job_id, member, now, by, seq, eta, mate)
                if row.member_id != member or row.status != "assigned":
                    who = " + ".join(names.get(m, m) for m in (member, mate) if m)
                    conn.execute(
                        s.job_events.insert().values(
                            job_id=job_id,
                            status="assigned",
                            at=now,
                            by=by,
                            note=coded("assigned_to", member=who),
                        )
                    )
                    assigned += 1
                else:
                    reordered += 1
                record(
                    conn,
                    audit_row(
                        now,
                        by,
                        "assign",
                        "job",
                        job_id,
                        {"status": row.status, "member": row.member_id},
                        {"status": "assigned", "member": member, "seq": seq, "eta": eta}
                        | ({"mate": mate} if mate else {}),
                    ),
                )
        for job_id in sorted(touched - set(wanted)):
            row = rows[job_id]
            if not goes_back_when_left_off(row.status):
                continue
            _bump(conn, job_id, row.version, status="new", member_id=None)
            _reassign(conn, job_id, None, now, by)
            conn.execute(
                s.job_events.insert().values(
                    job_id=job_id,
                    status="new",
                    at=now,
                    by=by,
                    note=coded("taken_off", member=names.get(row.member_id, row.member_id)),
                )
            )
            record(
                conn,
                audit_row(
                    now,
                    by,
                    "unassign",
                    "job",
                    job_id,
                    {"status": "assigned", "member": row.member_id},
                    {"status": "new", "member": None},
                ),
            )
            taken += 1
        for job_id, flag in flags.items():
            conn.execute(s.jobs.update().where(s.jobs.c.id == job_id).values(flag=flag))
        record(
            conn,
            audit_row(
                now,
                by,
                "commit_plan",
                "plan",
                None,
                None,
                {m: [j for j, _ in r] for m, r in routes.items()},
            ),
        )
    return CommitResult(assigned, reordered, taken)


def step_job(
    engine: Engine,
    job_id: str,
    status: str,
    *,
    by: str,
    version: int | None = None,
    member: str | None = None,
    reason: str | None = None,
    now: datetime | None = None,
) -> None:
    """Move a job one step in its life (en route, on site, done, could not finish,
    or back to new); the member's status and position follow."""
    now = now or clock(engine).now()
    try:
        _step(engine, job_id, status, by=by, version=version, member=member, reason=reason, now=now)
    except ConflictError:
        with transaction(engine) as conn:  # the refused attempt, in its own transaction
            record(
                conn,
                audit_row(
                    now,
                    by,
                    "step refused",
                    "job",
                    job_id,
                    {"version seen": version},
                    {"status": status},
                ),
            )
        raise


def _step(
    engine: Engine,
    job_id: str,
    status: str,
    *,
    by: str,
    version: int | None,
    member: str | None,
    reason: str | None,
    now: datetime,
) -> None:
    with transaction(engine) as conn:
        step_in(conn, job_id, status, by=by, version=version, member=member, reason=reason,
                now=now)  # fmt: skip


def step_in(
    conn: Connection,
    job_id: str,
    status: str,
    *,
    by: str,
    version: int | None,
    member: str | None = None,
    reason: str | None,
    now: datetime,
) -> None:
    """`step_job`'s writes inside the caller's transaction (a field step with its key)."""
    row = conn.execute(select(s.jobs).where(s.jobs.c.id == job_id)).first()
    if row is None:
        msg = f"unknown job {job_id!r}"
        raise StoreError(msg)
    if version is not None and version != row.version:
        raise ConflictError([job_id])
    holder = member or row.member_id
    target = check_transition(job_id, row.status, status, member=holder, reason=reason)
    values: dict[str, Any] = {"status": str(target)}
    if target in {"done", "failed"}:
        values |= {"closed_at": now, "reason": reason}
    if target == "new":
        values |= {"member_id": None}
        _reassign(conn, job_id, None, now, by)
    elif member and member != row.member_id:
        values |= {"member_id": member}
        _reassign(conn, job_id, member, now, by)
    _bump(conn, job_id, row.version, **values)
    conn.execute(
        s.job_events.insert().values(job_id=job_id, status=str(target), at=now, by=by, note=reason)
    )
    record(
        conn,
        audit_row(
            now,
            by,
            f"job_{target}",
            "job",
            job_id,
            {"status": row.status, "member": row.member_id},
            {
                "status": str(target),
                "member": values.get("member_id", row.member_id),
                "reason": reason,
            },
        ),
    )
    after = MEMBER_STATUS_AFTER.get(target)
    if after and holder:
        position = {"lon": row.lon, "lat": row.lat} if target != "en_route" else {}
        conn.execute(
            s.member_status.update()
            .where(s.member_status.c.member_id == holder)
            .values(status=after, updated_at=now, **position)
        )
