"""Field members' access: a one-time code, shown once and stored hashed, turned into a
password at the first sign-in; a wrong, spent or expired code refused in one line;
giving a code again ends the old one; retiring the member ends their access."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from dispatch.roles import FIELD, may_open
from store import schema as s
from store.db import make_engine
from store.errors import StoreError
from store.field_access import CODE_VALID, give_access, has_access, redeem
from store.roster import retire_member
from store.sessions import open_session, session_user
from store.users import LoginError, login

T0 = datetime(2026, 11, 27, 2)
PASSWORD = "my phone 2026"


@pytest.fixture
def engine(demo_db):
    return make_engine(demo_db)


def _free_member(engine, grid: str = "G03") -> str:
    """An active staff member of ``grid`` holding no open job (one that may retire)."""
    with engine.connect() as conn:
        busy = select(s.jobs.c.member_id).where(
            s.jobs.c.status.in_(("assigned", "en_route", "on_site")),
            s.jobs.c.member_id.is_not(None),
        )
        return conn.scalar(
            select(s.members.c.id)
            .where(
                s.members.c.grid_id == grid,
                s.members.c.kind == "staff",
                s.members.c.role == "staff",
                s.members.c.active.is_(True),
                s.members.c.id.not_in(busy),
            )
            .order_by(s.members.c.id)
        )


def test_a_code_becomes_the_members_password_once(engine):
    member = _free_member(engine)
    access = give_access(engine, member, by="leader", now=T0)
    assert access.username == member.lower()
    assert len(access.code) == 8
    assert access.code.isdigit()
    assert access.expires_at == T0 + CODE_VALID
    with engine.connect() as conn:
        row = conn.execute(select(s.users).where(s.users.c.username == access.username)).one()
    assert access.code not in (row.code_hash or "")  # stored hashed, never as given
    assert row.role == FIELD
    assert row.member_id == member
    assert row.grid_id == "G03"
    assert has_access(engine, [member]) == {member: "code given"}
    with pytest.raises(LoginError):  # no password yet: the code is for the first sign-in
        login(engine, access.username, access.code, now=T0)

    user = redeem(engine, access.username, access.code, PASSWORD, now=T0 + timedelta(hours=1))
    assert user.member_id == member
    assert user.role == FIELD
    assert login(engine, access.username, PASSWORD, now=T0).member_id == member
    assert has_access(engine, [member]) == {member: "active"}
    with pytest.raises(LoginError, match="wrong username or access code"):  # spent
        redeem(engine, access.username, access.code, "another password", now=T0)
    assert may_open(FIELD, "views/field.py")
    assert not may_open(FIELD, "views/board.py")
    assert not may_open(FIELD, "views/county_map.py")


def test_a_wrong_or_expired_code_and_a_short_password_are_refused(engine):
    member = _free_member(engine)
    access = give_access(engine, member, by="admin", now=T0)
    wrong = "00000000" if access.code != "00000000" else "11111111"
    with pytest.raises(LoginError, match="wrong username or access code"):
        redeem(engine, access.username, wrong, PASSWORD, now=T0)
    with pytest.raises(StoreError, match="at least 10 characters"):
        redeem(engine, access.username, access.code, "short", now=T0)
    late = T0 + CODE_VALID + timedelta(minutes=1)
    with pytest.raises(LoginError, match="expired: ask your grid leader"):
        redeem(engine, access.username, access.code, PASSWORD, now=late)
    with engine.connect() as conn:
        trail = conn.execute(
            select(s.audit.c.action, s.audit.c.after).where(s.audit.c.entity_id == access.username)
        ).all()
    assert [a for a, _ in trail].count("first sign-in refused") == 2  # the short one: nothing
    assert all(access.code not in str(after) for _, after in trail)


def test_a_code_given_again_ends_the_old_code_the_password_and_the_sessions(engine):
    member = _free_member(engine)
    first = give_access(engine, member, by="leader", now=T0)
    redeem(engine, first.username, first.code, PASSWORD, now=T0)
    token = open_session(engine, first.username, now=T0)
    assert session_user(engine, token, now=T0) is not None
    again = give_access(engine, member, by="leader", now=T0 + timedelta(days=1))
    assert session_user(engine, token, now=T0 + timedelta(days=1)) is None  # phone lost
    with pytest.raises(LoginError):
        login(engine, first.username, PASSWORD, now=T0 + timedelta(days=1))
    if again.code != first.code:
        with pytest.raises(LoginError):
            redeem(engine, first.username, first.code, PASSWORD, now=T0 + timedelta(days=1))
    assert redeem(engine, again.username, again.code, PASSWORD, now=T0 + timedelta(days=1))


def test_a_leader_gives_access_in_their_grid_only_and_to_members_on_the_roster(engine):
    member = _free_member(engine, "G03")
    with pytest.raises(StoreError, match=f"{member} is not in grid G01"):
        give_access(engine, member, by="leader", in_grid="G01", now=T0)
    with pytest.raises(StoreError, match="no member M9999 on the roster"):
        give_access(engine, "M9999", by="leader", now=T0)
    with engine.connect() as conn:
        assert conn.scalar(select(s.users.c.username).where(s.users.c.member_id == member)) is None


def test_retiring_the_member_ends_their_access(engine):
    member = _free_member(engine)
    access = give_access(engine, member, by="leader", now=T0)
    redeem(engine, access.username, access.code, PASSWORD, now=T0)
    token = open_session(engine, access.username, now=T0)
    retire_member(engine, member, reason="moved away", by="leader", now=T0)
    assert session_user(engine, token, now=T0) is None
    with pytest.raises(LoginError):
        login(engine, access.username, PASSWORD, now=T0)
    assert has_access(engine, [member]) == {member: "retired"}
    with engine.connect() as conn:
        said = conn.scalar(
            select(s.audit.c.after).where(
                s.audit.c.action == "retire", s.audit.c.entity_id == member
            )
        )
    assert "field access" in str(said)
