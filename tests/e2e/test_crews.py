"""The dispatcher forms the shift's crews in Chromium (issue 21): the board's Crews view
shows the default pairing inside grids, a pair made there replaces the crew its lead was
in, a crew split is gone, and another job type made two-person work is kept — each read
back from the store afterwards."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from dispatch.crews import default_pairs
from dispatch.domain import type_label
from i18n import using
from store import crews as store_crews
from store.snapshot import snapshot

from .conftest import idle, open_page, sign_in
from .ui import button, open_list, selected, view

pytestmark = pytest.mark.e2e
SHOTS = Path(os.environ.get("DUALGRID_SCREENSHOTS", "/tmp/board-shots"))


def _pick(page, label: str, member: str) -> None:
    """Choose the member with this id in the selectbox (typed: the list is long)."""
    box = selected(page, label)
    open_list(page, box, typed=member).filter(has_text=f"({member})").first.click()
    expect(box).to_have_value(re.compile(re.escape(f"({member})")), timeout=30_000)
    idle(page)


def test_the_dispatcher_pairs_and_splits_crews(own_server, offline_page):
    engine, page = own_server.engine, offline_page
    snap = snapshot(engine)
    default = default_pairs(snap.members, snap.crew_sizes)
    assert len(default) >= 20  # the demo county: a repair member in nearly every grid
    lead = min(default)
    grid = next(m.grid_id for m in snap.members if m.id == lead)
    spare = next(
        m.id
        for m in snap.members
        if m.grid_id == grid and m.kind == "staff" and m.id not in {lead, *default.values()}
    )
    page.goto(own_server.url)
    sign_in(page, "dispatcher")
    open_page(page, "Dispatch board")
    view(page, "Crews")
    idle(page)
    expect(page.get_by_text(f"{len(default)} crews of two")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("The default pairing: each grid")).to_be_visible()
    assert snapshot(engine).saved_crews is None  # looking writes nothing

    _pick(page, "Lead", lead)
    _pick(page, "Mate", spare)
    button(page, "Pair").click()
    idle(page)
    expect(page.get_by_text("split to make it").first).to_be_visible(timeout=60_000)
    assert snapshot(engine).saved_crews == {**default, lead: spare}
    expect(page.get_by_text("As the dispatcher paired them for this shift.")).to_be_visible()

    _pick(page, "Crew", lead)
    button(page, "Split").click()
    idle(page)
    expect(page.get_by_text("Crew split:").first).to_be_visible(timeout=60_000)
    saved = snapshot(engine).saved_crews
    assert saved == {k: v for k, v in default.items() if k != lead}

    types = page.get_by_test_id("stMultiSelect").first
    for _ in range(5):  # a rerun landing meanwhile (the board's watch) closes the list
        types.get_by_role("combobox").fill("meter fault")
        page.keyboard.press("Enter")
        page.keyboard.press("Escape")
        if types.get_by_text("meter fault").count():
            break
    expect(types.get_by_text("meter fault").first).to_be_visible()
    page.get_by_test_id("stForm").first.get_by_role("button", name="Save").click()
    idle(page)
    expect(page.get_by_text("Two-person work: emergency repair, outage, meter fault").first)\
        .to_be_visible(timeout=60_000)  # fmt: skip
    assert store_crews.crew_sizes(engine) == {"repair": 2, "outage": 2, "meter": 2}

    page.get_by_role("radio", name="中文").click()  # the view in Chinese, for the eye
    idle(page)
    expect(page.get_by_text("两人作业").first).to_be_visible(timeout=60_000)
    with using("zh_CN"):
        chips = [type_label(k) for k in ("repair", "outage", "meter")]
    for chip in chips:  # the saved setting, in the new language's words
        expect(page.get_by_test_id("stMultiSelect").first.get_by_text(chip, exact=True))\
            .to_be_visible()  # fmt: skip
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "board-crews-zh.png"), full_page=True)
