"""An emergency coordinator's day in Chromium, on a private copy of the demo store: the
demo flood comes in, one job's priority is pinned (that job and no other changes), the
surge is planned and drawn, the commit writes exactly the routes that were drawn and is
confirmed where the review was, and the report gives first ETAs from those routes."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from store import schema as s

from .conftest import figure, idle, open_page, sign_in
from .storediff import Watch
from .ui import button, choose, options_of, timed, view

SHOTS = Path(os.environ.get("DUALGRID_SCREENSHOTS", "/tmp/coordinator-shots"))

pytestmark = pytest.mark.e2e
MAP = 'iframe[title="streamlit_folium.st_folium"]'


def committed(engine, members: list[str]) -> dict[str, list[str]]:
    """Each member's open jobs in the committed order."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(s.assignments.c.member_id, s.assignments.c.job_id)
            .join(s.jobs, s.jobs.c.id == s.assignments.c.job_id)
            .where(
                s.assignments.c.active.is_(True),
                s.assignments.c.member_id.in_(members),
                s.jobs.c.status.in_(["assigned", "en_route", "on_site"]),
            )
            .order_by(s.assignments.c.member_id, s.assignments.c.seq)
        ).all()
    out: dict[str, list[str]] = {}
    for member, job in rows:
        out.setdefault(member, []).append(job)
    return out


def stops_drawn(page) -> int:
    return page.frame_locator(MAP).first.locator(".leaflet-marker-pane .dg-stop").count()


def test_an_emergency_coordinators_day(own_server, offline_page):
    engine, page = own_server.engine, offline_page
    page.goto(own_server.url)
    sign_in(page, "coordinator")
    open_page(page, "Flood emergency")
    expect(page.get_by_role("heading", name="Flood emergency")).to_be_visible(timeout=60_000)

    with Watch(engine) as flood:
        seconds = timed(
            lambda: button(page, "Load the demo flood").click(),
            page.get_by_text(re.compile(r"^Demo flood: imported: 300 new")).first,
            timeout=300_000,
        )
        idle(page)
    figure("demo flood: click to confirmation", seconds)
    assert len(flood.changes.added_rows("flood_areas")) == 2
    assert len(flood.changes.added_rows("requests")) == 300
    under = page.get_by_test_id("stMetric").filter(has_text="Under water (households)")
    expect(under).not_to_contain_text("Under water (households)0")

    # ---- pin one job's priority: that job, and no other --------------------------------
    expect(page.frame_locator(MAP).first.locator(".leaflet-container")).to_be_visible(
        timeout=120_000
    )
    listed = options_of(page, "Pin a job's priority")
    target = listed[len(listed) // 2]
    job = target.split(" · ")[0]
    choose(page, "Pin a job's priority", target, exact=True)
    choose(page, "Priority", "1", exact=True)
    with Watch(engine) as pinned:
        seconds = timed(
            lambda: button(page, "Pin").click(),
            page.get_by_text(f"{job}: priority pinned at 1").first,
        )
        idle(page)
    figure("pin: click to confirmation", seconds)
    assert pinned.changes.changed_ids("jobs") == {job}, pinned.changes
    assert pinned.changes.tables() == {"jobs", "audit"}

    # ---- plan the surge: drawn on the map at once ---------------------------------------
    slider = page.get_by_test_id("stSlider").filter(has_text="Search (s)").get_by_role("slider")
    slider.focus()
    slider.press("ArrowLeft")  # 20 s → 10 s
    expect(page.get_by_test_id("stSlider").filter(has_text="Search (s)")).to_contain_text("10")
    idle(page)
    seconds = timed(
        lambda: button(page, "Plan the surge").click(),
        page.get_by_text(re.compile(r"^Surge plan ready in ")).first,
        timeout=300_000,
    )
    figure("surge plan (10 s search): click to the plan on the map", seconds)
    with page.expect_download() as download:
        button(page, "The proposal as plan JSON").click()
    proposal = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    routes = {r["member"]: [st["job"] for st in r["stops"]] for r in proposal["routes"]}
    assert routes
    expect(page.frame_locator(MAP).first.locator(".dg-stop").first).to_be_attached(timeout=60_000)
    assert stops_drawn(page) == sum(len(r) for r in routes.values())

    # ---- commit: confirmed where the review was; the store holds what was drawn --------
    tick = page.get_by_text(re.compile(r"^I have reviewed the \d+ job"))
    if tick.count():
        tick.click()
    commit = page.get_by_role("button", name=re.compile(r"^Commit \d+ accepted route"))
    expect(commit).to_be_enabled(timeout=60_000)
    with Watch(engine) as written:
        seconds = timed(commit.click, page.get_by_text(re.compile(r"^Committed \d+ route")).first)
        idle(page)
    figure("surge commit: click to confirmation", seconds)
    assert committed(engine, list(routes)) == routes
    assert written.changes.tables() <= {"jobs", "assignments", "job_events", "audit"}
    expect(page.frame_locator(MAP).first.locator(".dg-stop").first).to_be_attached(
        timeout=60_000
    )  # the committed routes stay drawn
    assert stops_drawn(page) >= sum(len(r) for r in routes.values())

    # ---- the report: first ETAs from the committed routes, who and what is cut off -----
    eta_line = page.get_by_test_id("stMarkdownContainer").filter(
        has_text=re.compile(r"Affected districts — first ETA \(\d+ of \d+")
    )
    seconds = timed(lambda: view(page, "Report"), eta_line)
    figure("situation report: click to the report", seconds)
    heading = eta_line.inner_text()
    with_eta, total = map(int, re.search(r"\((\d+) of (\d+) with a crew", heading).groups())
    assert total > 0
    assert with_eta > 0
    for title in ("Members stranded", "Districts cut off", "Critical customers hit"):
        expect(page.get_by_text(re.compile(rf"^{title} \(\d+")).first).to_be_visible()
    with page.expect_download() as download:
        button(page, "Situation report (Markdown)").click()
    report = Path(download.value.path()).read_text(encoding="utf-8")
    assert "## Members stranded (" in report
    assert "## Districts cut off (" in report
    # an ETA in the table, then when the power is back (or how many still wait for a crew)
    assert re.search(r"\| \d\d:\d\d \| [^|]+ \|$", report, re.MULTILINE)
    assert "| power back (est.) |" in report
    backs = re.findall(r"\| ([^|]+) \|$", report, re.MULTILINE)
    assert any(re.fullmatch(r"(\d\d-\d\d )?\d\d:\d\d|\d+ with no crew yet", b) for b in backs)
    SHOTS.mkdir(parents=True, exist_ok=True)
    eta_line.locator("xpath=following::*[@data-testid='stDataFrame'][1]").screenshot(
        path=str(SHOTS / "flood-report-power-back.png")
    )
    assert page.get_by_test_id("stException").count() == 0
    assert page.blocked == []
