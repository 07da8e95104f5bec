"""Reading a roster file: every bad row and field named, masked phones left alone."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from dispatch.roster_io import RosterError, read_roster

HEADER = "id,name,kind,role,grid,specialty,community_id,phone\n"


def test_a_good_file_reads_as_rows():
    rows = read_roster(
        (
            HEADER + ",张三,staff,staff,G01,repair,,13812345678\n"
            "X0001,李四,community,community,G02,,C0012,138****5678\n"
        ).encode(),
        "roster.csv",
    )
    assert [r.row for r in rows] == [2, 3]
    assert rows[0].id is None
    assert rows[0].specialty == "repair"
    assert rows[1].id == "X0001"
    assert rows[1].phone is None


def test_every_bad_row_and_field_is_named():
    text = (
        HEADER
        + ",,staff,staff,G01,repair,,\n"  # no name
        + ",王五,boss,staff,G01,,,\n"  # bad kind
        + ",赵六,staff,staff,G01,plumbing,,\n"  # bad specialty
        + ",钱七,staff,staff,G01,repair,,1381234567\n"  # phone too short
        + ",孙八,staff,staff,G01,repair,,１３８１２３４５６７８\n"  # full-width digits
        + ",周九,community,community,G01,,,\n"  # community without community_id
        + ",吴十,staff,staff,,repair,,\n"  # no grid
    )
    with pytest.raises(RosterError) as caught:
        read_roster(text.encode(), "roster.csv")
    problems = caught.value.problems
    assert problems[0] == "row 2: name: 1–64 characters"
    assert problems[1].startswith("row 3: kind: staff or community")
    assert problems[2].startswith("row 4: specialty: for staff, one of")
    assert problems[3].startswith("row 5: phone: a mobile number is 11 digits")
    assert problems[4].startswith("row 6: phone: full-width digits")
    assert problems[5] == "row 7: community_id: a community member needs their community"
    assert problems[6] == "row 8: grid: missing"
    assert "13812345678" not in str(caught.value)


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"name,kind\nx,staff\n", "r.csv", "header: missing column(s) role, grid"),
        (HEADER.encode(), "r.csv", "file: no rows"),
        (b"x" * 2_000_001, "r.csv", "more than 2,000,000"),
        (b"anything", "roster.exe", "neither .csv nor .xlsx"),
        (b"\xff\xfe\x00garbage", "r.xlsx", "cannot be read as xlsx"),
    ],
)
def test_unreadable_files_say_why(content, name, message):
    with pytest.raises(RosterError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_roster(content, name)


def test_excel_reads_like_csv():
    frame = pd.DataFrame(
        [{"name": "张三", "kind": "staff", "role": "leader", "grid": "G01", "specialty": "account"}]
    )
    out = io.BytesIO()
    frame.to_excel(out, index=False)
    (row,) = read_roster(out.getvalue(), "roster.xlsx")
    assert (row.name, row.role, row.specialty, row.phone) == ("张三", "leader", "account", None)
