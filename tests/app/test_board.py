"""The dispatch board under AppTest: plan, review, commit; two dispatchers at once;
intake refusing bad input; a job's step."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from dispatch.crews import shift_crews
from store import schema as s
from store.db import make_engine
from store.queries import counts
from store.snapshot import snapshot

from .conftest import open_page


def board(demo_db) -> AppTest:
    return open_page("views/board.py", timeout=120)


@pytest.fixture
def env(store_env):
    return store_env


def button(at: AppTest, prefix: str):
    return next(b for b in at.button if b.label.startswith(prefix))


def map_script(at: AppTest) -> str:
    frames = [
        e
        for e in at.get("component_instance")
        if e.proto.component_name == "streamlit_folium.st_folium"
    ]
    return json.loads(frames[0].proto.json_args)["script"]


def plan(at: AppTest) -> None:
    at.select_slider(key="board.seconds").set_value(2).run()
    button(at, "Plan").click().run()
    assert not at.exception, at.exception


def commit(at: AppTest) -> None:
    """Commit the proposal; where it takes work off a crew, the commit waits for the tick."""
    ticks = [c for c in at.checkbox if c.label.startswith("I have reviewed the ")]
    if ticks:
        assert button(at, "Commit").disabled
        ticks[0].check().run()
    assert not button(at, "Commit").disabled
    button(at, "Commit").click().run()


@pytest.mark.full_county  # asserts what the whole demo county holds
def test_plan_review_and_commit(env):
    at = board(env)
    shown = {m.label: m.value for m in at.metric}
    assert shown["Open jobs"] == "36"
    assert "Committed routes" in map_script(at)
    plan(at)
    summary = [x.value for x in at.markdown]
    assert any(text.startswith("#### Proposed plan: ") for text in summary)
    script = map_script(at)
    assert "Proposed routes" in script
    assert "L.polyline" in script or "polyline" in script.lower()
    assert "https://" not in script
    commit(at)
    assert not at.exception
    assert any(x.value.startswith("Committed ") for x in at.success)
    assert "Committed routes" in map_script(at)  # the map shows what was committed
    with make_engine(env).connect() as conn:
        fresh = conn.scalar(
            select(func.count())
            .select_from(s.jobs)
            .where(s.jobs.c.status == "new", s.jobs.c.member_id.is_(None))
        )
        with_eta = conn.scalar(
            select(func.count())
            .select_from(s.assignments)
            .where(s.assignments.c.active.is_(True), s.assignments.c.eta.is_not(None))
        )
    assert fresh < 9  # the demo had nine unassigned jobs
    assert with_eta > 0


def test_two_dispatchers_the_second_gets_a_conflict_and_a_fresh_view(env):
    first, second = board(env), board(env)
    plan(first)
    plan(second)
    commit(first)
    assert any(x.value.startswith("Committed ") for x in first.success)
    audit_before = counts(make_engine(env))["audit"]
    commit(second)
    assert not second.exception
    errors = [x.value for x in second.error]
    assert any("conflict" in e and "nothing was committed" in e for e in errors)
    assert not any(b.label.startswith("Commit") for b in second.button)  # proposal dropped
    assert counts(make_engine(env))["audit"] == audit_before + 1  # the refused attempt
    engine = make_engine(env)
    a = s.assignments.c
    with engine.connect() as conn:
        doubled = {
            r.job_id
            for r in conn.execute(
                select(a.job_id)
                .where(a.active.is_(True))
                .group_by(a.job_id)
                .having(func.count() > 1)
            )
        }
        held = conn.execute(
            select(a.job_id, a.member_id, s.jobs.c.member_id.label("holder"))
            .join(s.jobs, s.jobs.c.id == a.job_id)
            .where(a.active.is_(True), a.job_id.in_(sorted(doubled)))
        ).all()
    crews = shift_crews(snapshot(engine)).pairs
    # a job is on one route only: two people hold it only as the lead and mate of a crew
    holder = {r.job_id: r.holder for r in held}
    people: dict[str, set[str]] = {}
    for r in held:
        people.setdefault(r.job_id, set()).add(r.member_id)
    assert all(people[j] == {h, crews.get(h)} for j, h in holder.items())


def test_intake_form_refuses_bad_input_keeps_it_and_takes_good(env):
    at = board(env)
    at.segmented_control(key="board.view").set_value("Intake").run()
    before = counts(make_engine(env))
    open_jobs = {m.label: m.value for m in at.metric}["Open jobs"]
    at.selectbox(key="intake.channel.0").set_value("95598")
    at.text_area(key="intake.description.0").set_value("整条街停电")
    at.text_input(key="intake.phone.0").set_value("13800138000")
    at.text_input(key="intake.account.0").set_value("0000000000")  # with the submit, one run
    button(at, "Add request").click().run()
    assert not at.exception
    assert any("unknown account" in e.value for e in at.error)
    assert any(e.value.startswith("Not added: 1 problem") for e in at.error)
    assert counts(make_engine(env)) == before
    # what the caller said is still there
    assert at.text_input(key="intake.account.0").value == "0000000000"
    assert at.text_area(key="intake.description.0").value == "整条街停电"
    assert at.text_input(key="intake.phone.0").value == "13800138000"
    assert at.selectbox(key="intake.channel.0").value == "95598"
    with make_engine(env).connect() as conn:
        account = conn.scalar(select(s.customers.c.account_no).limit(1))
    at.text_input(key="intake.account.0").set_value(account)
    button(at, "Add request").click().run()
    assert not at.exception
    assert any(x.value.startswith("Request added as J") for x in at.success)
    assert counts(make_engine(env))["requests"] == before["requests"] + 1
    # the header counts it at once, and the form is empty for the next caller
    assert int({m.label: m.value for m in at.metric}["Open jobs"]) >= int(open_jobs)
    assert at.text_input(key="intake.account.1").value == ""
    assert at.text_area(key="intake.description.1").value == ""


@pytest.mark.full_county  # asserts what the whole demo county holds
def test_a_job_step_from_the_page(env):
    at = board(env)
    at.segmented_control(key="board.view").set_value("Job").run()
    with make_engine(env).connect() as conn:
        job = conn.scalar(select(s.jobs.c.id).where(s.jobs.c.status == "en_route").limit(1))
    at.selectbox(key="board.job").set_value(job).run()
    at.radio[0].set_value("on_site")
    button(at, "Record the step").click().run()
    assert not at.exception
    assert any("on site" in x.value for x in at.success)
    assert at.selectbox(key="board.job").value == job  # still the job the step was for
    with make_engine(env).connect() as conn:
        assert conn.scalar(select(s.jobs.c.status).where(s.jobs.c.id == job)) == "on_site"


def test_task_sheet_masks_contacts(env):
    at = board(env)
    at.segmented_control(key="board.view").set_value("Task sheets").run()
    assert not at.exception
    table = at.dataframe[0].value
    assert len(table) > 0
    assert all(c == "—" or "****" in c for c in table["contact"])
    assert at.code[0].value.startswith("【Tasks】")


def test_a_plan_asked_for_in_a_run_that_was_stopped_is_made_on_the_next(env):
    """The page reran (a map reporting back) while the plan was being made: the request
    is still held, and the next run makes the plan instead of dropping the click."""
    at = board(env)
    at.session_state["asked.board.plan"] = ("station", 2.0, frozenset({"assigned"}))
    at.run()
    assert not at.exception
    assert any(x.value.startswith("#### Proposed plan: ") for x in at.markdown)
    assert "asked.board.plan" not in at.session_state


def test_a_viewers_open_board_does_not_drive_the_replay(env, monkeypatch):
    """Issue 16, finding 12: a read-only role's board stepped the demo day's replay."""
    import ui.board_header
    from actions.replay import start_replay
    from store.users import User

    steps = []
    monkeypatch.setattr(ui.board_header, "replay_step", lambda *a, **k: steps.append(a))
    start_replay(make_engine(env), 300.0)
    viewer = open_page("views/board.py", user=User("v", "Viewer", "viewer"))
    assert not viewer.exception
    assert steps == []
    assert any(b.label == "Re-speed" and b.disabled for b in viewer.button)
    board(env)  # an administrator's board ticks
    assert len(steps) >= 1
