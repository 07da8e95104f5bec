"""The planning page under AppTest: automatic plans, painting and locking districts with
undo, saving, comparing, exporting and making a plan live."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from geo.partition_io import units_from_features
from geo.plan_edit import check_move, targets
from store import schema as s
from store.db import make_engine

from .conftest import open_page


@pytest.fixture
def page(store_env):
    return open_page("views/planning.py")


def work(at):
    return at.session_state["planning.work"]


def button(at, label):
    return next(b for b in at.button if b.label == label)


def bounds(at, lo, hi):
    at.number_input(key="planning.lo").set_value(lo)
    at.number_input(key="planning.hi").set_value(hi).run()


def test_the_working_plan_starts_as_the_live_grids(page):
    line = next(m.value for m in page.markdown if m.value.startswith("**Working plan**"))
    assert "from the live grids: 25 grids, 25 of 25 within 12,000–15,000" in line
    assert "0 (0.0%) households in another grid" in line
    table = page.dataframe[0].value
    assert len(table) == 25
    assert table["farthest from window (min)"].gt(0).all()
    assert table["requests last year"].sum() > 0
    assert {b.label for b in page.get("download_button")} == {
        "Plan as GeoJSON",
        "Plan as GeoPackage",
    }


def test_automatic_plan_for_one_station_from_scratch(page):
    page.selectbox(key="planning.station").set_value("CC")
    page.toggle(key="planning.keep").set_value(False)
    page.select_slider(key="planning.seconds").set_value(2)
    button(page, "Run the automatic plan").click().run()
    assert not page.exception
    assert any(x.value.startswith("Automatic plan ready") for x in page.success)
    table = page.dataframe[0].value
    assert table["within bounds"].all()
    assert table["households"].sum() == sum(int(h) for h in table["households"])
    assert "automatic plan for CC" in work(page).origin


def test_a_refused_move_says_why_and_changes_nothing(page):
    bounds(page, 1000, 1000)  # every target grid would exceed the maximum
    district = work(page).grid.index("G01")
    ids = page.selectbox(key="planning.district").options
    page.selectbox(key="planning.district").set_value(ids[district]).run()
    before = list(work(page).grid)
    button(page, "Move").click().run()
    errors = [e.value for e in page.error if e.value.startswith("Not moved:")]
    assert errors, [e.value for e in page.error]
    assert "above the maximum 1,000" in errors[0] or "split" in errors[0]
    assert work(page).grid == before


def movable(demo_dir, grid):
    """A district (and a grid) the rules allow painting, found with the pure functions."""
    features = json.loads((demo_dir / "districts.geojson").read_text(encoding="utf-8"))
    for f in features["features"]:
        f["properties"]["station"] = f["properties"]["station_id"]
    units = units_from_features(features["features"])
    assert units.ids == sorted(units.ids)
    for k in range(len(units.ids)):
        for target in targets(units, grid, k):
            if check_move(units, grid, k, target, 1000, 100_000).ok:
                return units.ids[k], target
    raise AssertionError("no district can be painted")


def test_paint_lock_and_undo(page, demo_dir):
    bounds(page, 1000, 100_000)
    moved, target = movable(demo_dir, work(page).grid)
    page.selectbox(key="planning.district").set_value(moved).run()
    page.selectbox(key="planning.target").set_value(target)
    button(page, "Move").click().run()
    k = page.selectbox(key="planning.district").options.index(moved)
    assert work(page).grid[k] == target
    line = next(m.value for m in page.markdown if m.value.startswith("**Working plan**"))
    assert "from hand edits" in line
    assert "0 (0.0%) households" not in line
    button(page, "Lock").click().run()
    assert work(page).locked[k]
    button(page, "Move").click().run()  # back to its old grid: refused, it is locked
    assert any("locked in" in e.value for e in page.error)
    button(page, "Undo").click().run()
    button(page, "Undo").click().run()
    assert not work(page).locked[k]
    assert "from the live grids" in next(
        m.value for m in page.markdown if m.value.startswith("**Working plan**")
    )


def test_save_compare_and_make_live(page, store_env):
    page.selectbox(key="planning.station").set_value("S01")
    page.toggle(key="planning.keep").set_value(False)
    page.select_slider(key="planning.seconds").set_value(2)
    button(page, "Run the automatic plan").click().run()
    plan = list(work(page).grid)
    page.segmented_control(key="planning.pane").set_value("Saved plans").run()
    assert any("No saved plans yet" in i.value for i in page.info)
    page.text_input[0].set_value("S01 redrawn")
    next(b for b in page.button if b.label == "Save plan").click().run()
    assert any("Saved “S01 redrawn”" in x.value for x in page.success)
    page.text_input[0].set_value("S01 redrawn")
    next(b for b in page.button if b.label == "Save plan").click().run()
    assert any("already exists" in e.value for e in page.error)

    page.segmented_control(key="planning.pane").set_value("Compare").run()
    assert not page.exception
    page.selectbox(key="planning.compare.b").set_value("Saved: S01 redrawn").run()
    summary = page.dataframe[0].value.set_index("plan")
    assert list(summary.index) == ["Live grids", "Saved: S01 redrawn"]
    assert summary.loc["Live grids", "households moved"] == "0 (0.0%)"
    grids = page.dataframe[1].value
    assert {"households A", "households B", "farthest from window (min) B"} <= set(grids.columns)

    page.segmented_control(key="planning.pane").set_value("Saved plans").run()
    assert not any(e.value.startswith("Cannot go live") for e in page.error)
    page.checkbox(key="planning.sure").check().run()
    button(page, "Make live").click().run()
    assert not page.exception
    assert any("“S01 redrawn” is live" in x.value for x in page.success)
    engine = make_engine(store_env)
    with engine.connect() as conn:
        live = dict(conn.execute(select(s.districts.c.id, s.districts.c.grid_id)).all())
    assert sorted(set(live.values())) == sorted(set(plan))
