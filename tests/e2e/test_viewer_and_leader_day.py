"""A viewer's and a grid leader's day in Chromium, each on a private copy of the demo
store. The viewer opens every page they may and finds every write control disabled,
saying why, and the store holds nothing new but their sign-in. The grid leader's
evaluation workbook holds their own grid only; the member they add is the one written."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from playwright.sync_api import Page, expect

from .conftest import figure, idle, open_page, sign_in
from .storediff import Watch
from .ui import button, choose, field, hover_until, timed, view

pytestmark = pytest.mark.e2e
MAP = 'iframe[title="streamlit_folium.st_folium"]'


def enabled_primary_buttons(page: Page) -> list[str]:
    """The primary buttons (the writes) a user could press now."""
    buttons = page.locator('[data-testid^="stBaseButton-primary"]')
    return [
        buttons.nth(i).inner_text()
        for i in range(buttons.count())
        if buttons.nth(i).is_visible() and buttons.nth(i).is_enabled()
    ]


def disabled_with_reason(page: Page, name: str) -> None:
    control = button(page, name)
    expect(control).to_be_visible(timeout=60_000)
    expect(control).to_be_disabled()


def test_a_viewer_sees_no_enabled_write_control_and_writes_nothing(own_server, offline_page):
    engine, page = own_server.engine, offline_page
    with Watch(engine) as day:
        page.goto(own_server.url)
        sign_in(page, "viewer")
        open_page(page, "Dispatch board")
        disabled_with_reason(page, "Plan")
        disabled_with_reason(page, "Play")
        assert enabled_primary_buttons(page) == []
        view(page, "Intake")
        disabled_with_reason(page, "Add request")
        disabled_with_reason(page, "Import")
        view(page, "Job")
        choose(page, "Job", "J0")
        record = page.get_by_role("button", name=re.compile(r"^Record the step for J\d+"))
        expect(record).to_be_disabled(timeout=60_000)
        idle(page)
        hover_until(page, record, "Not for your role (viewer)")  # where the viewer looks
        assert enabled_primary_buttons(page) == []

        open_page(page, "Flood emergency")
        if not button(page, "Load the demo flood").is_visible():  # the expander is closed
            page.get_by_text("Flood areas and closures").click()
        disabled_with_reason(page, "Load the demo flood")
        disabled_with_reason(page, "Put the low ground under water")
        disabled_with_reason(page, "Plan the surge")
        disabled_with_reason(page, "Pin")
        assert enabled_primary_buttons(page) == []

        open_page(page, "Roster 1 + n + x")
        disabled_with_reason(page, "Add member")
        choose(page, "Member", "")
        expect(page.get_by_role("button", name=re.compile(r"^Retire M\d+"))).to_be_disabled()
        expect(page.get_by_role("button", name=re.compile(r"^Move M\d+"))).to_be_disabled()
        assert enabled_primary_buttons(page) == []

        open_page(page, "Monthly evaluation")
        page.get_by_text("Weights of the ranking 权重").click()
        disabled_with_reason(page, "Save as the county's weights")
        view(page, "Members")
        disabled_with_reason(page, "Save review")
        assert enabled_primary_buttons(page) == []
        assert page.get_by_test_id("stException").count() == 0
    changes = day.changes
    assert changes.tables() == {"audit"}, changes
    assert [r["action"] for r in changes.added_rows("audit")] == ["login"]
    assert page.blocked == []


def test_a_grid_leaders_workbook_holds_their_grid_only(own_server, offline_page):
    engine, page = own_server.engine, offline_page
    page.goto(own_server.url)
    sign_in(page, "leader")  # grid G01
    open_page(page, "Monthly evaluation")
    expect(page.get_by_role("heading", name="Monthly evaluation")).to_be_visible(timeout=60_000)
    export = button(page, "Evaluation as Excel")
    expect(export).to_be_visible(timeout=120_000)
    with page.expect_download() as download:
        export.click()
    book = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes()))
    ranking = list(book["ranking"].iter_rows(values_only=True))
    members = list(book["members"].iter_rows(values_only=True))
    quality = list(book["record quality"].iter_rows(values_only=True))
    grids_col = members[0].index("grids")
    assert len(members) > 5  # the grid's own people are there
    assert all("G01" in str(row[grids_col]).split(", ") for row in members[1:])
    assert [row[ranking[0].index("grid_id")] for row in ranking[1:]] == ["G01"]
    assert [row[0] for row in quality[1:]] == ["G01"]

    # ---- the roster: the member added is the one written, in their own grid ------------
    open_page(page, "Roster 1 + n + x")
    field(page, "Name").fill("新队员")
    with Watch(engine) as added:
        seconds = timed(
            lambda: button(page, "Add member").click(),
            page.get_by_text(re.compile(r"^新队员 joined G01 as M\d+")).first,
        )
        idle(page)
    figure("roster add: click to confirmation", seconds)
    (row,) = added.changes.added_rows("members")
    assert (row["name"], row["grid_id"]) == ("新队员", "G01")
    assert added.changes.tables() <= {"members", "member_history", "member_status", "audit"}
    expect(field(page, "Name")).to_have_value("")  # ready for the next one
    assert page.get_by_test_id("stException").count() == 0
    assert page.blocked == []
