"""What a field member does on their phone, one function each: step a job of theirs,
check in and out of grid work, share where they are. Each is recorded as the
dispatcher's own would be, with who; a phone's resend (same key) is taken once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine

from dispatch.field import FieldError, Fix
from i18n import _
from store import board as store_board
from store import field as store_field


def step(
    engine: Engine,
    member_id: str,
    job_id: str,
    status: str,
    *,
    by: str,
    version: int,
    reason: str | None = None,
    fix: Fix | None = None,
    now: datetime | None = None,
) -> None:
    """Move the member's own job one step, on the version their phone showed; where
    they were goes with it when they are checked in."""
    if not store_field.holds(engine, member_id, job_id):
        raise FieldError(
            _("{job} is not yours (any more): it is not on your route").format(job=job_id)
        )
    store_board.step_job(engine, job_id, status, by=by, version=version, reason=reason, now=now)
    if fix is not None and store_field.open_check_in(engine, member_id) is not None:
        store_field.position(engine, member_id, fix)


def check_in(engine: Engine, member_id: str, fix: Fix, *, by: str, key: str | None = None) -> bool:
    """Start a session of grid work here and now (False: this key was taken already)."""
    return store_field.check_in(engine, member_id, fix, by=by, key=key)


def check_out(
    engine: Engine, member_id: str, fix: Fix, *, by: str, key: str | None = None
) -> float | None:
    """End the session: its hours (None: this key was taken already)."""
    return store_field.check_out(engine, member_id, fix, by=by, key=key)


def share_position(engine: Engine, member_id: str, fix: Fix, *, key: str | None = None) -> bool:
    """Where the member is, while checked in (False: a resend, or too rough to show)."""
    return store_field.position(engine, member_id, fix, key=key)
