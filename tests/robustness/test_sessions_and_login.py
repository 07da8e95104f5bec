"""Issue 16, findings 3 and 13: sessions that outlived sign-out, retirement, a password
reset or a demotion; the last administrator retired; a login whose time and words told a
real user name from an unknown one."""

from __future__ import annotations

import statistics
import time
from datetime import datetime, timedelta

import pytest

import store.users as store_users
from store.db import make_engine
from store.errors import StoreError
from store.sessions import open_session, session_user
from store.users import LoginError, change_user, create_user, login, set_active, users

T0 = datetime(2026, 11, 27, 1)
PASSWORD = "a-long-password-2026"


@pytest.fixture
def engine(demo_db):
    e = make_engine(demo_db)
    create_user(e, "wang", display_name="王", role="dispatcher", password=PASSWORD, by="t")
    return e


def test_every_way_a_session_ends_ends_it(engine, figure):
    """Sign-out elsewhere is end_session (tested in tests/store); here the others."""
    ended = []
    for how, act in (
        ("password reset", lambda: change_user(engine, "wang", role="dispatcher",
                                               password="another-password-2026", by="admin")),
        ("retired", lambda: set_active(engine, "wang", False, by="admin")),
    ):  # fmt: skip
        token = open_session(engine, "wang", now=T0)
        act()
        set_active(engine, "wang", True, by="admin")  # even once reactivated
        assert session_user(engine, token, now=T0 + timedelta(minutes=1)) is None
        ended.append(how)
    token = open_session(engine, "wang", now=T0)
    change_user(engine, "wang", role="viewer", by="admin")
    assert session_user(engine, token, now=T0 + timedelta(minutes=1)).role == "viewer"
    figure(
        f"sessions: ended by {', '.join(ended)} (also after reactivation); a demotion applies "
        "at the next run"
    )


def test_no_path_leaves_the_county_without_an_administrator(engine, figure):
    create_user(engine, "root", display_name="Root", role="administrator", password=PASSWORD,
                by="t")  # fmt: skip
    for name in users(engine).query("role == 'administrator' and username != 'root'")["username"]:
        set_active(engine, name, False, by="t")
    refused = []
    for how, act in (
        ("retire", lambda: set_active(engine, "root", False, by="root")),
        ("demote", lambda: change_user(engine, "root", role="viewer", by="root")),
    ):
        with pytest.raises(StoreError, match="root is the last administrator"):
            act()
        refused.append(how)
    assert login(engine, "root", PASSWORD, now=T0).role == "administrator"
    figure(f"last administrator: {' and '.join(refused)} refused")


def test_unknown_wrong_and_retired_take_as_long_and_say_the_same(engine, figure, monkeypatch):
    create_user(engine, "li", display_name="李", role="viewer", password=PASSWORD, by="t")
    set_active(engine, "li", False, by="t")
    verified = []
    real = store_users.verified
    monkeypatch.setattr(store_users, "verified", lambda h, p: verified.append(h) or real(h, p))
    times: dict[str, list[float]] = {"unknown": [], "wrong password": [], "retired": []}
    words = {}
    for _ in range(5):
        for case, (name, password) in {
            "unknown": ("nobody-here", PASSWORD),
            "wrong password": ("wang", "not-the-password"),
            "retired": ("li", PASSWORD),
        }.items():
            started = time.perf_counter()
            with pytest.raises(LoginError) as refused:
                login(engine, name, password, now=T0)
            times[case].append(time.perf_counter() - started)
            words[case] = str(refused.value)
        login(engine, "wang", PASSWORD, now=T0)  # no lock from the wrong passwords
    assert set(words.values()) == {"wrong username or password"}
    assert len(verified) == 5 * 4  # a hash was checked for every attempt, the unknown too
    medians = {case: statistics.median(ts) * 1000 for case, ts in times.items()}
    figure(
        "login refused, median of 5: "
        + ", ".join(f"{case} {ms:.0f} ms" for case, ms in medians.items())
        + "; one message for all three"
    )
