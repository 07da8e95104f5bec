"""The county map in a real browser, with the network cut off from the outside."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import sign_in

pytestmark = pytest.mark.e2e
MAP = 'iframe[title="streamlit_folium.st_folium"]'
GRID_STROKE = 'path.leaflet-interactive[stroke="#37474f"]'


def test_map_draws_grids_offline_and_a_click_shows_the_roster(server, offline_page, tmp_path):
    page = offline_page
    page.goto(server)
    sign_in(page, "viewer")
    frame = page.frame_locator(MAP)
    expect(frame.locator(".leaflet-container")).to_be_visible(timeout=60_000)
    grids = frame.locator(GRID_STROKE)
    expect(grids.first).to_be_attached(timeout=60_000)
    assert grids.count() == 25
    markers = frame.locator(".leaflet-marker-pane .awesome-marker")
    expect(markers.first).to_be_attached(timeout=30_000)
    assert markers.count() >= 9  # stations and open requests
    assert page.blocked == [], f"requests left the machine: {page.blocked[:5]}"
    assert page.get_by_test_id("stException").count() == 0

    for k in range(grids.count()):
        try:
            grids.nth(k).click(timeout=3_000)
        except Exception:
            continue
        break
    expect(page.get_by_text("leader 网格长")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("n — staff 员工")).to_be_visible()
    shot = Path(os.environ.get("DUALGRID_SCREENSHOTS", tmp_path)) / "county_map.png"
    page.screenshot(path=str(shot), full_page=True)
    print(f"screenshot: {shot}")
    assert page.blocked == []
