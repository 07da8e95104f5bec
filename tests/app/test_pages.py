"""Every page runs under AppTest without an exception, on the demo store."""

from __future__ import annotations

import json

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from ui import keys

from .conftest import ADMIN, APP

PAGES = [
    "views/county_map.py",
    "views/board.py",
    "views/flood.py",
    "views/planning.py",
    "views/roster.py",
    "views/evaluation.py",
    "views/county_data.py",
    "views/audit.py",
    "views/users.py",
]


@pytest.fixture
def app(store_env) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["auth.user"] = ADMIN
    at.run()
    return at


def map_args(at: AppTest) -> dict:
    """What the page sent to the st_folium component."""
    frames = [
        e
        for e in at.get("component_instance")
        if e.proto.component_name == "streamlit_folium.st_folium"
    ]
    assert frames, "the county map was not sent to the page"
    return json.loads(frames[0].proto.json_args)


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_without_exception(app, page):
    app.switch_page(page).run()
    assert not app.exception, app.exception


def test_county_map_sends_grids_and_no_external_asset(app):
    assert not app.exception
    args = map_args(app)
    links = args["js_links"] + args["css_links"]
    assert links
    assert all(link.startswith("/app/static/vendor/") for link in links)
    assert "Service grids" in args["script"]
    assert "https://" not in args["script"]


@pytest.mark.full_county  # asserts what the whole demo county holds
def test_picking_a_grid_shows_its_roster(app, demo_db):
    """The panel shows the grid's households and its staff, leader first, phones masked."""
    from store import queries
    from store.db import make_engine

    expected = queries.grids(make_engine(demo_db)).set_index("id").loc["G03"]
    app.selectbox(key=keys.MAP_GRID).set_value("G03").run()
    assert not app.exception
    shown = {m.label: m.value for m in app.metric}
    assert shown["Households"] == f"{int(expected['households']):,}"
    assert shown["n staff"] == str(int(expected["n_staff"]))
    tables = [df.value for df in app.dataframe]
    staff = tables[0]
    assert staff.iloc[0]["Role"] == "leader"
    assert all("****" in p for p in staff["Phone"])


@pytest.mark.full_county  # asserts what the whole demo county holds
def test_clicking_the_map_selects_the_grid_under_the_click(app, monkeypatch):
    """A click inside grid G01's area (the seat town) selects G01."""
    from ui import county_map, data

    grid = data.grid_shapes(
        str(data.data_folder()),
        tuple(zip(*data.district_grids()[["id", "grid_id"]].T.values, strict=True)),
    )
    point = grid.frame.set_index("grid_id").geometry["G01"].representative_point()

    def fake_st_folium(*_args, **_kwargs):
        return {"last_clicked": {"lat": point.y, "lng": point.x}}

    monkeypatch.setattr(county_map, "st_folium", fake_st_folium)
    app.run()
    assert not app.exception
    assert app.session_state[keys.MAP_GRID] == "G01"


def test_an_empty_store_gets_a_message_not_a_traceback(tmp_path, demo_dir, monkeypatch):
    """A database with no tables (a fresh DUALGRID_DB) says how to fill it."""
    monkeypatch.setenv("DUALGRID_DB", f"sqlite:///{tmp_path / 'empty.db'}")
    monkeypatch.setenv("DUALGRID_DATA", str(demo_dir))
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    messages = " ".join(e.value for e in at.error)
    assert "No county is loaded in the store" in messages
    assert "make run" in messages
