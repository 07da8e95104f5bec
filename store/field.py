"""What a field member's phone reads and writes: the number behind their own job's call
button (only for a job they hold; dialled, never shown), checking in and out of grid
work with the phone's position (the attendance indicator's source), and positions
shared while checked in (the board's "last seen"). A resend carries the key of the
first sending and is taken once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, Engine, select, update

from dispatch.clock import CHINA_OFFSET
from dispatch.field import GRID_WORK_HOURS, FieldError, Fix, session_hours
from dispatch.photos import photo_type
from i18n import _
from store import schema as s
from store.audit import audit_row, record
from store.board import step_in
from store.db import transaction


def _holds(conn: Connection, member_id: str, job_id: str) -> bool:
    """Whether the member holds the job now: on its row, or as the mate of the crew
    that holds it (an active assignment of theirs)."""
    holder = conn.scalar(select(s.jobs.c.member_id).where(s.jobs.c.id == job_id))
    if holder is None:
        return False
    a = s.assignments.c
    mate = conn.scalar(
        select(a.id).where(a.job_id == job_id, a.member_id == member_id, a.active.is_(True))
    )
    return holder == member_id or mate is not None


def contact_to_dial(engine: Engine, job_id: str, member_id: str) -> str | None:
    """The first caller's phone of ``job_id`` when ``member_id`` holds the job (alone or
    in its crew), else None (another member's job, no number, or no such job)."""
    r = s.requests.c
    with engine.connect() as conn:
        if not _holds(conn, member_id, job_id):
            return None
        phone = conn.scalar(
            select(r.contact_phone)
            .where(r.job_id == job_id, r.contact_phone.is_not(None))
            .order_by(r.received_at, r.id)
            .limit(1)
        )
    return None if phone is None else str(phone)


def open_check_in(engine: Engine, member_id: str) -> datetime | None:
    """When the member checked in to grid work, if they are checked in now."""
    with engine.connect() as conn:
        return _open_check_in(conn, member_id)


def _open_check_in(conn: Connection, member_id: str) -> datetime | None:
    f = s.field_fixes.c
    last = conn.execute(
        select(f.kind, f.at)
        .where(f.member_id == member_id, f.kind.in_(("in", "out")))
        .order_by(f.at.desc(), f.id.desc())
        .limit(1)
    ).first()
    return last.at if last is not None and last.kind == "in" else None


def _seen(conn: Connection, key: str | None) -> bool:
    return (
        key is not None
        and conn.scalar(select(s.field_fixes.c.id).where(s.field_fixes.c.key == key)) is not None
    )


def _fix(conn: Connection, member_id: str, kind: str, fix: Fix, key: str | None) -> None:
    conn.execute(
        s.field_fixes.insert().values(
            member_id=member_id, kind=kind, at=fix.at, lon=fix.lon, lat=fix.lat,
            accuracy_m=fix.accuracy_m, key=key,
        )
    )  # fmt: skip
    if fix.usable and kind != "step":  # the board's "last position": while checked in
        conn.execute(
            update(s.member_status)
            .where(s.member_status.c.member_id == member_id)
            .values(lon=fix.lon, lat=fix.lat, updated_at=fix.at)
        )


def check_in(engine: Engine, member_id: str, fix: Fix, *, by: str, key: str | None = None) -> bool:
    """Check the member in to grid work where the phone says they are: the day's
    attendance row opens (scheduled `GRID_WORK_HOURS`). False when this key was taken
    already (a resend); FieldError when already checked in."""
    fix = fix.checked()
    day = (fix.at + CHINA_OFFSET).strftime("%Y-%m-%d")
    a = s.attendance.c
    with transaction(engine) as conn:
        if _seen(conn, key):
            return False
        if _open_check_in(conn, member_id) is not None:
            raise FieldError(_("already checked in: check out first"))
        _fix(conn, member_id, "in", fix, key)
        row = conn.execute(
            select(a.id, a.check_in).where(a.member_id == member_id, a.day == day)
        ).first()
        if row is None:
            conn.execute(
                s.attendance.insert().values(
                    member_id=member_id, day=day, scheduled_hours=GRID_WORK_HOURS,
                    attended_hours=0.0, check_in=fix.at,
                )
            )  # fmt: skip
        elif row.check_in is None:
            conn.execute(update(s.attendance).where(a.id == row.id).values(check_in=fix.at))
        record(conn, audit_row(fix.at, by, "check in", "member", member_id, None, _said(fix)))
    return True


def check_out(
    engine: Engine, member_id: str, fix: Fix, *, by: str, key: str | None = None
) -> float | None:
    """Check the member out: the session's hours added to the day of its check-in.
    The hours, or None for a resend; FieldError when not checked in."""
    fix = fix.checked()
    a = s.attendance.c
    with transaction(engine) as conn:
        if _seen(conn, key):
            return None
        started = _open_check_in(conn, member_id)
        if started is None:
            raise FieldError(_("not checked in"))
        hours = session_hours(started, fix.at)
        _fix(conn, member_id, "out", fix, key)
        day = (started + CHINA_OFFSET).strftime("%Y-%m-%d")
        conn.execute(
            update(s.attendance)
            .where(a.member_id == member_id, a.day == day)
            .values(attended_hours=a.attended_hours + hours, check_out=fix.at)
        )
        record(
            conn,
            audit_row(fix.at, by, "check out", "member", member_id, None,
                      _said(fix) | {"hours": hours}),
        )  # fmt: skip
    return hours


def position(engine: Engine, member_id: str, fix: Fix, *, key: str | None = None) -> bool:
    """A position shared while checked in; False for a resend or an unusable fix
    (kept all the same), FieldError when not checked in (nothing is shared then)."""
    fix = fix.checked()
    with transaction(engine) as conn:
        if _seen(conn, key):
            return False
        if _open_check_in(conn, member_id) is None:
            raise FieldError(_("your position is shared only while you are checked in"))
        _fix(conn, member_id, "fix", fix, key)
    return fix.usable


def _said(fix: Fix) -> dict[str, object]:
    return {"lon": fix.lon, "lat": fix.lat, "accuracy_m": fix.accuracy_m}


def holds(engine: Engine, member_id: str, job_id: str) -> bool:
    """Whether the member holds the job now (alone or in its crew)."""
    with engine.connect() as conn:
        return _holds(conn, member_id, job_id)


def take_key(conn: Connection, key: str | None, member_id: str, what: str, at: datetime) -> bool:
    """Whether this is the first sending of ``key`` (recorded now); True without a key."""
    if key is None:
        return True
    if conn.scalar(select(s.field_sends.c.key).where(s.field_sends.c.key == key)) is not None:
        return False
    conn.execute(s.field_sends.insert().values(key=key, member_id=member_id, what=what, at=at))
    return True


def add_photo(
    conn: Connection, member_id: str, data: bytes, at: datetime, *,
    job_id: str | None = None, request_id: str | None = None,
) -> None:  # fmt: skip
    """Keep a checked photo with the job or request (the caller's transaction)."""
    mime = photo_type(data)
    conn.execute(
        s.photos.insert().values(
            job_id=job_id, request_id=request_id, member_id=member_id, at=at, mime=mime,
            size=len(data), data=data,
        )
    )  # fmt: skip


def step(
    engine: Engine,
    member_id: str,
    job_id: str,
    status: str,
    *,
    by: str,
    version: int,
    now: datetime,
    reason: str | None = None,
    note: str | None = None,
    fix: Fix | None = None,
    photo: bytes | None = None,
    key: str | None = None,
) -> bool:
    """The member's step of their own job, as the dispatcher's would be, with where they
    were and an optional photo, all in one transaction. False for a resend of ``key``
    (nothing written again); FieldError for another's job, ConflictError for a version
    that is not the job's any more."""
    if photo is not None:
        photo_type(photo)  # refused before anything is written
    if fix is not None:
        fix = fix.checked()
    said = reason if note is None else " · ".join(x for x in (reason, note) if x)
    with transaction(engine) as conn:
        if not take_key(conn, key, member_id, "step", now):
            return False
        if not _holds(conn, member_id, job_id):
            raise FieldError(
                _("{job} is not yours (any more): it is not on your route").format(job=job_id)
            )
        step_in(conn, job_id, status, by=by, version=version, reason=said, now=now)
        if fix is not None:  # from where: kept with the step; the board's position if in
            kind = "fix" if _open_check_in(conn, member_id) is not None else "step"
            _fix(conn, member_id, kind, Fix(now, fix.lon, fix.lat, fix.accuracy_m), None)
        if photo is not None:
            add_photo(conn, member_id, photo, now, job_id=job_id)
    return True


def member_grid(engine: Engine, member_id: str) -> str | None:
    """The grid the member serves now."""
    with engine.connect() as conn:
        grid = conn.scalar(select(s.members.c.grid_id).where(s.members.c.id == member_id))
    return None if grid is None else str(grid)


def job_photos(engine: Engine, job_id: str) -> list[tuple[datetime, str, bytes]]:
    """The photos taken with the job and with its calls' reports: (when, mime, bytes)."""
    p = s.photos.c
    calls = select(s.requests.c.id).where(s.requests.c.job_id == job_id)
    with engine.connect() as conn:
        rows = conn.execute(
            select(p.at, p.mime, p.data)
            .where((p.job_id == job_id) | p.request_id.in_(calls))
            .order_by(p.at, p.id)
        ).all()
    return [(r.at, str(r.mime), bytes(r.data)) for r in rows]
