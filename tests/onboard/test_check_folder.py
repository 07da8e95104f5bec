"""A county folder checked whole before anything is written: real roads (Monaco's
streets, moved to Qiyang), boundaries in Gauss-Kruger, transformers in GCJ-02, tables
with Chinese headers; every problem named with file, row and field."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from dispatch.onboard import check_folder
from tests.onboard_county import copy_county, make_county


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_county(tmp_path_factory.mktemp("county") / "raw")


def test_a_good_folder_is_read_whole_with_its_summary(county: Path) -> None:
    checked = check_folder(county, cache_dir=county.parent / "cache")
    assert checked.problems == []
    counts = checked.counts()
    assert counts["transformers"] == counts["districts"] == 40
    assert counts["stations"] == 2
    assert counts["staff"] == 16
    assert counts["members"] == 12
    assert counts["customers"] == 200
    assert counts["townships"] == 2
    assert counts["road_nodes"] > 300
    assert counts["households"] == int(checked.tables["transformers"]["households"].sum())
    assert any("transformer districts made from transformer points" in n for n in checked.notes)
    assert checked.declared == {"transformers.xlsx": "GCJ-02"}
    # the GCJ-02 points came back to where they were placed (within a centimetre)
    districts = checked.layers["districts"]
    points = gpd.points_from_xy(districts["lon"], districts["lat"])
    assert districts.geometry.covers(gpd.GeoSeries(points, crs=4326)).all()
    raw = pd.read_excel(county / "transformers.xlsx", dtype=str)
    shift = np.abs(raw["经度"].astype(float).to_numpy() - districts["lon"].to_numpy())
    assert shift.min() > 1e-3  # the offset is hundreds of metres


def test_problems_in_several_files_are_all_named_and_nothing_is_taken(
    county: Path, tmp_path: Path
) -> None:
    bad = copy_county(county, tmp_path / "bad")
    staff = pd.read_excel(bad / "staff.xlsx", dtype=str)
    staff.loc[2, "岗位"] = "队长"
    staff.loc[5, "所属供电所"] = "S99"
    staff.to_excel(bad / "staff.xlsx", index=False)
    (bad / "windows.csv").write_text(
        "编号,名称,类型,经度,纬度\nW1,窗口,乡镇,112.9,26.59\n", "utf-8"
    )
    (bad / "onboarding.json").write_text(json.dumps({"datum": {}}), "utf-8")  # GCJ-02 forgotten
    checked = check_folder(bad, cache_dir=tmp_path / "cache")
    said = "\n".join(checked.problems)
    assert "staff.xlsx, row 4, role: “队长” is not one of" in said
    # the cross-checks wait until every file reads
    staff.loc[2, "岗位"] = "网格员"
    staff.to_excel(bad / "staff.xlsx", index=False)
    checked = check_folder(bad, cache_dir=tmp_path / "cache")
    said = "\n".join(checked.problems)
    assert "staff.xlsx, row 7, station_id: “S99” is not in the county's list" in said
    assert "windows.csv, row 2, lon:" in said
    assert "outside the county boundary" in said
    assert "districts" not in checked.layers  # nothing made while there are problems


def test_a_folder_missing_its_roads_and_boundaries_says_which(tmp_path: Path) -> None:
    (tmp_path / "stations.csv").write_text("id,name,kind,lon,lat\n", "utf-8")
    checked = check_folder(tmp_path, cache_dir=tmp_path / "cache")
    said = "\n".join(checked.problems)
    for name in ("roads.*", "county.*", "townships.*", "staff.*", "transformers"):
        assert name in said


def test_grid_bounds_that_cannot_be_are_named(county: Path, tmp_path: Path) -> None:
    for path in county.glob("*.*"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    (tmp_path / "onboarding.json").write_text(json.dumps({"grid_households": [3000, 1500]}))
    checked = check_folder(tmp_path, cache_dir=tmp_path / "cache")
    assert any("grid_households: two whole numbers" in p for p in checked.problems)
