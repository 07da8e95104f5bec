"""Boundaries in any format and coordinate system, and districts from transformer points."""

from __future__ import annotations

import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely
from shapely.geometry import Point, box

from geo.boundaries import read_boundaries
from geo.datum import GCJ02, wgs84_to_gcj02
from geo.districts import voronoi_districts

#: two townships side by side near Qiyang, WGS-84
WEST, EAST = box(111.80, 26.55, 111.85, 26.60), box(111.85, 26.55, 111.90, 26.60)


def _townships() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"id": ["T1", "T2"], "name": ["西镇", "东镇"]}, geometry=[WEST, EAST], crs=4326
    )


@pytest.mark.parametrize("suffix", [".geojson", ".gpkg", ".kml", ".zip"])
def test_boundaries_in_any_format_and_crs_come_out_wgs84(tmp_path: Path, suffix: str) -> None:
    # CGCS2000 / 3-degree Gauss-Kruger CM 111E, as a county's grid centre may keep them
    frame = _townships().to_crs("EPSG:4546" if suffix != ".kml" else 4326)
    path = tmp_path / f"townships{suffix}"
    if suffix == ".zip":
        frame.to_file(tmp_path / "t.shp", engine="pyogrio")
        with zipfile.ZipFile(path, "w") as z:
            for part in tmp_path.glob("t.*"):
                z.write(part, f"乡镇/{part.name}")
    else:
        driver = {".geojson": "GeoJSON", ".gpkg": "GPKG", ".kml": "KML"}[suffix]
        frame.to_file(path, driver=driver, engine="pyogrio")
    read = read_boundaries(path)
    assert read.problems == []
    assert len(read.frame) == 2
    west = read.frame.geometry[0]
    assert west.symmetric_difference(WEST).area / WEST.area < 1e-6
    assert list(read.frame["name"]) == ["西镇", "东镇"]


def test_gcj02_boundaries_are_shifted_to_wgs84(tmp_path: Path) -> None:
    def shift(xy: np.ndarray) -> np.ndarray:
        return np.column_stack(wgs84_to_gcj02(xy[:, 0], xy[:, 1]))

    frame = _townships()
    frame["geometry"] = shapely.transform(frame.geometry.to_numpy(), shift)
    path = tmp_path / "gcj.geojson"
    frame.to_file(path, engine="pyogrio")
    read = read_boundaries(path, datum=GCJ02)
    assert read.problems == []
    corners = shapely.get_coordinates(read.frame.geometry[0])
    assert np.abs(corners - shapely.get_coordinates(WEST)).max() < 1e-7


def test_bad_boundaries_are_named_and_give_nothing(tmp_path: Path) -> None:
    lines = gpd.GeoDataFrame({"id": ["a"]}, geometry=[Point(111.8, 26.5)], crs=4326)
    path = tmp_path / "points.geojson"
    lines.to_file(path, engine="pyogrio")
    read = read_boundaries(path)
    assert read.frame.empty
    assert read.problems == ["points.geojson: feature 1: a Point, not an area"]
    bare = tmp_path / "bare.shp"
    _townships().to_crs("EPSG:4546").to_file(bare, engine="pyogrio")
    bare.with_suffix(".prj").unlink()
    assert "declares no coordinate system" in read_boundaries(bare).problems[0]
    # declared by the user, it is read
    assert read_boundaries(bare, crs="EPSG:4546").problems == []
    (tmp_path / "junk.gpkg").write_bytes(b"not a database")
    assert "cannot be read" in read_boundaries(tmp_path / "junk.gpkg").problems[0]


def test_voronoi_districts_tile_each_township_and_hold_their_transformer() -> None:
    rng = np.random.default_rng(7)
    lon, lat = rng.uniform(111.801, 111.899, 60), rng.uniform(26.551, 26.599, 60)
    points = gpd.GeoDataFrame(
        {"id": [f"D{k:02d}" for k in range(60)], "households": rng.integers(20, 300, 60)},
        geometry=gpd.points_from_xy(lon, lat),
        crs=4326,
    )
    made = voronoi_districts(points, _townships())
    assert made.problems == []
    frame = made.frame
    assert list(frame["id"]) == list(points["id"])
    assert all(cell.covers(pt) for cell, pt in zip(frame.geometry, points.geometry, strict=True))
    for town, shape in (("T1", WEST), ("T2", EAST)):
        cells = frame[frame["township_id"] == town].geometry
        union = shapely.union_all(cells.to_numpy())
        assert union.symmetric_difference(shape).area / shape.area < 1e-9  # no gap
        assert (
            abs(shapely.area(cells.to_numpy()).sum() - shape.area) / shape.area < 1e-9
        )  # no overlap
        assert all(c.within(shape.buffer(1e-9)) for c in cells)  # none across the border


def test_points_outside_townships_and_at_one_place_are_named() -> None:
    points = gpd.GeoDataFrame(
        {"id": ["A", "B", "C"]},
        geometry=[Point(111.82, 26.57), Point(111.82, 26.57), Point(112.5, 27.0)],
        crs=4326,
    )
    made = voronoi_districts(points, _townships())
    assert made.frame.empty
    assert any("C: outside every township" in p for p in made.problems)
    assert any("B: at the same place as A" in p for p in made.problems)
    only = voronoi_districts(points.iloc[[0]], _townships())
    assert only.problems == []
    assert only.notes == ["township T2: no transformer inside it, so no district covers it"]
    assert list(only.frame["township_id"]) == ["T1"]
