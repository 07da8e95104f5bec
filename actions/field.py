"""What a field member does on their phone, one function each: step a job of theirs,
check in and out of grid work, share where they are. Each is recorded as the
dispatcher's own would be, with who; a phone's resend (same key) is taken once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine

from actions.board import place_new_urgent
from dispatch.field import Fix
from dispatch.intake import Locator
from dispatch.travel import TravelTimes
from store import board as store_board
from store import field as store_field
from store import reports as store_reports
from store.reports import Reported


def step(
    engine: Engine,
    member_id: str,
    job_id: str,
    status: str,
    *,
    by: str,
    version: int,
    reason: str | None = None,
    note: str | None = None,
    fix: Fix | None = None,
    photo: bytes | None = None,
    key: str | None = None,
    now: datetime | None = None,
) -> bool:
    """Move the member's own job one step, on the version their phone showed, with where
    they were and an optional photo and note; False for a resend of ``key``."""
    now = now or store_board.clock(engine).now()
    return store_field.step(
        engine, member_id, job_id, status, by=by, version=version, now=now, reason=reason,
        note=note, fix=fix, photo=photo, key=key,
    )  # fmt: skip


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


def report(
    engine: Engine,
    locator: Locator,
    member_id: str,
    *,
    kind: str,
    key: str,
    by: str,
    network: TravelTimes | None = None,
    now: datetime | None = None,
    lon: float | None = None,
    lat: float | None = None,
    account_no: str | None = None,
    description: str | None = None,
    photo: bytes | None = None,
) -> Reported:
    """A member's report through the intake, as a dispatcher's request would go: channel
    "grid", clustered with other calls, a new urgent job placed at once."""
    now = now or store_board.clock(engine).now()
    reported = store_reports.report(
        engine, locator, member_id, kind=kind, now=now, key=key, lon=lon, lat=lat,
        account_no=account_no, description=description, photo=photo, by=by,
    )  # fmt: skip
    if reported.result.urgent:
        place_new_urgent(engine, reported.result, network)
    return reported
