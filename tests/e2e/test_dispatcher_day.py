"""A dispatcher's day in Chromium, on a private copy of the demo store: after each action
the store is compared row by row with what it held before, and exactly the rows the
action stands for have changed.

A caller's request refused for a mistyped account (nothing written, nothing typed lost),
then taken; three steps in a row on a job that is not first in the list (that job and no
other); a plan committed with every assigned priority-1 job still with its crew; the
task sheet's chat text dated and marked overdue."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from store import schema as s
from store.board import clock

from .conftest import figure, idle, open_page, sign_in
from .storediff import Watch
from .ui import button, choose, code_text, field, options_of, selected, timed, view

pytestmark = pytest.mark.e2e
LOCAL = timedelta(hours=8)


def open_jobs(engine) -> dict[str, tuple]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(s.jobs.c.id, s.jobs.c.status, s.jobs.c.priority, s.jobs.c.member_id).where(
                s.jobs.c.status.in_(["new", "assigned", "en_route", "on_site"])
            )
        ).all()
    return {r.id: (r.status, r.priority, r.member_id) for r in rows}


def test_a_dispatchers_day(own_server, offline_page):
    engine, page = own_server.engine, offline_page
    page.goto(own_server.url)
    sign_in(page, "dispatcher")
    open_page(page, "Dispatch board")
    expect(page.get_by_role("heading", name="Dispatch board")).to_be_visible(timeout=60_000)
    header = page.get_by_test_id("stMetric").filter(has_text="Open jobs")
    expect(header).to_contain_text("36", timeout=60_000)

    # ---- a caller on the line: a mistyped account is refused, nothing is lost -----------
    seconds = timed(lambda: view(page, "Intake"), button(page, "Add request"))
    figure("view switch (baseline): click to the intake form", seconds)
    choose(page, "Channel", "95598", exact=True)
    choose(page, "Type", "outage", exact=True)
    field(page, "Customer account number").fill("7000100O01")  # a letter O
    field(page, "Description").fill("整条街停电，变压器冒烟")
    field(page, "Reporter").fill("罗先生")
    field(page, "Contact phone").fill("13800138000")
    with Watch(engine) as refused:
        seconds = timed(
            lambda: button(page, "Add request").click(),
            page.get_by_text("Not added: 1 problem"),
        )
        idle(page)
    figure("intake refused: click to message", seconds)
    assert refused.changes.tables() == set(), refused.changes
    expect(page.get_by_text("unknown account '7000100O01'")).to_be_visible()
    expect(field(page, "Description")).to_have_value("整条街停电，变压器冒烟")
    expect(field(page, "Reporter")).to_have_value("罗先生")
    expect(field(page, "Contact phone")).to_have_value("13800138000")
    expect(field(page, "Customer account number")).to_have_value("7000100O01")
    expect(selected(page, "Channel")).to_have_value("95598")

    field(page, "Customer account number").fill("7000100001")
    with Watch(engine) as taken:
        seconds = timed(
            lambda: button(page, "Add request").click(),
            page.get_by_text(re.compile(r"^Request added as J\d+")).first,
        )
        idle(page)
    figure("intake taken: click to confirmation", seconds)
    added = taken.changes.added_rows("requests")
    assert len(added) == 1
    assert added[0]["description"] == "整条街停电，变压器冒烟"
    assert added[0]["channel"] == "95598"
    assert added[0]["account_no"] == "7000100001"
    new_jobs = taken.changes.added_rows("jobs")
    assert len(new_jobs) <= 1
    assert taken.changes.tables() <= {"requests", "jobs", "job_events", "audit", "assignments",
                                      "member_status"}  # fmt: skip
    if new_jobs:  # counted in the header at once
        expect(header).to_contain_text("37")
    expect(field(page, "Description")).to_have_value("")  # ready for the next caller

    # ---- three steps in a row on a job that is not first in the list --------------------
    view(page, "Job")
    listed = options_of(page, "Job")
    target = next(t for t in listed[3:] if open_jobs(engine)[t.split(" · ")[0]][0] == "assigned")
    job_id = target.split(" · ")[0]
    holder = open_jobs(engine)[job_id][2]
    choose(page, "Job", target, exact=True)
    for step, status in (("en route", "en_route"), ("on site", "on_site"), ("done", "done")):
        with Watch(engine) as stepped:
            seconds = timed(
                lambda: button(page, f"Record the step for {job_id}").click(),
                page.get_by_text(f"{job_id}: {step} at").first,
            )
            idle(page)
        figure(f"job step ({step}): click to confirmation", seconds)
        changes = stepped.changes
        assert changes.changed_ids("jobs") == {job_id}, changes
        assert [r["job_id"] for r in changes.added_rows("job_events")] == [job_id]
        assert changes.added_rows("job_events")[0]["status"] == status
        assert [r["entity_id"] for r in changes.added_rows("audit")] == [job_id]
        assert changes.changed_ids("member_status") <= {holder}
        assert changes.tables() <= {"jobs", "job_events", "audit", "member_status"}
        expect(selected(page, "Job")).to_have_value(target)
    expect(page.get_by_text("Status: done")).to_be_visible()

    # ---- a plan: assigned priority-1 work stays with its crew ---------------------------
    before = open_jobs(engine)
    urgent_held = {j: m for j, (st_, p, m) in before.items() if p == 1 and st_ == "assigned"}
    view(page, "Board")
    seconds = timed(
        lambda: button(page, "Plan").click(),
        page.get_by_text(re.compile(r"^Proposed plan: ")),
    )
    figure("plan (5 s search): click to the proposal", seconds)
    with page.expect_download() as download:
        button(page, "The proposal as plan JSON").click()
    proposal = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    in_routes = {st["job"]: r["member"] for r in proposal["routes"] for st in r["stops"]}
    for job, member in urgent_held.items():
        assert in_routes.get(job) == member, f"{job} left {member}'s route unasked"
    tick = page.get_by_text(re.compile(r"^I have reviewed the \d+ job"))
    commit = page.get_by_role("button", name=re.compile(r"^Commit \d+ accepted route"))
    if tick.count():
        expect(commit).to_be_disabled()
        listed_off = tick.inner_text()
        tick.click()
    else:
        listed_off = ""
    expect(commit).to_be_enabled(timeout=60_000)
    with Watch(engine) as committed:
        seconds = timed(commit.click, page.get_by_text(re.compile(r"^Committed \d+ route")).first)
        idle(page)
    figure("commit: click to confirmation", seconds)
    after = open_jobs(engine)
    for job, member in urgent_held.items():
        assert after[job][2] == member, f"{job}: {member} → {after[job][2]}"
    for job in committed.changes.changed_ids("jobs"):
        was, now = before[job], after.get(job)
        assert now is not None
        if now[2] == in_routes.get(job):
            continue  # given to the member whose route the proposal drew
        assert now[0] == "new", (job, was, now)  # taken off a route: listed and ticked
        assert job in listed_off or listed_off.count("J") >= 12
    assert committed.changes.tables() <= {"jobs", "assignments", "job_events", "audit"}

    # ---- the task sheet's chat text: dated, overdue marked -----------------------------
    view(page, "Task sheets")
    expect(page.get_by_test_id("stCode").first).to_be_visible(timeout=60_000)
    member = re.search(r"\((M\d+)\)", selected(page, "Member").input_value())[1]
    now = clock(engine).now() + LOCAL
    with engine.connect() as conn:
        due = dict(
            conn.execute(
                select(s.jobs.c.id, s.jobs.c.deadline).where(
                    s.jobs.c.member_id == member,
                    s.jobs.c.status.in_(["assigned", "en_route", "on_site"]),
                )
            ).all()
        )
    text = code_text(page)
    assert text.splitlines()[0].endswith(f"{now:%Y-%m-%d} {now:%H:%M}") or (
        f"{now:%Y-%m-%d}" in text.splitlines()[0]
    )
    for job, deadline in due.items():
        line = next(x for x in text.splitlines() if f" · {job}" in x)
        local = deadline + LOCAL
        if local < now:
            assert "⚠ overdue" in line, line
        if local.date() != now.date():
            assert f"{local:%m-%d %H:%M}" in line, line
    assert page.get_by_test_id("stException").count() == 0
    assert page.blocked == []
