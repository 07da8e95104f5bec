"""The maps' look in a real browser, offline: grid names appear as the user zooms in and
never overlap, the scale is metric, the page scrolls over a map until the map is clicked,
the board's legend explains its badges, and names from the store stay text."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import text

from .conftest import idle, open_page, sign_in

pytestmark = pytest.mark.e2e
MAP = 'iframe[title="streamlit_folium.st_folium"]'
LABEL = ".dg-grid-label .dg-gl"  # the label's text box (its marker is 0 × 0)
HOSTILE = "${(window.__x=1)}`"

#: Rectangles of the labels drawn now, in the map's pixels.
SHOWN_LABELS = """el => [...el.querySelectorAll('.dg-grid-label .dg-gl')]
    .map(b => b.getBoundingClientRect())
    .filter(r => r.width > 0)
    .map(r => [r.left, r.top, r.right, r.bottom])"""
#: Each label's zooms (id, name) from its classes.
LABEL_ZOOMS = """el => [...el.querySelectorAll('.dg-grid-label')].map(m => [
    +m.className.match(/dg-lz(\\d+)/)[1],
    +m.querySelector('.dg-gname').className.match(/dg-nz(\\d+)/)[1],
    getComputedStyle(m).display !== 'none',
    getComputedStyle(m.querySelector('.dg-gname')).display !== 'none'])"""


def shots() -> Path:
    folder = Path(os.environ.get("DUALGRID_SCREENSHOTS", "/tmp/map-shots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def overlapping(rects: list[list[float]]) -> list[tuple[int, int]]:
    return [
        (i, j)
        for i, a in enumerate(rects)
        for j, b in enumerate(rects[:i])
        if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
    ]


def map_box(page):
    box = page.frame_locator(MAP).first.locator(".leaflet-container")
    expect(box).to_be_visible(timeout=60_000)
    expect(box.locator(".dg-grid-label").first).to_be_attached(timeout=60_000)
    return box


def zoom_of(box) -> float:
    return float(box.evaluate("el => window.map.getZoom()"))


def labels_follow_the_zoom(box) -> None:
    """Every label is drawn exactly from its zoom on, its name from the name's zoom."""
    zoom = zoom_of(box)
    for id_zoom, name_zoom, id_shown, name_shown in box.evaluate(LABEL_ZOOMS):
        assert id_shown == (zoom >= id_zoom), (zoom, id_zoom)
        assert name_shown == (zoom >= name_zoom), (zoom, name_zoom)
    assert overlapping(box.evaluate(SHOWN_LABELS)) == []


def test_county_map_names_grids_as_it_zooms_in(served, offline_page):
    page = offline_page
    page.goto(served)
    sign_in(page, "dispatcher")
    open_page(page, "County map")
    box = map_box(page)
    start = zoom_of(box)
    labels_follow_the_zoom(box)
    names = box.locator(".dg-gname", has_text="城区第一网格")
    expect(names).to_be_hidden()  # the seat's small grids are not named at the county view
    hidden_at_start = sum(not shown for *_, shown in box.evaluate(LABEL_ZOOMS))
    assert hidden_at_start > 0

    zoom_in = box.locator(".leaflet-control-zoom-in")
    for _ in range(4):
        zoom_in.click()
        page.wait_for_timeout(400)
    assert zoom_of(box) >= start + 4
    labels_follow_the_zoom(box)
    box.evaluate("el => window.map.setView([26.588, 111.858], 13)")  # over the seat
    page.wait_for_timeout(600)
    labels_follow_the_zoom(box)
    expect(names).to_be_visible()
    expect(box.locator(LABEL, has_text="G01")).to_contain_text("G01城区第一网格")
    assert len(box.evaluate(SHOWN_LABELS)) >= 6
    page.locator(MAP).first.screenshot(path=str(shots() / "county-map-grid-names.png"))
    assert page.get_by_test_id("stException").count() == 0
    assert page.blocked == [], f"requests left the machine: {page.blocked[:5]}"


def test_county_map_scale_is_metric_and_the_page_scrolls_over_it(served, offline_page):
    page = offline_page
    page.goto(served)
    sign_in(page, "dispatcher")
    open_page(page, "County map")
    box = map_box(page)
    scale = box.locator(".leaflet-control-scale-line")
    expect(scale).to_have_count(1)  # one line: no imperial one under it
    assert re.fullmatch(r"\d+ (km|m)", scale.inner_text().strip()), scale.inner_text()
    assert not re.search(r"\b(mi|ft)\b", box.locator(".leaflet-control-scale").inner_text())

    start = zoom_of(box)
    frame = page.locator(MAP).first
    top = frame.bounding_box()["y"]
    where = frame.bounding_box()
    page.mouse.move(where["x"] + where["width"] / 2, where["y"] + where["height"] / 2)
    page.mouse.wheel(0, 400)  # over the map: the page scrolls, the map stays
    expect(box.locator(".dg-scroll-hint.dg-show")).to_have_count(1)  # for 1.6 s
    page.wait_for_timeout(800)
    assert zoom_of(box) == start
    assert frame.bounding_box()["y"] < top  # the page did scroll
    page.mouse.wheel(0, -400)
    page.wait_for_timeout(800)
    assert zoom_of(box) == start

    where = frame.bounding_box()
    page.mouse.click(where["x"] + 40, where["y"] + 110)  # the map engages on a click
    idle(page)
    where = frame.bounding_box()
    page.mouse.move(where["x"] + where["width"] / 2, where["y"] + where["height"] / 2)
    page.mouse.wheel(0, -300)
    for _ in range(20):  # the zoom animates
        if zoom_of(box) > start:
            break
        page.wait_for_timeout(200)
    page.wait_for_timeout(600)
    engaged = zoom_of(box)
    assert engaged > start

    page.mouse.move(5, where["y"] + 5)  # off the map: wheel zoom is off again
    page.wait_for_timeout(300)
    page.mouse.move(where["x"] + where["width"] / 2, where["y"] + where["height"] / 2)
    page.mouse.wheel(0, 300)
    page.wait_for_timeout(800)
    assert zoom_of(box) == engaged
    assert page.get_by_test_id("stException").count() == 0
    assert page.blocked == [], f"requests left the machine: {page.blocked[:5]}"


def test_board_map_legend_explains_both_badges(served, offline_page):
    page = offline_page
    page.goto(served)
    sign_in(page, "dispatcher")
    open_page(page, "Dispatch board")
    box = map_box(page)
    stops, calls = box.locator(".dg-stop"), box.locator(".dg-calls")
    expect(stops.first).to_be_attached(timeout=30_000)
    legend = box.locator(".dg-legend")
    expect(legend).to_contain_text("stop number on a member's route")
    expect(legend).to_contain_text("outage calls on this job")
    for status in ("available", "en route", "on site", "off duty"):
        expect(legend).to_contain_text(status)
    assert stops.count() > 1
    assert calls.count() > 1
    look = "el => [getComputedStyle(el).borderRadius, getComputedStyle(el).backgroundColor]"
    assert stops.first.evaluate(look) != calls.first.evaluate(look)  # two kinds, two looks
    # each job's circle says what it is where the dispatcher points (built in the browser)
    box.locator(".leaflet-jobs-pane path.leaflet-interactive").first.dispatch_event("mouseover")
    expect(box.locator(".leaflet-tooltip").first).to_contain_text(re.compile(r"J\d+ .*priority"))
    # a member is a diamond (turned square), a job a circle
    member = box.locator(".dg-member").first
    assert "matrix(0.707" in member.evaluate("el => getComputedStyle(el).transform")
    expect(box.locator(".leaflet-control-scale-line")).to_have_count(1)
    page.locator(MAP).first.screenshot(path=str(shots() / "board-map-legend.png"))
    assert page.get_by_test_id("stException").count() == 0
    assert page.blocked == [], f"requests left the machine: {page.blocked[:5]}"


def test_hostile_grid_and_member_names_stay_text(own_server, offline_page):
    with own_server.engine.begin() as conn:
        conn.execute(text("UPDATE grids SET name = :n WHERE id = 'G01'"), {"n": HOSTILE})
        member = conn.execute(
            text(
                "SELECT member_id FROM jobs WHERE member_id IS NOT NULL AND status IN "
                "('assigned', 'en_route', 'on_site') ORDER BY id LIMIT 1"
            )
        ).scalar_one()
        conn.execute(
            text("UPDATE members SET name = :n WHERE id = :m"), {"n": HOSTILE, "m": member}
        )
    page = offline_page
    page.goto(own_server.url)
    sign_in(page, "dispatcher")
    for title in ("County map", "Dispatch board"):
        open_page(page, title)
        box = map_box(page)
        expect(box.locator("path.leaflet-interactive").first).to_be_attached(timeout=30_000)
        box.evaluate("el => window.map.setView([26.588, 111.858], 13)")
        label = box.locator(LABEL, has_text="G01")
        expect(label).to_contain_text(HOSTILE)  # drawn as the text it is
        assert box.evaluate("el => window.__x") is None
        assert page.evaluate("() => window.__x") is None
        assert page.get_by_test_id("stException").count() == 0
    assert page.blocked == [], f"requests left the machine: {page.blocked[:5]}"
