"""Built-in sign-ins that outlive a page reload: a random token the browser keeps in a
cookie, and only its SHA-256 here. A session ends at sign-out or after a shift (12 h),
and a retired user's sessions end with them; the role is read afresh each time, so a
change an administrator makes applies at the next page load."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Final

from sqlalchemy import Engine, select, update

from dispatch.clock import real_now
from store import schema as s
from store.audit import audit_row, record
from store.db import transaction
from store.users import User, user_of

SHIFT: Final = timedelta(hours=12)
COOKIE: Final = "dualgrid_session"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(engine: Engine, username: str, *, now: datetime | None = None) -> str:
    """A new session for a user who has just signed in; returns the token to hand the
    browser (it is not kept)."""
    now = now or real_now()
    token = secrets.token_urlsafe(32)
    with transaction(engine) as conn:
        conn.execute(
            s.sessions.insert().values(
                token_hash=_hash(token), username=username, created_at=now, expires_at=now + SHIFT
            )
        )
    return token


def session_user(engine: Engine, token: str | None, *, now: datetime | None = None) -> User | None:
    """The active user a live session's token belongs to, else None (unknown, expired,
    signed out, or the user retired)."""
    if not token:
        return None
    now = now or real_now()
    u, t = s.users.c, s.sessions.c
    with engine.connect() as conn:
        row = conn.execute(
            select(u.username, u.display_name, u.role, u.grid_id, u.language, u.member_id)
            .join(s.sessions, t.username == u.username)
            .where(
                t.token_hash == _hash(token),
                t.ended_at.is_(None),
                t.expires_at > now,
                u.active.is_(True),
            )
        ).first()
    return None if row is None else user_of(row)


def end_session(engine: Engine, token: str | None, *, now: datetime | None = None) -> None:
    """Sign out: the token no longer opens anything; audited when it was live."""
    if not token:
        return
    now = now or real_now()
    t = s.sessions.c
    with transaction(engine) as conn:
        row = conn.execute(
            select(t.username).where(t.token_hash == _hash(token), t.ended_at.is_(None))
        ).first()
        if row is None:
            return
        conn.execute(update(s.sessions).where(t.token_hash == _hash(token)).values(ended_at=now))
        record(conn, audit_row(now, row.username, "sign out", "user", row.username))
