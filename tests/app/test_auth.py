"""Signing in and roles under AppTest: the built-in login, navigation by role, a page
refused to a role even when opened directly, and a write refused to a read-only role."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from dispatch.roles import FIELD, PAGES, ROLES, may_open
from store import schema as s
from store.db import make_engine
from store.users import User, change_user, create_user, set_active

from .conftest import APP, open_page

ROOT = Path(APP).parent


@pytest.fixture
def users(store_env):
    engine = make_engine(store_env)
    create_user(
        engine, "wang", display_name="王", role="dispatcher", password="dispatch-2026!", by="test"
    )
    return engine


def signed_out() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception
    return at


def sign_in(at: AppTest, username: str, password: str) -> AppTest:
    at.text_input(key="auth.username").set_value(username)
    at.text_input(key="auth.password").set_value(password)
    next(b for b in at.button if b.label == "Sign in").click().run()
    return at


def test_signed_out_only_the_sign_in_page(users):
    at = signed_out()
    assert at.title[0].value.startswith("DualGrid — sign in")
    sign_in(at, "wang", "wrong-password")
    assert [e.value for e in at.error] == ["wrong username or password"]
    assert "auth.user" not in at.session_state


def test_a_dispatcher_signs_in_and_sees_only_their_pages(users):
    at = sign_in(signed_out(), "wang", "dispatch-2026!")
    assert not at.exception
    assert at.session_state["auth.user"].role == "dispatcher"
    with pytest.raises(Exception):  # noqa: B017, PT011 — the planner's page is not registered
        at.switch_page("views/planning.py").run()


def test_a_page_opened_directly_checks_the_role_again(users):
    at = AppTest.from_file(str(ROOT / "views" / "planning.py"), default_timeout=120)
    at.session_state["auth.user"] = User("wang", "王", "dispatcher")
    at.run()
    assert any(
        "Refused: this page is not open to your role (dispatcher)" in e.value for e in at.error
    )
    assert not at.title  # nothing of the page was drawn


def test_a_viewer_may_look_but_not_write(store_env):
    """A viewer's write controls are drawn disabled, each saying why."""
    at = open_page("views/roster.py", user=User("v", "Viewer", "viewer"))
    add = next(b for b in at.button if b.label == "Add member")
    assert add.disabled
    assert "Not for your role (viewer)" in add.help
    member = next(s for s in at.selectbox if s.key and s.key.startswith("roster.member."))
    grid = member.key.rsplit(".", 1)[1]
    with make_engine(store_env).connect() as conn:
        someone = conn.scalar(
            select(s.members.c.id).where(s.members.c.grid_id == grid, s.members.c.active)
        )
    member.set_value(someone).run()
    writes = [b for b in at.button if b.label.startswith(("Move M", "Retire M", "Add member"))]
    assert len(writes) == 3
    assert all(b.disabled for b in writes)


@pytest.mark.full_county  # asserts what the whole demo county holds
def test_a_grid_leader_sees_and_changes_only_their_own_grid(store_env):
    # a name the user table does not hold: the role and grid are the identity provider's
    # (the demo's "leader" is G01's, and the table's word would win)
    at = open_page("views/roster.py", user=User("g03-leader", "Leader", "grid leader", "G03"))
    options = at.selectbox(key="roster.grid").options
    assert len(options) == 1
    assert options[0].startswith("G03 · ")
    assert not any(u.label.startswith("Import") for u in at.get("file_uploader"))
    evaluation = open_page(
        "views/evaluation.py", user=User("g03-leader", "L", "grid leader", "G03")
    )
    evaluation.segmented_control(key="evaluation.view").set_value("Members").run()
    (only,) = evaluation.selectbox(key="evaluation.members.grid").options
    assert only.startswith("G03 ")  # the grid by code and name


@pytest.mark.parametrize(
    ("role", "page"),
    [
        (role, page)
        for role in (*ROLES, FIELD)
        for page in sorted(PAGES)
        if not may_open(role, page)
    ],
)
def test_every_page_refuses_every_role_it_is_not_for(store_env, role, page):
    """Opened directly (as a typed URL would), the page stops before drawing anything."""
    at = AppTest.from_file(str(ROOT / page), default_timeout=120)
    at.session_state["auth.user"] = User("someone", "Someone", role, "G01")
    at.run()
    assert not at.exception
    assert any(f"not open to your role ({role})" in e.value for e in at.error)
    assert not at.title


def test_an_administrator_changes_a_users_role(users):
    at = open_page("views/users.py")
    at.selectbox(key="users.who").set_value("wang").run()
    at.selectbox(key="users.change.role.wang").set_value("viewer")
    next(b for b in at.button if b.label == "Change wang").click().run()
    assert not at.exception
    assert any("wang is now viewer" in m.value for m in at.success)
    assert at.session_state["auth.user"].role == "administrator"
    viewer = sign_in(signed_out(), "wang", "dispatch-2026!")
    assert viewer.session_state["auth.user"].role == "viewer"


def test_a_tab_signed_out_elsewhere_is_signed_out_at_its_next_action(users):
    """Issue 16, finding 3: an open tab kept writing after sign-out elsewhere, a
    retirement, a password reset or a demotion (the user cached in the session was
    trusted). Now the session is checked against the store on every run."""
    at = sign_in(signed_out(), "wang", "dispatch-2026!")
    assert at.session_state["auth.user"].role == "dispatcher"
    change_user(users, "wang", role="viewer", by="admin")  # demoted: applies at once
    at.run()
    assert at.session_state["auth.user"].role == "viewer"
    change_user(users, "wang", role="viewer", password="new-password-2026", by="admin")
    at.run()  # a new password ends the session
    assert "auth.user" not in at.session_state
    assert at.title[0].value.startswith("DualGrid — sign in")
    assert any("Your session has ended" in w.value for w in at.warning)


def test_a_retired_users_open_tab_is_signed_out(users):
    at = sign_in(signed_out(), "wang", "dispatch-2026!")
    set_active(users, "wang", False, by="admin")
    at.run()
    assert "auth.user" not in at.session_state
    assert at.title[0].value.startswith("DualGrid — sign in")


def test_a_write_with_nobody_signed_in_is_refused_not_made_under_a_role_name():
    """Issue 17: ``st.session_state.get("user", "dispatcher")`` wrote audit rows under a
    role's name when a session had no user. Who writes is now `auth.username`, which
    refuses when nobody is signed in."""

    def page() -> None:
        import streamlit as st

        from ui import auth

        try:
            st.write(f"writes as {auth.username()}")
        except auth.NotSignedInError as exc:
            st.error(str(exc))

    nobody = AppTest.from_function(page).run()
    assert not nobody.exception
    assert [e.value for e in nobody.error] == [
        "Nobody is signed in (the session has ended): sign in again. Nothing was written."
    ]
    someone = AppTest.from_function(page)
    someone.session_state["auth.user"] = User("wang", "Wang", "dispatcher")
    someone.run()
    assert not someone.error
    assert someone.markdown[0].value == "writes as wang"
