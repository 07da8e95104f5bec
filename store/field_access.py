"""Field members' access: a grid leader or an administrator gives a roster member a
one-time code (shown once, stored as an argon2 hash, valid for a week); the member signs
in the first time with it and chooses a password; retiring the member ends it. The user
is named after the member ("m0016"), its role is `dispatch.roles.FIELD`, its grid the
member's. Every step is in the audit trail, never the code or the password."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, select, update

from dispatch.clock import real_now
from dispatch.roles import FIELD
from i18n import N_, _
from store import schema as s
from store.audit import audit_row, record
from store.db import transaction
from store.errors import StoreError
from store.users import (
    HASHER,
    LOCK_FOR,
    MAX_FAILURES,
    MIN_PASSWORD,
    LoginError,
    User,
    end_sessions,
    user_of,
    verified,
)

CODE_DIGITS = 8  # typed on a phone's number pad
CODE_VALID = timedelta(days=7)
WRONG_CODE = N_("wrong username or access code")
EXPIRED = N_("this access code has expired: ask your grid leader for a new one")


@dataclass(frozen=True)
class Access:
    """What the leader hands the member: who to sign in as, the code, until when."""

    username: str
    code: str
    expires_at: datetime


def username_for(member_id: str) -> str:
    return member_id.strip().lower()


def give_access(
    engine: Engine,
    member_id: str,
    *,
    by: str,
    in_grid: str | None = None,
    now: datetime | None = None,
) -> Access:
    """A new one-time code for the member (a first one makes their user). A new code
    ends the old one, the member's password and their open sessions: given again when a
    phone is lost. With ``in_grid``, only for a member of that grid (a grid leader's)."""
    now = now or real_now()
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    expires = now + CODE_VALID
    username = username_for(member_id)
    with transaction(engine) as conn:
        member = conn.execute(
            select(s.members.c.name, s.members.c.grid_id, s.members.c.active).where(
                s.members.c.id == member_id
            )
        ).first()
        if member is None or not member.active:
            msg = _("no member {member} on the roster").format(member=member_id)
            raise StoreError(msg)
        if in_grid is not None and member.grid_id != in_grid:
            msg = _("{member} is not in grid {grid}").format(member=member_id, grid=in_grid)
            raise StoreError(msg)
        row = conn.execute(select(s.users).where(s.users.c.username == username)).first()
        if row is not None and row.member_id != member_id:
            msg = _("the username {name!r} is another user's").format(name=username)
            raise StoreError(msg)
        values = {
            "display_name": member.name,
            "role": FIELD,
            "grid_id": member.grid_id,
            "member_id": member_id,
            "password_hash": None,
            "code_hash": HASHER.hash(code),
            "code_expires_at": expires,
            "active": True,
            "failed_logins": 0,
            "locked_until": None,
        }
        if row is None:
            conn.execute(s.users.insert().values(username=username, created_at=now, **values))
        else:
            end_sessions(conn, username, now)
            conn.execute(update(s.users).where(s.users.c.username == username).values(**values))
        said = {"member": member_id, "grid_id": member.grid_id, "code until": expires.isoformat()}
        action = "field access" if row is None else "field access again"
        record(conn, audit_row(now, by, action, "user", username, None, said))
    return Access(username, code, expires)


def redeem(
    engine: Engine, username: str, code: str, password: str, *, now: datetime | None = None
) -> User:
    """The first sign-in: the code turned into the member's password (the code is spent).
    Refused like a wrong password, counted, and locked after repeated failures."""
    if len(password or "") < MIN_PASSWORD:
        msg = _("password: at least {n} characters").format(n=MIN_PASSWORD)
        raise StoreError(msg)
    now = now or real_now()
    name = (username or "").strip().lower()
    with transaction(engine) as conn:
        row = conn.execute(select(s.users).where(s.users.c.username == name)).first()
        refused = _refusal(conn, row, code, now)
        if refused is None:
            conn.execute(
                update(s.users)
                .where(s.users.c.username == name)
                .values(
                    password_hash=HASHER.hash(password),
                    code_hash=None,
                    code_expires_at=None,
                    failed_logins=0,
                    locked_until=None,
                )
            )
        action = "first sign-in" if refused is None else "first sign-in refused"
        record(conn, audit_row(now, name or "?", action, "user", name, None, refused))
    if refused is not None:
        raise LoginError(_(refused))
    assert row is not None
    return user_of(row)


def _refusal(conn: Connection, row: Any, code: str, now: datetime) -> str | None:
    """Why the code does not sign ``row`` in (a message id), or None; a wrong code is
    counted."""
    if row is None or not row.active or row.code_hash is None:
        return WRONG_CODE
    if row.locked_until is not None and row.locked_until > now:
        return WRONG_CODE
    if not verified(row.code_hash, (code or "").strip()):
        _failed(conn, row.username, row.failed_logins + 1, now)
        return WRONG_CODE
    if row.code_expires_at is not None and row.code_expires_at < now:
        return EXPIRED
    return None


def _failed(conn: Connection, name: str, failures: int, now: datetime) -> None:
    locked = now + LOCK_FOR if failures >= MAX_FAILURES else None
    conn.execute(
        update(s.users)
        .where(s.users.c.username == name)
        .values(failed_logins=0 if locked else failures, locked_until=locked)
    )


def end_access(conn: Connection, member_id: str, now: datetime) -> bool:
    """In the retiring transaction: the member's user retired, its code spent, its
    sessions ended. True when the member had access."""
    username = conn.scalar(select(s.users.c.username).where(s.users.c.member_id == member_id))
    if username is None:
        return False
    end_sessions(conn, username, now)
    conn.execute(
        update(s.users)
        .where(s.users.c.username == username)
        .values(active=False, code_hash=None, code_expires_at=None)
    )
    return True


def has_access(engine: Engine, member_ids: list[str]) -> dict[str, str]:
    """Of these members, those with a field user: member → "active", "code given" (not
    yet redeemed) or "retired"."""
    u = s.users.c
    with engine.connect() as conn:
        rows = conn.execute(
            select(u.member_id, u.active, u.code_hash, u.password_hash).where(
                u.member_id.in_(member_ids)
            )
        ).all()
    return {
        r.member_id: "retired"
        if not r.active
        else ("code given" if r.password_hash is None else "active")
        for r in rows
    }
