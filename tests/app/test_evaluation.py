"""The evaluation and roster pages under AppTest."""

from __future__ import annotations

import io

import openpyxl
import pytest
from sqlalchemy import func, select

from store import schema as s
from store.db import make_engine

from .conftest import open_page


@pytest.fixture
def evaluation(store_env):
    return open_page("views/evaluation.py")


def button(at, label):
    return next(b for b in at.button if b.label == label)


@pytest.mark.full_county  # asserts what the whole demo county holds
def test_ranking_weights_and_drill_down(evaluation):
    at = evaluation
    assert at.selectbox(key="evaluation.month").value == "2026-10"
    ranking = at.dataframe[0].value
    assert len(ranking) == 25
    assert ranking["rank"].iloc[0] == 1
    assert ranking["score"].between(0, 100).all()
    assert "Staff attendance in grid work (%)" in ranking.columns
    # all weight on fee recovery: the ranking follows fee recovery alone
    for key in (
        "on_time",
        "arrival_min",
        "response_min",
        "solved_in_grid",
        "repeat_complaints",
        "outage_hours",
        "prepaid_share",
        "attendance",
        "contribution",
    ):
        at.number_input(key=f"evaluation.w.{key}").set_value(0.0)
    at.run()
    ranking = at.dataframe[0].value
    fee = ranking["Fee recovery (%)"]
    assert ranking.iloc[0]["Fee recovery (%)"] == fee.max()
    drill = at.dataframe[1].value
    assert "county median" in drill.columns


@pytest.mark.full_county  # asserts what the whole demo county holds
def test_members_view_and_a_review(evaluation, store_env):
    at = evaluation
    at.segmented_control(key="evaluation.view").set_value("Members").run()
    at.selectbox(key="evaluation.members.grid").set_value("G01").run()
    table = at.dataframe[0].value
    assert {"attendance (%)", "tasks_done", "on time (%)", "points"} <= set(table.columns)
    at.text_area[0].set_value("<script>alert(1)</script> steady work")
    next(b for b in at.button if b.label == "Save review").click().run()
    assert not at.exception
    notes = at.dataframe[0].value["leader's note"].dropna()
    assert list(notes) == ["<script>alert(1)</script> steady work"]  # shown as text
    engine = make_engine(store_env)
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(s.member_reviews)) == 1


@pytest.mark.full_county  # asserts what the whole demo county holds
def test_record_quality_and_trends_show_the_years_change(evaluation):
    at = evaluation
    at.segmented_control(key="evaluation.view").set_value("Record quality").run()
    assert not at.exception
    quality = at.dataframe[0].value
    assert len(quality) == 25
    at.segmented_control(key="evaluation.view").set_value("Trends").run()
    assert not at.exception
    assert {b.label for b in at.get("download_button")} >= {
        "Evaluation as Excel",
        "Record-quality chart (PNG)",
    }


def test_the_workbook_has_one_sheet_per_table():
    import pandas as pd

    from ui.workbook import line_chart_png, workbook

    data = workbook({"ranking": pd.DataFrame({"a": [1]}), "members/x": pd.DataFrame({"b": [2]})})
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["ranking", "members x"]
    png = line_chart_png(pd.DataFrame({"x": [1, 2]}, index=["2026-09", "2026-10"]), "t", "y")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.full_county  # asserts what the whole demo county holds
def test_roster_page_adds_refuses_and_moves(store_env):
    at = open_page("views/roster.py")
    at.selectbox(key="roster.grid").set_value("G01").run()
    assert at.metric[1].value.isdigit()
    at.text_input[0].set_value("测试员")
    at.text_input[1].set_value("1381234")  # too short
    next(b for b in at.button if b.label == "Add member").click().run()
    assert any("phone: a mobile number is 11 digits" in e.value for e in at.error)
    assert at.text_input[0].value == "测试员"  # a refused form keeps what was typed
    at.text_input[1].set_value("13812345678")
    next(b for b in at.button if b.label == "Add member").click().run()
    joined = next(x.value for x in at.success if "joined G01" in x.value)
    assert not at.exception
    assert at.text_input[0].value == ""  # an empty form for the next one
    new_id = joined.rsplit(" as ", 1)[1].rstrip(".")
    at.selectbox(key="roster.member.G01").set_value(new_id).run()
    next(b for b in at.button if b.label == f"Move {new_id}").click().run()
    assert any("moved to" in x.value for x in at.success)
    assert new_id not in at.selectbox(key="roster.member.G01").options[0]
