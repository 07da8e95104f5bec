"""A planner's day in Chromium, network blocked, on a private copy of the demo store: find
a district by typing part of its name, paint it into a neighbouring grid (the paint box
lists exactly the grids the rules compute), see it marked as moved, compare the working
plan with the live grids and see it listed as differing, save the plan — and the store
holds exactly the plan, its districts and the audit row, nothing else."""

from __future__ import annotations

import json
import os
import re
import statistics
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from geo.partition_io import units_from_features
from geo.plan_edit import check_move, moved, targets
from store import plans as store_plans
from store import schema as s

from .conftest import figure, idle, open_page, sign_in
from .storediff import Watch
from .ui import open_list, pick

pytestmark = pytest.mark.e2e
MAP = 'iframe[title="streamlit_folium.st_folium"]'
PICKER = "District — type part of its id or name, or click one on the map"
MARKED = ".leaflet-dgmarked-pane path"
RINGS = ".leaflet-dgrings-pane path"  # a white halo and a dark ring per marked district
LO, HI = 12_000, 15_000  # the page's default bounds
SHOTS = Path(os.environ.get("DUALGRID_SCREENSHOTS", "/tmp/planner-shots"))


def county(demo_dir: Path, engine):
    """The districts as the page has them (by id), their names and live grids."""
    features = json.loads((demo_dir / "districts.geojson").read_text(encoding="utf-8"))
    for f in features["features"]:
        f["properties"]["station"] = f["properties"]["station_id"]
    units = units_from_features(features["features"])
    names = [f["properties"]["name"] for f in features["features"]]
    with engine.connect() as conn:
        grid_of = dict(conn.execute(select(s.districts.c.id, s.districts.c.grid_id)).all())
    return units, names, [grid_of[i] for i in units.ids]


def pick_district(units, names, live):
    """A district far down the list, bordering two or more other grids, that may move at
    the default bounds; its name found by a fragment no other name holds."""
    for k in range(len(units.ids) // 3, len(units.ids)):
        where = targets(units, live, k)
        if len(where) < 2:
            continue
        allowed = [t for t in where if check_move(units, live, k, t, LO, HI).ok]
        fragment = names[k][:-2]  # "…村3#公变" → "…村3#"
        if allowed and sum(fragment in n for n in names) == 1:
            return k, allowed[0], fragment
    raise AssertionError("no district to paint")


def listed_options(page) -> list[str]:
    return [t.strip() for t in page.get_by_role("option").all_inner_texts()]


def paint_box_options(page) -> list[str]:
    """The grid codes the paint box offers (each shown with its name)."""
    idle(page)
    open_list(page, page.get_by_role("combobox", name="Paint into grid"))
    options = listed_options(page)
    page.keyboard.press("Escape")
    assert all(" " in o for o in options), options  # each grid by code and name
    return [o.split(" ")[0] for o in options]


def paint(page, district: str, source: str, target: str) -> float:
    """Choose ``target`` in the paint box and press Move; seconds to the visible result."""
    pick(page, page.get_by_role("combobox", name="Paint into grid"), f"{target} ", exact=False)
    idle(page)
    started = time.perf_counter()
    page.get_by_role("button", name="Move", exact=True).click()
    expect(page.get_by_text(f"{district} moved from {source} to {target}.").first).to_be_visible(
        timeout=60_000
    )
    expect(page.get_by_text("1 district(s) moved", exact=False)).to_be_visible(timeout=60_000)
    return time.perf_counter() - started


#: The Leaflet map drawn in a map's iframe (folium names it map_<hash>).
FIND_MAP = """box => {
    const w = box.ownerDocument.defaultView;
    return Object.keys(w).filter(k => k.startsWith('map_'))
        .map(k => w[k]).find(v => v instanceof w.L.Map);
}"""


def zoom_to_marks(page, pad: float) -> None:
    """Frame the edit map on the hatched districts (for the screenshot only)."""
    box = page.frame_locator(MAP).first.locator(".leaflet-container")
    box.evaluate(
        f"""(box, pad) => {{
            const map = ({FIND_MAP})(box);
            let b = null;
            map.eachLayer(l => {{
                if (l.options && l.options.pane === 'dgmarked' && l.getBounds) {{
                    b = b ? b.extend(l.getBounds()) : l.getBounds();
                }}
            }});
            if (b) {{ map.fitBounds(b.pad(pad), {{animate: false}}); }}
        }}""",
        pad,
    )


def wheel_leaves_zoom(page, n: int) -> None:
    """Scrolling the page over map ``n`` (not clicked) does not zoom it."""
    box = page.frame_locator(MAP).nth(n).locator(".leaflet-container")
    expect(box).to_be_visible(timeout=60_000)
    zoom = f"box => ({FIND_MAP})(box).getZoom()"
    before = box.evaluate(zoom)
    box.hover(position={"x": 60, "y": 120})
    page.mouse.wheel(0, -300)
    page.wait_for_timeout(600)
    assert box.evaluate(zoom) == before


def test_a_planner_paints_compares_and_saves(own_server, offline_page, demo_dir):
    SHOTS.mkdir(parents=True, exist_ok=True)
    units, names, live = county(demo_dir, own_server.engine)
    k, target, fragment = pick_district(units, names, live)
    district, source = units.ids[k], live[k]
    page = offline_page
    page.set_viewport_size({"width": 1600, "height": 1400})
    page.goto(own_server.url)
    sign_in(page, "planner")
    open_page(page, "Grid planning")
    expect(page.get_by_text("— from the live grids", exact=False)).to_be_visible(timeout=120_000)

    wheel_leaves_zoom(page, 0)
    with Watch(own_server.engine) as editing:
        # find it by part of its name
        picker = page.get_by_role("combobox", name=PICKER)
        open_list(page, picker, fragment)
        assert listed_options(page) == [f"{district} · {names[k]}"]
        page.get_by_role("option").first.click()
        idle(page)
        # the grid and the station by code and name: "in G14 城区第十四网格 (S04 …供电所)"
        where = rf"in {source} \S+ \({units.station[k]} \S+\)"
        expect(page.get_by_text(re.compile(where))).to_be_visible()

        # the paint box lists exactly the grids the rules give
        assert paint_box_options(page) == targets(units, live, k)
        seconds = [paint(page, district, source, target)]
        after = moved(live, k, target)
        assert paint_box_options(page) == targets(units, after, k)
        frame = page.frame_locator(MAP).first
        expect(frame.locator(MARKED).first).to_be_attached(timeout=30_000)
        assert frame.locator(MARKED).count() == 1
        assert frame.locator(RINGS).count() == 2
        for _ in range(2):  # undo and paint again: the median of three paints
            page.get_by_role("button", name="Undo").click()
            expect(page.get_by_text("0 district(s) moved", exact=False)).to_be_visible(
                timeout=60_000
            )
            expect(frame.locator(MARKED)).to_have_count(0, timeout=30_000)
            assert paint_box_options(page) == targets(units, live, k)
            seconds.append(paint(page, district, source, target))
        figure(
            "planning: paint a district (click Move → marked and counted)",
            statistics.median(seconds),
        )
        expect(frame.locator(MARKED)).to_have_count(1, timeout=30_000)
        expect(frame.get_by_text("Moved from its live grid")).to_be_visible()
        zoom_to_marks(page, 6)
        page.wait_for_timeout(800)
        page.screenshot(path=str(SHOTS / "edit-moved-district.png"))
        zoom_to_marks(page, 1.5)
        page.wait_for_timeout(800)
        page.locator(MAP).first.screenshot(path=str(SHOTS / "edit-moved-district-close.png"))

        # compare the working plan with the live grids
        page.get_by_test_id("stButtonGroup").get_by_text("Compare", exact=True).click()
        idle(page)
        expect(page.get_by_text("1 district(s) differ", exact=False)).to_be_visible(timeout=60_000)
        maps = page.frame_locator(MAP)
        wheel_leaves_zoom(page, 1)
        for n in (0, 1):
            expect(maps.nth(n).locator(MARKED)).to_have_count(1, timeout=60_000)
            expect(maps.nth(n).locator(RINGS)).to_have_count(2)
        rows = page.locator("tbody tr").filter(has_text=district)
        expect(rows.first).to_be_attached(timeout=30_000)
        row = rows.first.inner_text()
        for part in (district, names[k], f"{int(units.households[k])}", source, target):
            assert part in row, (part, row)
        page.wait_for_timeout(1000)  # both maps framed
        page.screenshot(path=str(SHOTS / "compare-differing.png"))
    assert str(editing.changes) == "nothing"

    # save the plan by name
    page.get_by_test_id("stButtonGroup").get_by_text("Saved plans", exact=True).click()
    idle(page)
    name = f"{district} into {target}"
    with Watch(own_server.engine) as saving:
        page.get_by_role("textbox", name="Name").fill(name)
        page.get_by_role("button", name="Save plan").click()
        expect(page.get_by_text(f"Saved “{name}”", exact=False).first).to_be_visible(timeout=60_000)
    changes = saving.changes
    assert changes.tables() == {"plans", "plan_districts", "audit"}, str(changes)
    assert not changes.changed
    assert not changes.removed
    (plan,) = changes.added_rows("plans")
    assert plan["name"] == name
    assert plan["created_by"] == "planner"
    rows = changes.added_rows("plan_districts")
    assert {r["plan_id"] for r in rows} == {plan["id"]}
    assert {r["district_id"]: r["grid_id"] for r in rows} == dict(
        zip(units.ids, after, strict=True)
    )
    (audit,) = changes.added_rows("audit")
    assert (audit["action"], audit["entity"], audit["entity_id"]) == (
        "save",
        "plan",
        str(plan["id"]),
    )

    # the automatic plan for the district's station: seen ready, nothing written
    page.get_by_test_id("stButtonGroup").get_by_text("Edit", exact=True).click()
    idle(page)
    page.get_by_text("Automatic plan", exact=True).click()
    # a station is offered by code and name ("S01 观音滩供电所")
    pick(page, page.get_by_role("combobox", name="Plan for"), f"{units.station[k]} ", exact=False)
    idle(page)
    slider = page.get_by_role("slider")
    slider.focus()
    for _ in range(2):  # 10 s → 5 s → 2 s
        slider.press("ArrowLeft")
    idle(page)
    expect(slider).to_have_attribute("aria-valuetext", "2")
    with Watch(own_server.engine) as planning:
        started = time.perf_counter()
        page.get_by_role("button", name="Run the automatic plan").click()
        expect(page.get_by_text("Automatic plan ready in", exact=False).first).to_be_visible(
            timeout=120_000
        )
        figure(
            "planning: run the automatic plan for one station (2 s limit)",
            time.perf_counter() - started,
        )
        expect(
            page.get_by_text(f"from automatic plan for {units.station[k]}", exact=False)
        ).to_be_visible()
    assert str(planning.changes) == "nothing"
    assert page.get_by_test_id("stException").count() == 0
    assert page.blocked == []


def test_a_planner_deletes_the_plan_shown_and_opens_the_next(own_server, offline_page, demo_dir):
    """Of three saved plans the middle one is deleted: it alone goes (with its districts
    and an audit row); the picker then shows a plan that exists, and opening it makes
    that very plan the working plan."""
    units, _, live = county(demo_dir, own_server.engine)
    plan = dict(zip(units.ids, live, strict=True))
    ids = {
        name: store_plans.save_plan(own_server.engine, name, plan, lo=LO, hi=HI, by="planner")
        for name in ("oldest", "middle", "newest")
    }
    page = offline_page
    page.goto(own_server.url)
    sign_in(page, "planner")
    open_page(page, "Grid planning")
    page.get_by_test_id("stButtonGroup").get_by_text("Saved plans", exact=True).click()
    idle(page)
    picker = page.get_by_role("combobox", name="Saved plan")
    expect(picker).to_be_visible(timeout=60_000)
    open_list(page, picker)
    assert [o.split(" · ")[0] for o in listed_options(page)] == ["newest", "middle", "oldest"]
    page.get_by_role("option", name=f"middle · #{ids['middle']}", exact=False).click()
    idle(page)
    expect(page.get_by_text(f"middle (#{ids['middle']})", exact=False)).to_be_visible()
    with Watch(own_server.engine) as deleting:
        page.get_by_role("button", name="Delete", exact=True).click()
        expect(page.get_by_text(f"Deleted “middle” (#{ids['middle']}).").first).to_be_visible(
            timeout=60_000
        )
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "saved-deleted.png"))  # where the planner is looking
    changes = deleting.changes
    assert changes.tables() == {"plans", "plan_districts", "audit"}, str(changes)
    assert changes.removed["plans"] == [(ids["middle"],)]
    assert {k[0] for k in changes.removed["plan_districts"]} == {ids["middle"]}
    assert len(changes.removed["plan_districts"]) == len(units.ids)
    (audit,) = changes.added_rows("audit")
    assert (audit["action"], audit["entity_id"]) == ("delete", str(ids["middle"]))
    assert not changes.changed

    shown = picker.input_value()
    name = "newest" if "newest ·" in shown else "oldest"
    assert f"{name} · #{ids[name]}" in shown, shown
    with Watch(own_server.engine) as opening:
        page.get_by_role("button", name="Open for editing").click()
        expect(page.get_by_text(f"“{name}” is now the working plan").first).to_be_visible(
            timeout=60_000
        )
    assert str(opening.changes) == "nothing"
    page.get_by_test_id("stButtonGroup").get_by_text("Edit", exact=True).click()
    expect(page.get_by_text(f"— from saved plan “{name}”", exact=False)).to_be_visible(
        timeout=60_000
    )
    assert page.get_by_test_id("stException").count() == 0
    assert page.blocked == []
