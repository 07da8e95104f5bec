"""The flood page under AppTest: the demo flood, bad uploads refused, isolation
releasing repairs, pinning, the surge plan and the report."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from dispatch.readable import DASH
from store import schema as s
from store.db import make_engine
from store.queries import counts

from .conftest import open_page


@pytest.fixture
def page(store_env) -> AppTest:
    return open_page("views/flood.py")


def button(at, label):
    return next(b for b in at.button if b.label == label)


def map_script(at: AppTest) -> str:
    frames = [
        e
        for e in at.get("component_instance")
        if e.proto.component_name == "streamlit_folium.st_folium"
    ]
    return json.loads(frames[0].proto.json_args)["script"]


def metric(at, label):
    return next(m.value for m in at.metric if m.label == label)


def test_demo_flood_plan_and_report(page, demo_db):
    assert metric(page, "Under water (households)") == "0"
    button(page, "Load the demo flood").click().run()
    assert not page.exception
    assert any("Demo flood: imported: 300 new" in x.value for x in page.success)
    flooded = int(metric(page, "Under water (households)").replace(",", ""))
    assert flooded > 1_000
    assert int(metric(page, "Critical customers hit")) >= 1
    with make_engine(demo_db).connect() as conn:
        kinds = conn.execute(select(s.flood_areas.c.kind)).scalars().all()
        surveys = conn.execute(select(s.jobs.c.id).where(s.jobs.c.type == "survey")).all()
    assert sorted(kinds) == ["closure", "flood"]
    assert surveys  # household checks for the community members
    page.select_slider(key="flood.seconds").set_value(10).run()
    button(page, "Plan the surge").click().run()
    assert not page.exception
    assert any(x.value.startswith("Surge plan ready in ") for x in page.info)
    summary = next(x.value for x in page.markdown if x.value.startswith("#### Proposed plan"))
    assert "jobs on" in summary
    assert "Proposed surge" in map_script(page) or "polyline" in map_script(page).lower()
    unassigned = next(d.value for d in page.dataframe if list(d.value.columns)[-1:] == ["reason"])
    # one count of the unassigned work: the summary's is the table's
    assert f", {len(unassigned)} unassigned" in summary
    reasons = " ".join(
        str(v) for df in (d.value for d in page.dataframe) if "reason" in df for v in df["reason"]
    )
    assert "not yet marked isolated" in reasons  # repairs in the water wait, with the reason
    ticks = [c for c in page.checkbox if c.label.startswith("I have reviewed the ")]
    if ticks:
        ticks[0].check().run()
    next(b for b in page.button if b.label.startswith("Commit")).click().run()
    assert not page.exception
    assert any(x.value.startswith("Committed ") for x in page.success)  # where the review was
    assert "polyline" in map_script(page).lower()  # the committed routes stay on the map
    page.segmented_control(key="flood.view").set_value("Report").run()
    assert not page.exception
    assert int(metric(page, "Households without power").replace(",", "")) >= flooded
    districts = next(d.value for d in page.dataframe if "first ETA" in d.value)
    assert districts["first ETA"].notna().sum() > 0  # from the committed routes
    # power back: a crew's arrival plus the county's on-site history; never without an ETA
    back = districts["power back (est.)"]
    timed = back.str.fullmatch(r"(\d\d-\d\d )?\d\d:\d\d")
    waiting = back.str.fullmatch(r"\d+ with no crew yet")
    assert (timed | waiting | (back == DASH)).all()
    assert waiting.sum() > 0  # repairs in the water wait: no time is promised for them
    assert (districts.loc[timed, "first ETA"] != DASH).all()
    assert int(metric(page, "Members stranded")) >= 0
    cut = next(
        d.value
        for d in page.dataframe
        if list(d.value.columns)[:2] == ["district", "district name"]
    )
    assert int(metric(page, "Districts cut off")) == len(cut)


def test_isolation_releases_the_repairs_inside(page, demo_db):
    button(page, "Load the demo flood").click().run()
    flood_id = next(
        a for a in make_engine(demo_db).connect().execute(select(s.flood_areas)).all()
        if a.kind == "flood"
    ).id  # fmt: skip
    page.checkbox(key=f"flood.iso.{flood_id}").check().run()
    assert not page.exception
    with make_engine(demo_db).connect() as conn:
        assert conn.scalar(select(s.flood_areas.c.isolated).where(s.flood_areas.c.id == flood_id))
    page.select_slider(key="flood.seconds").set_value(10).run()
    button(page, "Plan the surge").click().run()
    reasons = " ".join(
        str(v) for df in (d.value for d in page.dataframe) if "reason" in df for v in df["reason"]
    )
    assert "not yet marked isolated" not in reasons


@pytest.mark.full_county  # asserts what the whole demo county holds
def test_a_bad_drawing_is_refused_and_a_good_one_kept(page, demo_db):
    before = counts(make_engine(demo_db))
    line = {"type": "LineString", "coordinates": [[111.8, 26.5], [111.9, 26.6]]}
    page.session_state["flood.drawn"] = line
    page.run()
    button(page, "Add the drawn area").click().run()
    assert not page.exception
    assert any("not an area" in e.value for e in page.error)
    with make_engine(demo_db).connect() as conn:
        assert conn.execute(select(s.flood_areas)).all() == []
    assert counts(make_engine(demo_db)) == before
    bowtie = {
        "type": "Polygon",
        "coordinates": [
            [[111.85, 26.58], [111.87, 26.60], [111.87, 26.58], [111.85, 26.60], [111.85, 26.58]]
        ],
    }
    page.session_state["flood.drawn"] = bowtie  # self-intersecting: repaired, not refused
    page.run()
    button(page, "Add the drawn area").click().run()
    assert not page.exception
    with make_engine(demo_db).connect() as conn:
        assert [a.source for a in conn.execute(select(s.flood_areas)).all()] == ["drawn"]


@pytest.mark.full_county  # asserts what the whole demo county holds
def test_pinning_puts_a_job_first(page, demo_db):
    with make_engine(demo_db).connect() as conn:
        job = conn.scalar(
            select(s.jobs.c.id).where(s.jobs.c.type == "meter", s.jobs.c.status == "new")
        )
    form_select = next(x for x in page.selectbox if x.label == "Pin a job's priority")
    form_select.set_value(job)
    button(page, "Pin").click().run()
    assert not page.exception
    table = next(d.value for d in page.dataframe if "why" in d.value)
    assert table.iloc[0]["job"] == job
    assert "(pinned)" in table.iloc[0]["why"]
