"""Crews for a shift and the people each job type needs (issue 21), as notes in the
`meta` table: the dispatcher's pairing per local day (``crews:2026-12-04``; absent: the
default pairing inside grids) and the crew sizes per job type (``crew_sizes``). Each
change lands in the audit trail with its before and after."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, select

from dispatch.clock import local
from dispatch.crews import check_pairs, check_sizes
from dispatch.domain import CREW_SIZES
from store import schema as s
from store.audit import audit_row, record
from store.db import transaction

SIZES_KEY = "crew_sizes"


def day_key(now: datetime) -> str:
    """The note of the shift's crews: by the local day of ``now`` (naive UTC)."""
    return f"crews:{local(now):%Y-%m-%d}"


def _read(conn: Connection, key: str) -> dict[str, Any] | None:
    value = conn.scalar(select(s.meta.c.value).where(s.meta.c.key == key))
    return None if value is None else dict(json.loads(value))


def _write(conn: Connection, key: str, value: object) -> None:
    conn.execute(s.meta.delete().where(s.meta.c.key == key))
    conn.execute(s.meta.insert().values(key=key, value=json.dumps(value, ensure_ascii=False)))


def read_crews(conn: Connection, now: datetime) -> dict[str, str] | None:
    """The dispatcher's crews for the shift of ``now`` (lead → mate), or None when they
    have not paired anyone this shift (the default pairing applies)."""
    pairs = _read(conn, day_key(now))
    return None if pairs is None else {str(a): str(b) for a, b in pairs.items()}


def read_sizes(conn: Connection) -> dict[str, int]:
    """People each job type needs, where more than one."""
    sizes = _read(conn, SIZES_KEY)
    return dict(CREW_SIZES) if sizes is None else {str(k): int(v) for k, v in sizes.items()}


def save_crews(
    engine: Engine, pairs: Iterable[tuple[str, str]], *, by: str, now: datetime
) -> dict[str, str]:
    """Make these the shift's crews (replacing the day's pairing; none: everyone works
    alone), or `DualGridError` naming the member who cannot be paired; nothing is
    written then."""
    from store.snapshot import members_now  # the board's read of members (it reads ours)

    with transaction(engine) as conn:
        people = {m.id: m for m in members_now(conn)}
        checked = check_pairs(pairs, people)
        before = read_crews(conn, now)
        _write(conn, day_key(now), checked)
        record(
            conn, audit_row(now, by, "crews", "shift", f"{local(now):%Y-%m-%d}", before, checked)
        )
    return checked


def save_sizes(
    engine: Engine, sizes: Mapping[str, int], *, by: str, now: datetime
) -> dict[str, int]:
    """Set the people each job type needs (the types not named keep theirs), or
    `DualGridError` naming the type or number that is wrong; nothing is written then."""
    with transaction(engine) as conn:
        before = read_sizes(conn)
        after = check_sizes({**before, **sizes})
        _write(conn, SIZES_KEY, after)
        record(conn, audit_row(now, by, "crew sizes", "setting", SIZES_KEY, before, after))
    return after


def crew_sizes(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return read_sizes(conn)
