"""A field member's phone pages (AppTest; the phone-sized browser walk is the e2e's):
their own route in order, the next step recorded as theirs, nothing of another member's;
the roster gives them access and the sign-in page turns the code into a password."""

from __future__ import annotations

from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from dispatch.roles import FIELD, LEADER
from store import schema as s
from store.db import make_engine
from store.field_access import give_access
from store.users import User

from .conftest import APP, open_page


def _holder(engine) -> tuple[str, str, str, list[str]]:
    """A member holding assigned work: (member, name, grid, their open jobs)."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(s.jobs.c.id, s.jobs.c.member_id, s.members.c.name, s.members.c.grid_id)
            .join(s.members, s.members.c.id == s.jobs.c.member_id)
            .where(s.jobs.c.status == "assigned")
            .order_by(s.jobs.c.member_id, s.jobs.c.id)
        ).all()
    member, name, grid = rows[0].member_id, rows[0].name, rows[0].grid_id
    with engine.connect() as conn:
        held = conn.scalars(
            select(s.jobs.c.id).where(
                s.jobs.c.member_id == member,
                s.jobs.c.status.in_(("assigned", "en_route", "on_site")),
            )
        ).all()
    return member, name, grid, list(held)


def test_a_field_member_sees_their_route_and_steps_a_job_as_theirs(store_env):
    engine = make_engine(store_env)
    member, name, grid, held = _holder(engine)
    user = User(member.lower(), name, FIELD, grid, member_id=member)
    at = open_page("views/field.py", user=user)
    text = " ".join(m.value for m in at.markdown)
    assert at.title[0].value == "My tasks"
    with engine.connect() as conn:
        others = conn.scalars(
            select(s.jobs.c.id).where(
                s.jobs.c.member_id != member, s.jobs.c.status.in_(("assigned", "en_route"))
            )
        ).all()
    steps = [b for b in at.button if b.key and b.key.startswith("field.step.")]
    assert {b.key.split(".")[2] for b in steps} == set(held)  # theirs, each once
    assert not any(f"field.step.{j}." in (b.key or "") for j in others for b in at.button)
    assert "Arrive" in text
    first = steps[0]
    job, target = first.key.split(".")[2], first.key.split(".")[3]
    first.click().run()
    assert not at.exception
    with engine.connect() as conn:
        status = conn.scalar(select(s.jobs.c.status).where(s.jobs.c.id == job))
        by = conn.scalar(
            select(s.job_events.c.by)
            .where(s.job_events.c.job_id == job)
            .order_by(s.job_events.c.id.desc())
            .limit(1)
        )
    assert status == target
    assert by == member.lower()  # recorded as the member's own step
    assert any(f"{job}: " in m.value for m in at.success)
    if target == "en_route":  # the card offers the step after it now
        (after,) = [b for b in at.button if b.key == f"field.step.{job}.on_site"]
        assert after.label == "Arrived"


def test_the_roster_gives_a_code_and_the_member_turns_it_into_a_password(store_env):
    engine = make_engine(store_env)
    member, _name, grid, _held = _holder(engine)
    leader = User("leader-x", "Leader", LEADER, grid)
    at = open_page("views/roster.py", user=leader)
    at.selectbox(key=f"roster.member.{grid}").set_value(member).run()
    at.button(key=f"roster.access.{member}").click().run()
    assert not at.exception
    (shown,) = [m.value for m in at.success]
    code = shown.split("**")[3]  # "…sign in … as **m0016** with the code **12345678** …"
    assert code.isdigit()
    assert len(code) == 8

    first = sign_in_page()
    first.text_input(key="auth.first.username").input(member.lower())
    first.text_input(key="auth.first.code").input(code)
    first.text_input(key="auth.first.password").input("field 2026 phone")
    first.text_input(key="auth.first.again").input("field 2026 phone")
    first.button(key="FormSubmitter:auth.first-Sign in and keep this password").click().run()
    assert not first.exception
    assert first.session_state["auth.user"].member_id == member
    with engine.connect() as conn:
        row = conn.execute(select(s.users).where(s.users.c.member_id == member)).one()
    assert row.code_hash is None  # spent
    assert row.password_hash


def test_a_wrong_code_is_refused_next_to_the_form_and_what_was_typed_stays(store_env):
    engine = make_engine(store_env)
    member, *_ = _holder(engine)
    access = give_access(engine, member, by="test")
    wrong = "12345678" if access.code != "12345678" else "87654321"
    first = sign_in_page()
    first.text_input(key="auth.first.username").input(access.username)
    first.text_input(key="auth.first.code").input(wrong)
    first.text_input(key="auth.first.password").input("field 2026 phone")
    first.text_input(key="auth.first.again").input("field 2026 phone")
    first.button(key="FormSubmitter:auth.first-Sign in and keep this password").click().run()
    assert [e.value for e in first.error] == ["wrong username or access code"]
    assert first.text_input(key="auth.first.username").value == access.username
    assert "auth.user" not in first.session_state


def sign_in_page():  # the sign-in page, nobody signed in

    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception
    return at


def test_a_community_member_checks_a_customers_phone_and_sees_only_their_grids_group(store_env):
    engine = make_engine(store_env)
    with engine.connect() as conn:
        member, name, grid = conn.execute(
            select(s.members.c.id, s.members.c.name, s.members.c.grid_id)
            .where(s.members.c.kind == "community")
            .order_by(s.members.c.id)
        ).first()
        account = conn.scalar(select(s.customers.c.account_no).where(s.customers.c.grid_id == grid))
        other = conn.scalar(select(s.customers.c.account_no).where(s.customers.c.grid_id != grid))
    user = User(member.lower(), name, FIELD, grid, member_id=member)
    at = open_page("views/field_customer.py", user=user)
    at.text_input(key="field.customer").input(other).run()
    assert any("No customer" in e.value for e in at.error)  # another grid's: not shown
    at.text_input(key="field.customer").input(account).run()
    assert not at.error
    next(b for b in at.button if b.label == "The phone number is right").click().run()
    assert not at.exception
    with engine.connect() as conn:
        by = conn.scalar(
            select(s.customers.c.phone_verified_by).where(s.customers.c.account_no == account)
        )
    assert by == member

    at = open_page("views/groups.py", user=user)
    assert not at.exception
    assert not at.selectbox  # one group: their grid's, no choosing another
    assert grid in at.subheader[0].value
    at = open_page("views/field_report.py", user=user)
    assert not at.exception
    assert at.title[0].value == "Report"
