"""The planning page under AppTest: automatic plans, finding and painting districts,
locking with undo, saving, comparing, exporting and making a plan live — each edit on
the district and plan shown, refused when the view is stale."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from geo.partition_io import units_from_features
from geo.plan_edit import check_move, targets
from store import plans as store_plans
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


def paint_box(at):
    boxes = [b for b in at.selectbox if b.label == "Paint into grid"]
    return boxes[0] if boxes else None


def codes(box) -> list[str]:
    """The grid codes a box offers (each shown as "G04 城区第四网格")."""
    return [o.split(" ")[0] for o in box.options]


def line(at):
    return next(m.value for m in at.markdown if m.value.startswith("**Working plan**"))


def county(demo_dir):
    """The demo's districts as units (the page's order: by id)."""
    features = json.loads((demo_dir / "districts.geojson").read_text(encoding="utf-8"))
    for f in features["features"]:
        f["properties"]["station"] = f["properties"]["station_id"]
    units = units_from_features(features["features"])
    assert units.ids == sorted(units.ids)
    return units, [f["properties"]["name"] for f in features["features"]]


def bounds(at, lo, hi):
    at.number_input(key="planning.lo").set_value(lo)
    at.number_input(key="planning.hi").set_value(hi).run()


@pytest.mark.full_county  # asserts what the whole demo county holds
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


@pytest.mark.full_county  # asserts what the whole demo county holds
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


@pytest.mark.full_county  # asserts what the whole demo county holds
def test_a_refused_move_says_why_and_changes_nothing(page, demo_dir):
    bounds(page, 1000, 1000)  # every target grid would exceed the maximum
    units, _ = county(demo_dir)
    grid = work(page).grid
    k = next(k for k in range(len(grid)) if grid[k] == "G01" and targets(units, grid, k))
    page.selectbox(key="planning.district").set_value(units.ids[k]).run()
    before = list(work(page).grid)
    button(page, "Move").click().run()
    errors = [e.value for e in page.error if e.value.startswith("Not moved:")]
    assert errors, [e.value for e in page.error]
    assert "above the maximum 1,000" in errors[0] or "split" in errors[0]
    assert work(page).grid == before


def test_the_district_picker_shows_each_districts_id_and_name(page, demo_dir, store_env):
    """Typing part of a name finds the district: its name is in the option's label."""
    units, _ = county(demo_dir)
    with make_engine(store_env).connect() as conn:
        names = dict(conn.execute(select(s.districts.c.id, s.districts.c.name)).all())
    picker = page.selectbox(key="planning.district")
    assert picker.options == [f"{i} · {names[i]}" for i in units.ids]
    assert len(set(picker.options)) == len(units.ids)
    assert picker.value is None


def movable(demo_dir, grid, lo=1000, hi=100_000, *, several=False):
    """A district (and a grid) the rules allow painting, found with the pure functions;
    with ``several``, one that borders more than one other grid."""
    units, _ = county(demo_dir)
    for k in range(len(units.ids)):
        where = targets(units, grid, k)
        if several and len(where) < 2:
            continue
        for target in where:
            if check_move(units, grid, k, target, lo, hi).ok:
                return units.ids[k], target
    raise AssertionError("no district can be painted")


def test_the_paint_box_lists_exactly_the_neighbouring_grids(page, demo_dir):
    """After a move the box is a new one, listing the targets from the new plan."""
    bounds(page, 1000, 100_000)
    units, _ = county(demo_dir)
    moved, target = movable(demo_dir, work(page).grid, several=True)
    k = units.ids.index(moved)
    page.selectbox(key="planning.district").set_value(moved).run()
    before = targets(units, work(page).grid, k)
    box = paint_box(page)
    assert codes(box) == before
    assert all(len(o) > len(o.split(" ")[0]) for o in box.options)  # with the name
    assert len(before) >= 2
    first_key = box.key
    box.set_value(target)
    button(page, "Move").click().run()
    assert not page.exception
    assert work(page).grid[k] == target
    after = targets(units, work(page).grid, k)
    assert codes(paint_box(page)) == after
    assert target not in after
    assert paint_box(page).key != first_key


def test_a_district_with_no_neighbouring_grid_says_so_and_cannot_move(page, demo_dir):
    units, _ = county(demo_dir)
    k = next(k for k in range(len(units.ids)) if not targets(units, work(page).grid, k))
    page.selectbox(key="planning.district").set_value(units.ids[k]).run()
    assert paint_box(page) is None
    said = [m.value for m in page.markdown if m.value.startswith("**Paint into grid:** none")]
    assert said
    assert units.ids[k] in said[0]
    assert button(page, "Move").disabled


def test_paint_lock_and_undo(page, demo_dir):
    bounds(page, 1000, 100_000)
    units, _ = county(demo_dir)
    moved, target = movable(demo_dir, work(page).grid)
    k = units.ids.index(moved)
    source = work(page).grid[k]
    page.selectbox(key="planning.district").set_value(moved).run()
    paint_box(page).set_value(target)
    button(page, "Move").click().run()
    assert work(page).grid[k] == target
    assert f"{moved} moved from {source} to {target}." in [x.value for x in page.success]
    assert f"{moved} moved from {source} to {target}." in [t.value for t in page.toast]
    assert "from hand edits" in line(page)
    assert "1 district(s) moved" in line(page)
    assert "0 (0.0%) households" not in line(page)
    edit_map = json.loads(page.get("component_instance")[0].proto.json_args)
    assert "dgmarked" in edit_map["feature_group"]
    assert f'"id": "{moved}"' in edit_map["feature_group"]
    button(page, "Lock").click().run()
    assert work(page).locked[k]
    assert f"{moved} locked in {target}." in [x.value for x in page.success]
    button(page, "Move").click().run()  # back to its old grid: refused, it is locked
    assert any("locked in" in e.value for e in page.error)
    button(page, "Undo").click().run()
    button(page, "Undo").click().run()
    assert not work(page).locked[k]
    assert "from the live grids" in line(page)
    assert "0 district(s) moved" in line(page)


def test_an_edit_on_an_older_view_of_the_plan_is_refused(page, demo_dir):
    """A second click carrying the plan's version from before the first changes nothing."""
    bounds(page, 1000, 100_000)
    moved, _ = movable(demo_dir, work(page).grid)
    page.selectbox(key="planning.district").set_value(moved).run()
    before = list(work(page).grid)
    work(page).version += 1  # the plan changed after the page was drawn
    button(page, "Move").click().run()
    assert work(page).grid == before
    assert any("changed since this was shown" in e.value for e in page.error)


def test_compare_marks_and_lists_the_districts_that_differ(page, demo_dir):
    bounds(page, 1000, 100_000)
    units, names = county(demo_dir)
    moved, target = movable(demo_dir, work(page).grid)
    k = units.ids.index(moved)
    source = work(page).grid[k]
    page.selectbox(key="planning.district").set_value(moved).run()
    paint_box(page).set_value(target)
    button(page, "Move").click().run()
    page.segmented_control(key="planning.pane").set_value("Compare").run()
    assert not page.exception
    assert any(m.value.startswith("**1 district(s) differ**") for m in page.markdown)
    apart = next(d.value for d in page.dataframe if "grid in A" in d.value.columns)
    assert apart.to_dict("records") == [
        {
            "district": moved,
            "district name": names[k],
            "households": int(units.households[k]),
            "grid in A": source,
            "grid in B": target,
        }
    ]
    maps = [json.loads(c.proto.json_args) for c in page.get("component_instance")]
    assert len(maps) == 2
    other = units.ids[(k + 1) % len(units.ids)]
    for m in maps:
        assert "dgmarked" in m["script"]
        assert f'"id": "{moved}"' in m["script"]
        assert f'"id": "{other}"' not in m["script"]
    page.selectbox(key="planning.compare.b").set_value("Live grids").run()
    assert any(m.value.startswith("**No district differs:**") for m in page.markdown)
    assert not any("grid in A" in d.value.columns for d in page.dataframe)


def saved_view(at):
    at.segmented_control(key="planning.pane").set_value("Saved plans").run()
    assert not at.exception


def save(at, name, note=""):
    at.text_input(key="planning.save.name").set_value(name)
    at.text_input(key="planning.save.note").set_value(note)
    button(at, "Save plan").click().run()
    assert not at.exception


def sure(at):
    return next(c for c in at.checkbox if c.label.startswith("Move districts"))


@pytest.mark.full_county  # asserts what the whole demo county holds
def test_save_compare_and_make_live(page, store_env):
    today = list(work(page).grid)
    page.selectbox(key="planning.station").set_value("S01")
    page.toggle(key="planning.keep").set_value(False)
    page.select_slider(key="planning.seconds").set_value(2)
    button(page, "Run the automatic plan").click().run()
    plan = list(work(page).grid)
    saved_view(page)
    assert any("No saved plans yet" in i.value for i in page.info)
    save(page, "S01 redrawn", "first try")
    assert any("Saved “S01 redrawn”" in x.value for x in page.success)
    assert page.text_input(key="planning.save.name").value == ""
    save(page, "S01 redrawn", "again")  # a second click on the same plan saves nothing
    assert any("saved already: this very plan" in i.value for i in page.info)
    save(page, "other name")
    save(page, "S01 redrawn", "second try")
    assert any("already exists" in e.value for e in page.error)
    # refused: what was typed stays
    assert page.text_input(key="planning.save.name").value == "S01 redrawn"
    assert page.text_input(key="planning.save.note").value == "second try"

    page.segmented_control(key="planning.pane").set_value("Compare").run()
    assert not page.exception
    page.selectbox(key="planning.compare.b").set_value("Saved: S01 redrawn").run()
    summary = page.dataframe[0].value.set_index("plan")
    assert list(summary.index) == ["Live grids", "Saved: S01 redrawn"]
    assert len(store_plans.saved_plans(make_engine(store_env))) == 2
    assert summary.loc["Live grids", "households moved"] == "0 (0.0%)"
    grids = next(d.value for d in page.dataframe if "households A" in d.value.columns)
    assert {"households A", "households B", "farthest from window (min) B"} <= set(grids.columns)
    apart = next(d.value for d in page.dataframe if "grid in A" in d.value.columns)
    assert len(apart) == sum(a != b for a, b in zip(today, plan, strict=True)) > 0

    saved_view(page)
    listed = store_plans.saved_plans(make_engine(store_env)).set_index("name")["id"]
    page.selectbox(key="planning.saved").set_value(int(listed["S01 redrawn"])).run()
    assert not any(e.value.startswith("Cannot go live") for e in page.error)
    sure(page).check().run()
    button(page, "Make live").click().run()
    assert not page.exception
    assert any("“S01 redrawn” is live" in x.value for x in page.success)
    assert any("the live grids now" in m.value for m in page.markdown)
    engine = make_engine(store_env)
    with engine.connect() as conn:
        live = dict(conn.execute(select(s.districts.c.id, s.districts.c.grid_id)).all())
    assert sorted(set(live.values())) == sorted(set(plan))


def test_a_tick_to_make_one_plan_live_does_not_carry_to_another(page, store_env):
    saved_view(page)
    save(page, "first")
    save(page, "second")
    picker = page.selectbox(key="planning.saved")
    assert [o.split(" · ")[0] for o in picker.options] == ["second", "first"]
    listed = store_plans.saved_plans(make_engine(store_env)).set_index("name")["id"]
    assert picker.value == listed["first"]  # the plan shown stays shown as the list grows
    picker.set_value(int(listed["second"])).run()
    sure(page).check().run()
    assert "“second”" in sure(page).label
    assert not button(page, "Make live").disabled
    page.selectbox(key="planning.saved").set_value(int(listed["first"])).run()
    assert "“first”" in sure(page).label
    assert not sure(page).value
    assert button(page, "Make live").disabled


def test_a_plan_deleted_or_replaced_since_it_was_shown_is_not_touched(page, store_env):
    """Make live and delete act on the plan shown; when another planner deleted it (and
    its id went to a new plan), nothing changes and the page says why."""
    engine = make_engine(store_env)
    saved_view(page)
    save(page, "shown plan")
    sure(page).check().run()
    shown = store_plans.saved_plans(engine)
    pid = int(shown.loc[shown["name"] == "shown plan", "id"].iloc[0])
    assignment, _ = store_plans.load_plan(engine, pid)
    store_plans.delete_plan(engine, pid, by="someone else")
    store_plans.save_plan(engine, "newer plan", assignment, lo=1, hi=99_999, by="someone else")
    with engine.connect() as conn:
        before = dict(conn.execute(select(s.districts.c.id, s.districts.c.grid_id)).all())
    button(page, "Make live").click().run()
    assert not page.exception
    said = [e.value for e in page.error]
    assert any("nothing changed" in e.lower() and "shown plan" in e for e in said), said
    assert store_plans.live_plan(engine) is None
    assert store_plans.saved_plans(engine)["made_live_at"].isna().all()
    with engine.connect() as conn:
        assert dict(conn.execute(select(s.districts.c.id, s.districts.c.grid_id)).all()) == before
    # the list now shows the newer plan; it too goes away behind the planner's back
    assert page.selectbox(key="planning.saved").options[0].startswith("newer plan")
    newer = int(store_plans.saved_plans(engine)["id"].iloc[0])
    store_plans.delete_plan(engine, newer, by="someone else")
    store_plans.save_plan(engine, "newest plan", assignment, lo=1, hi=99_999, by="someone else")
    button(page, "Delete").click().run()
    assert any("“newer plan”" in e.value and "othing changed" in e.value for e in page.error)
    assert list(store_plans.saved_plans(engine)["name"]) == ["newest plan"]
    # the plan shown now is deleted as asked
    button(page, "Delete").click().run()
    assert any("Deleted “newest plan”" in x.value for x in page.success)
    assert store_plans.saved_plans(engine).empty
    assert any("No saved plans yet" in i.value for i in page.info)


def test_a_typed_plan_name_reaches_the_map_only_as_text(page):
    """The layer control writes layer names as HTML: a plan's name goes in escaped."""
    hostile = "<img src=x onerror=alert(1)>${(window.__x=1)}`"
    saved_view(page)
    save(page, hostile)
    assert any("Saved “" in x.value for x in page.success)
    page.segmented_control(key="planning.pane").set_value("Compare").run()
    page.selectbox(key="planning.compare.b").set_value(f"Saved: {hostile}").run()
    assert not page.exception
    scripts = [json.loads(c.proto.json_args)["script"] for c in page.get("component_instance")]
    # tojson writes & < > as \u0026 \u003c \u003e; the browser reads them back as HTML
    assert any("Saved: \\u0026lt;img src=x onerror=alert(1)\\u0026gt;" in x for x in scripts)
    assert not any("\\u003cimg" in x or "<img" in x for x in scripts)
