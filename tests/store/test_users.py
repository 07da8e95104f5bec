"""Users: argon2-hashed passwords, one message for a wrong name or password, a lock
after five failures, retired users refused, every attempt in the audit trail."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select, update

from store import schema as s
from store.db import make_engine
from store.demo_users import demo_users
from store.errors import StoreError
from store.users import (
    LoginError,
    User,
    by_email,
    change_user,
    create_user,
    login,
    provider_user,
    set_active,
    users,
)

T0 = datetime(2026, 11, 27, 2)
PASSWORD = "correct horse battery"


@pytest.fixture
def engine(demo_db):
    e = make_engine(demo_db)
    create_user(e, "wang", display_name="王", role="dispatcher", password=PASSWORD, by="t")
    return e


def test_passwords_are_stored_hashed_and_checked(engine):
    with engine.connect() as conn:
        stored = conn.scalar(select(s.users.c.password_hash).where(s.users.c.username == "wang"))
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored
    user = login(engine, " WANG ", PASSWORD, now=T0)
    assert (user.username, user.role) == ("wang", "dispatcher")


def test_wrong_name_and_wrong_password_get_the_same_message(engine):
    for name, password in (("wang", "nope-nope-nope"), ("nobody", PASSWORD)):
        with pytest.raises(LoginError, match=r"^wrong username or password$"):
            login(engine, name, password, now=T0)


def test_five_failures_lock_the_user_for_fifteen_minutes(engine):
    for _ in range(4):
        with pytest.raises(LoginError, match="wrong username"):
            login(engine, "wang", "bad-password-x", now=T0)
    with pytest.raises(LoginError, match="locked for 15 min"):
        login(engine, "wang", "bad-password-x", now=T0)
    with pytest.raises(LoginError, match="locked for another"):
        login(engine, "wang", PASSWORD, now=T0 + timedelta(minutes=5))
    assert login(engine, "wang", PASSWORD, now=T0 + timedelta(minutes=16)).username == "wang"
    with engine.connect() as conn:
        actions = conn.scalars(
            select(s.audit.c.action).where(
                s.audit.c.entity == "user", s.audit.c.entity_id == "wang"
            )
        ).all()
    assert actions.count("login refused") == 6
    assert actions.count("login") == 1


def test_retired_users_cannot_sign_in_and_reactivation_lifts_a_lock(engine):
    set_active(engine, "wang", False, by="admin")
    with pytest.raises(LoginError, match=r"^wrong username or password$"):  # not "retired"
        login(engine, "wang", PASSWORD, now=T0)
    set_active(engine, "wang", True, by="admin")
    assert login(engine, "wang", PASSWORD, now=T0).role == "dispatcher"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"username": "a"}, "username: 2–64"),
        ({"username": "Zhang San"}, "username: 2–64"),
        ({"role": "god"}, "role: one of"),
        ({"password": "short"}, "at least 10"),
        ({"role": "grid leader"}, "needs their grid"),
        ({"password": None}, "a password or an e-mail"),
        ({"username": "wang"}, "is taken"),
    ],
)
def test_bad_users_are_refused(engine, kwargs, message):
    args = {"username": "zhang", "role": "viewer", "password": PASSWORD} | kwargs
    name = args.pop("username")
    with pytest.raises(StoreError, match=message):
        create_user(engine, name, display_name="x", by="admin", **args)


def test_identity_provider_users_are_found_by_email_and_demo_users_once(engine):
    create_user(engine, "li", display_name="李", role="planner", email="Li@Utility.cn", by="t")
    assert by_email(engine, "li@utility.cn").role == "planner"
    assert by_email(engine, "nobody@utility.cn") is None
    with pytest.raises(LoginError):
        login(engine, "li", "", now=T0)  # no password: no built-in login
    demo_users(engine)  # make's store may hold them already: then nothing is added
    assert {"admin", "dispatcher", "coordinator", "planner", "leader", "viewer"} <= set(
        users(engine)["username"]
    )
    assert demo_users(engine) == []  # never twice
    shown = dict(zip(users(engine)["username"], users(engine)["display_name"], strict=True))
    assert shown["dispatcher"] == "演示调度员"
    assert shown["leader"] == "演示网格长（G01）"


def test_a_demo_user_made_with_the_first_english_name_gets_the_chinese_one(engine):
    demo_users(engine)
    with engine.begin() as conn:
        for username, name in (("coordinator", "Demo emergency coordinator"), ("planner", "张伟")):
            conn.execute(
                update(s.users).where(s.users.c.username == username).values(display_name=name)
            )
    assert demo_users(engine) == []
    shown = dict(zip(users(engine)["username"], users(engine)["display_name"], strict=True))
    assert shown["coordinator"] == "演示应急指挥"
    assert shown["planner"] == "张伟"  # a name someone chose is kept


def test_the_audit_trail_is_append_only_in_the_database(tmp_path):
    from sqlalchemy import delete, update
    from sqlalchemy.exc import DatabaseError

    from store.audit import audit_row, record
    from store.db import transaction

    engine = make_engine(f"sqlite:///{tmp_path / 'a.db'}")
    s.create(engine)
    with transaction(engine) as conn:
        record(conn, audit_row(T0, "x", "add", "user", "x"))
    for statement in (update(s.audit).values(user="someone else"), delete(s.audit)):
        with pytest.raises(DatabaseError, match="append-only"), transaction(engine) as conn:
            conn.execute(statement)
    with engine.connect() as conn:
        assert conn.execute(select(s.audit.c.user)).scalars().all() == ["x"]


def test_an_identity_providers_sign_in_takes_the_tables_role_then_the_claims(engine):
    create_user(engine, "li", display_name="Li", role="planner", email="li@utility.test", by="t")
    # the user table comes first, whatever the claim says
    li = provider_user(engine, {"email": "LI@utility.test", "dualgrid_role": "administrator"})
    assert (li.username, li.role) == ("li", "planner")
    # no entry: the claim's role (a list: the first DualGrid role in it), with the grid
    zhao = provider_user(
        engine,
        {
            "email": "zhao@utility.test",
            "name": "Zhao",
            "roles": ["staff", "grid leader"],
            "grid": "G07",
        },
        role_claim="roles",
        grid_claim="grid",
    )
    assert zhao == User("zhao@utility.test", "Zhao", "grid leader", "G07")
    # neither: no role, nothing audited
    assert provider_user(engine, {"email": "x@utility.test", "dualgrid_role": "root"}) is None
    assert provider_user(engine, {"email": "x@utility.test"}) is None
    # a retired entry is refused even when the claim would let them in
    set_active(engine, "li", False, by="admin")
    assert provider_user(engine, {"email": "li@utility.test", "dualgrid_role": "viewer"}) is None
    with engine.connect() as conn:
        logins = conn.execute(
            select(s.audit.c.user, s.audit.c.after).where(
                s.audit.c.action == "login", s.audit.c.after.like("%identity provider%")
            )
        ).all()
    assert [r.user for r in logins] == ["li", "zhao@utility.test"]
    assert "claim roles" in logins[1].after


def test_an_administrator_changes_a_role_and_resets_a_password(engine):
    from store.sessions import open_session, session_user

    token = open_session(engine, "wang", now=T0)
    change_user(engine, "wang", role="grid leader", grid_id="G03", by="admin", now=T0)
    assert session_user(engine, token, now=T0).role == "grid leader"  # same session, new role
    with pytest.raises(StoreError, match="a grid leader needs their grid"):
        change_user(engine, "wang", role="grid leader", by="admin")
    with pytest.raises(StoreError, match="role: one of"):
        change_user(engine, "wang", role="root", by="admin")
    with pytest.raises(StoreError, match="unknown user 'nobody'"):
        change_user(engine, "nobody", role="viewer", by="admin")
    with pytest.raises(StoreError, match="unknown grid 'G99'"):
        change_user(engine, "wang", role="grid leader", grid_id="G99", by="admin")
    with pytest.raises(StoreError, match="at least 10"):
        change_user(engine, "wang", role="viewer", password="short", by="admin")
    change_user(
        engine, "wang", role="viewer", grid_id="G03", password="a new one 2026", by="admin", now=T0
    )
    assert session_user(engine, token, now=T0) is None  # a reset ends open sessions
    assert login(engine, "wang", "a new one 2026", now=T0).role == "viewer"
    with pytest.raises(LoginError):
        login(engine, "wang", PASSWORD, now=T0)
    with engine.connect() as conn:
        changes = conn.execute(
            select(s.audit.c.before, s.audit.c.after).where(s.audit.c.action == "change user")
        ).all()
    assert len(changes) == 2
    assert '"role": "dispatcher"' in changes[0].before
    assert '"grid_id": null' in changes[1].after  # only a grid leader keeps a grid
    assert '"password": "reset"' in changes[1].after
    assert "a new one" not in changes[1].after


def test_the_last_administrator_keeps_the_role(engine):
    create_user(
        engine, "root", display_name="Root", role="administrator", password=PASSWORD, by="t"
    )
    # the store may hold the demo's users (make's store): retire its other administrators
    for name in users(engine).query("role == 'administrator' and username != 'root'")["username"]:
        set_active(engine, name, False, by="t")
    with pytest.raises(StoreError, match="root is the last administrator"):
        change_user(engine, "root", role="viewer", by="root")
    with pytest.raises(StoreError, match="root is the last administrator"):
        set_active(engine, "root", False, by="root")  # retiring them neither (finding 3)
    create_user(
        engine, "chen", display_name="Chen", role="administrator", password=PASSWORD, by="t"
    )
    change_user(engine, "root", role="viewer", by="chen")  # another remains
    assert login(engine, "root", PASSWORD, now=T0).role == "viewer"
