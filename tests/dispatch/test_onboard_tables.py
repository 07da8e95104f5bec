"""A county's own tables read as its utility exports them: Chinese or English headers,
Excel or CSV (UTF-8 or GB 18030), GCJ-02 coordinates made WGS-84, every problem named
with file, row and field."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dispatch.onboard_tables import TABLES, read_table
from geo.datum import BD09, GCJ02, gcj02_to_bd09, wgs84_to_gcj02

QIYANG = (111.8467, 26.5901)


def _xlsx(frame: pd.DataFrame) -> bytes:
    out = io.BytesIO()
    frame.to_excel(out, index=False)
    return out.getvalue()


def test_chinese_headers_in_excel_with_gcj02_points_come_out_wgs84() -> None:
    lon, lat = np.array([QIYANG[0], 111.70]), np.array([QIYANG[1], 26.70])
    glon, glat = wgs84_to_gcj02(lon, lat)
    frame = pd.DataFrame(
        {
            "台区编号": ["T001", "T002"],
            "台区名称": ["城东一号", "观音滩二号"],
            "所属供电所": ["CC", "S01"],
            "户数": ["120", "85"],
            "经度": [f"{v:.8f}" for v in glon],
            "纬度": [f"{v:.8f}" for v in glat],
        }
    )
    table = read_table("transformers", _xlsx(frame), "台区.xlsx", datum=GCJ02)
    assert table.problems == []
    assert list(table.rows["id"]) == ["T001", "T002"]
    assert list(table.rows["households"]) == [120, 85]
    # back on WGS-84 within a centimetre (the offset itself is hundreds of metres)
    assert np.abs(table.rows["lon"].to_numpy(float) - lon).max() < 1e-7
    assert np.abs(table.rows["lat"].to_numpy(float) - lat).max() < 1e-7
    assert np.abs(glon - lon).max() > 1e-3


def test_bd09_csv_in_gb18030_with_english_headers() -> None:
    glon, glat = wgs84_to_gcj02(np.array([QIYANG[0]]), np.array([QIYANG[1]]))
    blon, blat = gcj02_to_bd09(glon, glat)
    text = f"ID,Name,Kind,Longitude,Latitude\nW1,祁阳城区营业厅,乡镇,{blon[0]:.8f},{blat[0]:.8f}\n"
    table = read_table("windows", text.encode("gb18030"), "windows.csv", datum=BD09)
    assert table.problems == []
    assert table.rows.loc[0, "name"] == "祁阳城区营业厅"
    assert table.rows.loc[0, "kind"] == "township"
    assert abs(table.rows.loc[0, "lon"] - QIYANG[0]) < 1e-6


def test_every_problem_is_named_with_file_row_and_field_and_nothing_is_taken() -> None:
    text = (
        "工号,姓名,岗位,专业,所属供电所,电话\n"
        "M1,张三,网格长,抢修,CC,13800138000\n"
        "M1,李四,网格员,装表接电,CC,12345\n"
        "M3,,队长,抢修,CC,\n"
    )
    table = read_table("staff", text.encode(), "人员.csv")
    said = [str(p) for p in table.problems]
    assert table.rows.empty
    where = {(p.row, p.field) for p in table.problems}
    assert {(3, "id"), (3, "phone"), (4, "name"), (4, "role")} <= where
    assert any(s.startswith("人员.csv, row 4, role: “队长” is not one of") for s in said)
    assert any("also on row 2" in s for s in said)


def test_a_missing_column_is_named_with_the_headers_it_may_have() -> None:
    table = read_table("customers", "户号,户名\n1,王\n".encode(), "customers.csv")
    assert [(p.row, p.field) for p in table.problems] == [(1, "district_id")]
    assert "台区编号" in table.problems[0].what


def test_offset_coordinates_outside_china_are_refused() -> None:
    text = "id,name,kind,lon,lat\nS1,Providence,urban,-71.41,41.82\n"
    table = read_table("stations", text.encode(), "stations.csv", datum=GCJ02)
    assert [(p.row, p.field) for p in table.problems] == [(2, "lon")]
    assert "outside China" in table.problems[0].what


@pytest.mark.parametrize("name", sorted(TABLES))
def test_every_table_refuses_a_file_that_is_not_a_table(name: str) -> None:
    table = read_table(name, b"PK\x03\x04 not a workbook", "x.xlsx")
    assert table.rows.empty
    assert table.problems[0].row is None
    assert "cannot be read" in table.problems[0].what


def test_the_format_page_names_every_column_and_header_the_code_accepts() -> None:
    page = (Path(__file__).resolve().parents[2] / "formats" / "onboarding.md").read_text("utf-8")
    for name, columns in TABLES.items():
        section = page.split(f"### `{name}`", 1)[1].split("###", 1)[0]
        rows = [line for line in section.splitlines() if line.startswith("| `")]
        assert [r.split("`")[1] for r in rows] == [c.key for c in columns]
        for row, column in zip(rows, columns, strict=True):
            headers = row.split("|")[2].strip().split(" / ")
            assert headers == list(column.names[1:])
            assert row.split("|")[3].strip() == ("yes" if column.required else "no")
