"""The board says when the power should be back (issue 21): for each open repair and
outage whose crew has arrived, the arrival plus the on-site time such jobs took in this
county's history, with its range — read in Chromium from the board's job table."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from dispatch.restoration import RESTORED_TYPES, OnSite, on_site_history
from store import past
from store.snapshot import snapshot
from ui.board import power_back

from .conftest import idle, open_page, sign_in
from .storediff import Watch

pytestmark = pytest.mark.e2e
SHOTS = Path(os.environ.get("DUALGRID_SCREENSHOTS", "/tmp/board-shots"))


def test_the_board_estimates_when_the_power_is_back(own_server, offline_page):
    engine, page = own_server.engine, offline_page
    model = OnSite(on_site_history(*past.on_site_steps(engine, RESTORED_TYPES)))
    arrived = [
        j for j in snapshot(engine).jobs if j.type in RESTORED_TYPES and j.on_site_at is not None
    ]
    assert len(arrived) >= 3  # the demo's morning has crews on site at outages
    page.goto(own_server.url)
    sign_in(page, "dispatcher")
    with Watch(engine) as looking:  # reading the board writes nothing
        open_page(page, "Dispatch board")
        expect(page.get_by_role("heading", name="Dispatch board")).to_be_visible(timeout=60_000)
        idle(page)
    table = page.get_by_test_id("stDataFrame").last
    expect(table.locator("tbody tr").first).to_be_attached(timeout=30_000)
    rows = _all_rows(page, table)
    assert len(rows) == 36
    for job in arrived:
        said = power_back(job, model)
        assert said.count(":") == 3  # "08:46 (08:22–09:26)"
        assert said in rows[job.id]
    # the demo's crews arrived hours ago: estimates past their range are flagged
    assert any(f"⚠ {power_back(j, model)} late" in rows[j.id] for j in arrived)
    waiting = next(j for j in snapshot(engine).jobs if j.status == "new")
    assert power_back(waiting, model) == ""  # no crew, no ETA: no estimate
    expect(page.locator("thead").first).to_contain_text("power back (est.)")
    SHOTS.mkdir(parents=True, exist_ok=True)
    table.locator(".dvn-scroller").first.evaluate("e => { e.scrollTop = 0; e.scrollLeft = 600 }")
    table.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    table.screenshot(path=str(SHOTS / "board-power-back.png"))
    assert looking.changes.tables() == set(), looking.changes

    page.get_by_role("radio", name="中文").click()  # the same column in Chinese
    idle(page)
    table = page.get_by_test_id("stDataFrame").last
    expect(table.locator("thead").first).to_contain_text("预计复电", timeout=60_000)
    rows = _all_rows(page, table)
    assert power_back(arrived[0], model) in rows[arrived[0].id]
    table.locator(".dvn-scroller").first.evaluate("e => { e.scrollTop = 0; e.scrollLeft = 600 }")
    table.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    table.screenshot(path=str(SHOTS / "board-power-back-zh.png"))


def _all_rows(page, table) -> dict[str, str]:
    """Every row's cells by job id: the table draws only the rows in view (its hidden
    tbody too), so its scroller is moved down a screenful at a time."""
    rows: dict[str, str] = {}
    scroller = table.locator(".dvn-scroller").first
    scroller.evaluate("e => { e.scrollTop = 0; e.scrollLeft = 0 }")
    page.wait_for_timeout(200)
    for _step in range(20):
        for row in table.locator("tbody tr").all():
            cells = row.locator("td").all_inner_texts()
            if cells:
                rows[cells[0].strip()] = " | ".join(cells)
        scroller.evaluate("e => { e.scrollTop += e.clientHeight / 2 }")
        page.wait_for_timeout(200)
    return rows
