"""The demo county comes in by the door a real county does: the raw files its generator
writes (`demo/raw.py`: transformers as GCJ-02 points, windows in BD-09, townships as a
Shapefile in Gauss-Kruger without its .prj, Chinese CSV headers, 334,000 accounts) are
onboarded, and the county onboarding makes is the demo's own — the same transformers,
households, grids, people and accounts, and the same map within what Voronoi cells
made from points can draw."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from demo.raw import RAW
from dispatch.onboard import check_folder
from dispatch.onboard_build import County, build
from geo.projection import metric_crs_of_bounds

pytestmark = pytest.mark.full_county


@pytest.fixture(scope="module")
def onboarded(full_demo_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> County:
    checked = check_folder(full_demo_dir / RAW, cache_dir=tmp_path_factory.mktemp("roads"))
    assert checked.problems == []
    assert set(checked.declared.values()) >= {"GCJ-02", "BD-09", "EPSG:4546"}
    return build(checked)


def _layer(folder: Path, name: str) -> gpd.GeoDataFrame:
    return gpd.read_file(folder / f"{name}.geojson", engine="pyogrio").set_index("id")


def test_transformers_grids_and_stations_are_the_demos(
    onboarded: County, full_demo_dir: Path
) -> None:
    demo = _layer(full_demo_dir, "districts")
    made = onboarded.layers["districts"].set_index("id").reindex(demo.index)
    assert made["households"].notna().all()
    for column in ("households", "station_id", "grid_id", "township_id"):
        assert (made[column].astype(str) == demo[column].astype(str)).all(), column
    for name in ("grids", "stations"):
        want = _layer(full_demo_dir, name)["households"]
        got = onboarded.layers[name].set_index("id")["households"].reindex(want.index)
        assert (got == want).all(), name


def test_the_map_made_from_points_covers_the_demos(onboarded: County, full_demo_dir: Path) -> None:
    """Cells made from the transformer points (given in GCJ-02) against the demo's own
    districts: the demo cuts its cells along the Xiang, onboarding cannot know the river."""
    demo = _layer(full_demo_dir, "districts")
    crs = metric_crs_of_bounds(tuple(demo.total_bounds))
    want = demo.to_crs(crs).geometry
    got = onboarded.layers["districts"].set_index("id").to_crs(crs).geometry.reindex(want.index)
    shared = want.intersection(got, align=True).area / want.area
    assert float(shared.median()) > 0.999
    assert float((want.intersection(got, align=True).area.sum()) / want.area.sum()) > 0.99
    towns = _layer(full_demo_dir, "townships").to_crs(crs).geometry
    made = onboarded.layers["townships"].set_index("id").to_crs(crs).geometry.reindex(towns.index)
    assert float((towns.intersection(made, align=True).area / towns.area).min()) > 0.9999


def test_people_windows_and_accounts_are_the_demos(onboarded: County, full_demo_dir: Path) -> None:
    demo = pd.read_parquet(full_demo_dir / "members.parquet").set_index("id")
    made = onboarded.tables["members"].set_index("id").reindex(demo.index)
    for column in ("kind", "name", "role", "station_id", "grid_id", "phone"):
        assert (made[column] == demo[column]).all(), column
    staff = demo["kind"] == "staff"
    assert (made.loc[staff, "specialty"] == demo.loc[staff, "specialty"]).all()
    windows = _layer(full_demo_dir, "windows")
    placed = onboarded.tables["windows"].set_index("id").reindex(windows.index)
    metres = np.hypot(placed["lon"] - windows["lon"], placed["lat"] - windows["lat"]) * 111_000
    assert float(metres.max()) < 0.5  # BD-09 → WGS-84 within half a metre
    assert (placed["district_id"] == windows["district_id"]).all()
    accounts = pd.read_parquet(full_demo_dir / "customers.parquet")
    got = onboarded.tables["customers"].set_index("account_no").reindex(accounts["account_no"])
    assert len(onboarded.tables["customers"]) == len(accounts) == 334_000
    for column in ("name", "district_id", "grid_id", "phone", "id_number", "address"):
        assert (got[column].to_numpy() == accounts[column].to_numpy()).all(), column
