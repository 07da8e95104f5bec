"""Users of the app: the built-in login for an offline control room (argon2-hashed
passwords, a lock after repeated failures) and the roles of users who sign in through
the utility's identity provider (matched by e-mail). Every change and every login
attempt is in the audit trail."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pandas as pd
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, Engine, func, select, update

from dispatch.clock import real_now
from dispatch.roles import ADMIN, LEADER, ROLES
from i18n import LANGUAGES, N_, _
from store import schema as s
from store.audit import audit_row, record
from store.db import transaction
from store.errors import StoreError

MAX_FAILURES = 5
LOCK_FOR = timedelta(minutes=15)
MIN_PASSWORD = 10
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
HASHER = PasswordHasher()
_DUMMY = HASHER.hash("no such user: a hash verified for the time it takes")
WRONG = N_("wrong username or password")
LOCKED = N_("too many failed attempts: locked for {minutes} min")
STILL_LOCKED = N_("too many failed attempts: locked for another {minutes} min")
ROLE_CLAIM = "dualgrid_role"  # the identity provider's claim naming the role, by default
GRID_CLAIM = "dualgrid_grid"  # and a grid leader's grid


class LoginError(StoreError):
    """A refused login; the message never says which of name or password was wrong."""


@dataclass(frozen=True)
class User:
    username: str
    display_name: str
    role: str
    grid_id: str | None = None
    language: str | None = None  # chosen by the user (i18n.LANGUAGES); None: the default
    member_id: str | None = None  # a field member's roster row (dispatch.roles.FIELD)


def user_of(row: Any) -> User:
    """A user from a row of the user table (or a query naming its columns)."""
    return User(row.username, row.display_name, row.role, row.grid_id, row.language, row.member_id)


def _check(username: str, role: str, grid_id: str | None, password: str | None) -> None:
    if not USERNAME.match(username):
        msg = _(
            "username: 2–64 of a–z, 0–9, dot, dash, underscore, starting with a letter or digit"
        )
        raise StoreError(msg)
    if role not in ROLES:
        msg = _("role: one of {roles}; not {role!r}").format(roles=", ".join(ROLES), role=role)
        raise StoreError(msg)
    if role == LEADER and not grid_id:
        msg = _("a grid leader needs their grid")
        raise StoreError(msg)
    if password is not None and len(password) < MIN_PASSWORD:
        msg = _("password: at least {n} characters").format(n=MIN_PASSWORD)
        raise StoreError(msg)


def create_user(
    engine: Engine,
    username: str,
    *,
    display_name: str,
    role: str,
    password: str | None = None,
    email: str | None = None,
    grid_id: str | None = None,
    by: str,
    now: datetime | None = None,
) -> None:
    """A new user with a password (built-in login) or an e-mail (identity provider)."""
    username = username.strip().lower()
    _check(username, role, grid_id, password)
    if password is None and not email:
        msg = _("a user needs a password or an e-mail to sign in with")
        raise StoreError(msg)
    now = now or real_now()
    with transaction(engine) as conn:
        if conn.scalar(select(s.users.c.username).where(s.users.c.username == username)):
            msg = _("username {name!r} is taken").format(name=username)
            raise StoreError(msg)
        if grid_id and conn.scalar(select(s.grids.c.id).where(s.grids.c.id == grid_id)) is None:
            msg = _("unknown grid {grid!r}").format(grid=grid_id)
            raise StoreError(msg)
        address = (email or "").strip().lower() or None
        if address and conn.scalar(select(s.users.c.username).where(s.users.c.email == address)):
            msg = _(
                "the e-mail {address} is another user's already: each user signs in with their own"
            ).format(address=address)
            raise StoreError(msg)
        values = {
            "username": username,
            "display_name": display_name.strip() or username,
            "role": role,
            "grid_id": grid_id,
            "email": address,
            "password_hash": HASHER.hash(password) if password is not None else None,
            "active": True,
            "failed_logins": 0,
            "created_at": now,
        }
        conn.execute(s.users.insert().values(**values))
        shown = {k: v for k, v in values.items() if k != "password_hash"}
        record(conn, audit_row(now, by, "add", "user", username, None, shown))


def login(engine: Engine, username: str, password: str, *, now: datetime | None = None) -> User:
    """The user, or LoginError: wrong name or password (one message, and as long, for an
    unknown, a wrong or a retired user), or locked after repeated failures. Failures are
    counted and audited (committed before the error is raised)."""
    now = now or real_now()
    name = (username or "").strip().lower()
    refused: str | None = None  # the message id, said with ``minutes``
    minutes = int(LOCK_FOR.total_seconds() // 60)
    with transaction(engine) as conn:
        row = conn.execute(select(s.users).where(s.users.c.username == name)).first()
        if row is None or row.password_hash is None or not row.active:
            # the same work and the same words for an unknown, a password-less and a
            # retired user as for a wrong password: nothing tells a real name apart
            verified(_DUMMY if row is None or row.password_hash is None else row.password_hash,
                      password)  # fmt: skip
            refused = WRONG
        elif row.locked_until is not None and row.locked_until > now:
            left = int((row.locked_until - now).total_seconds() // 60) + 1
            refused, minutes = STILL_LOCKED, left
        elif not verified(row.password_hash, password):
            failures = row.failed_logins + 1
            locked = now + LOCK_FOR if failures >= MAX_FAILURES else None
            conn.execute(
                update(s.users)
                .where(s.users.c.username == name)
                .values(failed_logins=0 if locked else failures, locked_until=locked)
            )
            refused = LOCKED if locked else WRONG
        if refused is None:
            conn.execute(
                update(s.users)
                .where(s.users.c.username == name)
                .values(failed_logins=0, locked_until=None)
            )
        action = "login" if refused is None else "login refused"
        said = None if refused is None else refused.format(minutes=minutes)  # the trail: English
        record(conn, audit_row(now, name or "?", action, "user", name, None, said))
    if refused is not None:
        raise LoginError(_(refused).format(minutes=minutes))
    assert row is not None  # no such user is refused above
    return user_of(row)


def verified(password_hash: str, password: str) -> bool:
    try:
        return HASHER.verify(password_hash, password or "")
    except (VerificationError, InvalidHashError):
        return False


def table_user(engine: Engine, username: str) -> tuple[bool, User | None]:
    """Whether the user table has ``username``, and the active user it is now (None when
    retired): a signed-in session is checked against it on every page run."""
    with engine.connect() as conn:
        row = conn.execute(select(s.users).where(s.users.c.username == username)).first()
    if row is None:
        return False, None
    user = user_of(row) if row.active else None
    return True, user


def by_email(engine: Engine, email: str) -> User | None:
    """The active user an identity provider's e-mail belongs to."""
    with engine.connect() as conn:
        row = conn.execute(
            select(s.users).where(
                s.users.c.email == (email or "").strip().lower(), s.users.c.active.is_(True)
            )
        ).first()
    return None if row is None else user_of(row)


def provider_user(
    engine: Engine,
    claims: Mapping[str, Any],
    *,
    role_claim: str = ROLE_CLAIM,
    grid_claim: str = GRID_CLAIM,
    now: datetime | None = None,
) -> User | None:
    """Who an identity provider's sign-in is: the user table's entry for its e-mail
    (an administrator's word comes first; a retired entry is refused), else the role the
    provider's ``role_claim`` names (a text or a list; the first DualGrid role in it).
    None when neither gives a role. Each sign-in is audited with where the role came
    from."""
    email = str(claims.get("email") or "").strip().lower()
    with engine.connect() as conn:
        row = (
            conn.execute(select(s.users).where(s.users.c.email == email)).first() if email else None
        )
    user: User | None = None
    source = "user table"
    if row is not None:
        if row.active:
            user = user_of(row)
    else:
        claimed = claims.get(role_claim)
        offered = [claimed] if isinstance(claimed, str) else list(claimed or [])
        role = next((r for r in offered if r in ROLES), None)
        who = email or str(claims.get("sub") or "")
        if role is not None and who:
            grid = claims.get(grid_claim)
            name = str(claims.get("name") or who)
            user = User(who, name, role, str(grid) if grid else None)
            source = f"claim {role_claim}"
    if user is not None:
        with transaction(engine) as conn:
            record(
                conn,
                audit_row(
                    now or real_now(),
                    user.username,
                    "login",
                    "user",
                    user.username,
                    None,
                    {"via": "identity provider", "role": user.role, "from": source},
                ),
            )
    return user


def users(engine: Engine) -> pd.DataFrame:
    u = s.users.c
    with engine.connect() as conn:
        result = conn.execute(
            select(
                u.username,
                u.display_name,
                u.role,
                u.grid_id,
                u.email,
                u.active,
                u.failed_logins,
                u.locked_until,
                u.created_at,
            ).order_by(u.username)
        )
        return pd.DataFrame(result.all(), columns=list(result.keys()))


def set_language(engine: Engine, username: str, language: str) -> bool:
    """Remember the language ``username`` chose (one of ``i18n.LANGUAGES``); False when
    the user table has no such user (a provider's user known by their claims only)."""
    if language not in LANGUAGES:
        msg = f"language: one of {', '.join(LANGUAGES)}; not {language!r}"
        raise StoreError(msg)
    now = real_now()
    with transaction(engine) as conn:
        before = conn.execute(
            select(s.users.c.language).where(s.users.c.username == username)
        ).first()
        if before is None:
            return False
        conn.execute(
            update(s.users).where(s.users.c.username == username).values(language=language)
        )
        record(
            conn,
            audit_row(
                now, username, "language", "user", username,
                {"language": before.language}, {"language": language},
            ),
        )  # fmt: skip
    return True


def set_active(engine: Engine, username: str, active: bool, *, by: str) -> None:
    """Retire a user (their sessions end for good: reactivation does not revive an old
    token; the last administrator cannot be retired) or reactivate one (lifting a lock)."""
    now = real_now()
    with transaction(engine) as conn:
        before = conn.scalar(select(s.users.c.active).where(s.users.c.username == username))
        if before is None:
            msg = _("unknown user {name!r}").format(name=username)
            raise StoreError(msg)
        if not active:
            _keep_an_administrator(conn, username)
            end_sessions(conn, username, now)
        conn.execute(
            update(s.users)
            .where(s.users.c.username == username)
            .values(active=active, failed_logins=0, locked_until=None)
        )
        record(
            conn,
            audit_row(
                now,
                by,
                "activate" if active else "retire",
                "user",
                username,
                {"active": before},
                {"active": active},
            ),
        )


def _keep_an_administrator(conn: Connection, username: str) -> None:
    """Refuse a change that would leave no active administrator."""
    row = conn.execute(
        select(s.users.c.role, s.users.c.active).where(s.users.c.username == username)
    ).first()
    if row is None or row.role != ADMIN or not row.active:
        return
    admins = conn.scalar(
        select(func.count())
        .select_from(s.users)
        .where(s.users.c.role == ADMIN, s.users.c.active.is_(True))
    )
    if admins == 1:
        msg = _("{name} is the last administrator: make another one first").format(name=username)
        raise StoreError(msg)


def end_sessions(conn: Connection, username: str, now: datetime) -> None:
    """End every open session of the user: an open tab is refused at its next action."""
    conn.execute(
        update(s.sessions)
        .where(s.sessions.c.username == username, s.sessions.c.ended_at.is_(None))
        .values(ended_at=now)
    )


def change_user(
    engine: Engine,
    username: str,
    *,
    role: str,
    grid_id: str | None = None,
    password: str | None = None,
    by: str,
    now: datetime | None = None,
) -> None:
    """A user's new role (and a grid leader's grid), and a new password when given —
    which also lifts a lock and ends the user's open sessions (a password thought
    stolen). Audited with the role and grid before and after, never the password."""
    _check(username, role, grid_id, password)
    now = now or real_now()
    with transaction(engine) as conn:
        row = conn.execute(select(s.users).where(s.users.c.username == username)).first()
        if row is None:
            msg = _("unknown user {name!r}").format(name=username)
            raise StoreError(msg)
        if grid_id and conn.scalar(select(s.grids.c.id).where(s.grids.c.id == grid_id)) is None:
            msg = _("unknown grid {grid!r}").format(grid=grid_id)
            raise StoreError(msg)
        if role != ADMIN:
            _keep_an_administrator(conn, username)
        grid = grid_id if role == LEADER else None
        values: dict[str, Any] = {"role": role, "grid_id": grid}
        if password is not None:
            values |= {"password_hash": HASHER.hash(password), "failed_logins": 0}
            values["locked_until"] = None
            end_sessions(conn, username, now)
        conn.execute(update(s.users).where(s.users.c.username == username).values(**values))
        after = {"role": role, "grid_id": grid} | ({"password": "reset"} if password else {})
        record(
            conn,
            audit_row(
                now,
                by,
                "change user",
                "user",
                username,
                {"role": row.role, "grid_id": row.grid_id},
                after,
            ),
        )


#: The demo store's users, one per role; their passwords are in the README. Only the
#: demo gets them (``python -m store load-demo``); a real store starts with the
#: administrator made by ``python -m store add-user``.
