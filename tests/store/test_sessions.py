"""Built-in sessions: a token opens the user's session until sign-out, the end of the
shift or the user's retirement; only its hash is kept; the role is read afresh."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select, update

from store import schema as s
from store.db import make_engine
from store.sessions import SHIFT, end_session, open_session, session_user
from store.users import create_user, set_active

T0 = datetime(2026, 11, 27, 1)


@pytest.fixture
def engine(demo_db):
    e = make_engine(demo_db)
    create_user(e, "wang", display_name="王", role="dispatcher", password="dispatch-2026!", by="t")
    return e


def test_a_token_opens_the_session_until_sign_out(engine):
    token = open_session(engine, "wang", now=T0)
    assert len(token) >= 40
    assert session_user(engine, token, now=T0 + timedelta(hours=1)).role == "dispatcher"
    with engine.connect() as conn:
        kept = conn.scalars(select(s.sessions.c.token_hash)).all()
    assert token not in kept  # only its hash
    assert session_user(engine, token[:-1] + "x", now=T0) is None
    assert session_user(engine, None, now=T0) is None
    end_session(engine, token, now=T0 + timedelta(hours=2))
    assert session_user(engine, token, now=T0 + timedelta(hours=2)) is None
    with engine.connect() as conn:
        signed_out = conn.execute(
            select(s.audit.c.user).where(s.audit.c.action == "sign out")
        ).all()
    assert [r.user for r in signed_out] == ["wang"]


def test_a_session_ends_with_the_shift_and_with_the_user(engine):
    token = open_session(engine, "wang", now=T0)
    assert session_user(engine, token, now=T0 + SHIFT - timedelta(minutes=1)) is not None
    assert session_user(engine, token, now=T0 + SHIFT) is None
    other = open_session(engine, "wang", now=T0)
    set_active(engine, "wang", False, by="admin")
    assert session_user(engine, other, now=T0 + timedelta(minutes=5)) is None


def test_retirement_ends_sessions_for_good(engine):
    """Issue 16, finding 3: a retired user's old token opened the app again after they
    were reactivated."""
    token = open_session(engine, "wang", now=T0)
    set_active(engine, "wang", False, by="admin")
    set_active(engine, "wang", True, by="admin")
    assert session_user(engine, token, now=T0 + timedelta(minutes=5)) is None


def test_the_role_is_read_afresh(engine):
    token = open_session(engine, "wang", now=T0)
    with engine.begin() as conn:
        conn.execute(update(s.users).where(s.users.c.username == "wang").values(role="viewer"))
    assert session_user(engine, token, now=T0 + timedelta(minutes=1)).role == "viewer"
