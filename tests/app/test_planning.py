"""The planning page under AppTest: a plan for the county and for one station."""

from __future__ import annotations

import pytest

from .conftest import open_page


@pytest.fixture
def page(store_env):
    return open_page("pages/planning.py")


def test_county_plan_keeping_current_grids(page):
    assert any("Run a plan" in x.value for x in page.info)
    page.select_slider(key="planning.seconds").set_value(2)
    next(b for b in page.button if b.label == "Run the plan").click().run()
    assert not page.exception
    summary = next(x.value for x in page.success if x.value.startswith("Plan ready"))
    assert "25 grids" in summary
    table = page.dataframe[0].value
    assert len(table) == 25
    assert table["within bounds"].all()
    assert len(page.get("download_button")) == 1


def test_one_station_redrawn_from_scratch(page):
    page.selectbox(key="planning.station").set_value("CC")
    page.toggle(key="planning.keep").set_value(False)
    page.select_slider(key="planning.seconds").set_value(2)
    next(b for b in page.button if b.label == "Run the plan").click().run()
    assert not page.exception
    table = page.dataframe[0].value
    mine = table[table["grid"].str.startswith(("G0", "CC"))]
    assert mine["within bounds"].all()
    assert table["households in plan"].sum() == table["households now"].sum()
