"""Painting a district into another grid, checking a whole plan, and the per-grid figures
that compare plans — on a 4 × 3 grid of 1 km squares."""

from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pytest
from shapely.geometry import shape

from geo.partition_io import plan_geojson, plan_geopackage, units_from_features
from geo.plan_edit import check_move, check_plan, differing, moved, targets
from geo.plan_metrics import Context, grid_table, summary

from .test_partition import square_units

LO, HI = 3000, 5000


def two_grids(station=lambda i, j: "S1", locked=()):
    """Columns 0–1 are grid A, columns 2–3 grid B; 1,000 households per square."""
    features = square_units(
        4, 3, station=station, grid=lambda i, j: "A" if i < 2 else "B", locked=locked
    )
    units = units_from_features(features)
    return units, [u for u in (units.current) if u]


def at(units, i, j):
    return units.ids.index(f"u{i}{j}")


def test_a_boundary_district_moves_to_the_neighbouring_grid():
    units, grid = two_grids()
    unit = at(units, 1, 0)
    assert targets(units, grid, unit) == ["B"]
    check = check_move(units, grid, unit, "B", LO, 7000)
    assert check.ok, check.reason
    assert moved(grid, unit, "B")[unit] == "B"


def test_a_district_that_would_split_its_grid_is_refused():
    units, grid = two_grids()
    grid = moved(grid, at(units, 1, 0), "B")
    grid = moved(grid, at(units, 1, 2), "B")
    grid = moved(grid, at(units, 2, 1), "A")
    # A is column 0, u11 and u21: u21 hangs on u11 alone
    check = check_move(units, grid, at(units, 1, 1), "B", 0, 99_999)
    assert not check.ok
    assert "split A in two" in check.reason


def test_bounds_are_checked_both_ways():
    units, grid = two_grids()
    unit = at(units, 1, 0)
    low = check_move(units, grid, unit, "B", 6000, 9000)
    assert not low.ok
    assert "below the minimum 6,000" in low.reason
    high = check_move(units, grid, unit, "B", 1000, 6000)
    assert not high.ok
    assert "above the maximum 6,000" in high.reason


def test_locked_other_station_and_not_adjacent_are_refused_with_the_reason():
    units, grid = two_grids(locked={(1, 0)})
    assert "locked in A" in check_move(units, grid, at(units, 1, 0), "B", 0, 99_999).reason
    assert "does not share a boundary with B" in (
        check_move(units, grid, at(units, 0, 0), "B", 0, 99_999).reason
    )
    units, grid = two_grids(station=lambda i, j: "S1" if i < 2 else "S2")
    unit = at(units, 1, 0)
    assert targets(units, grid, unit) == []
    refused = check_move(units, grid, unit, "B", 0, 99_999)
    assert "grids never mix stations" in refused.reason


def test_the_last_district_of_a_grid_cannot_leave_it():
    units, grid = two_grids()
    grid = ["C" if u == "u00" else g for u, g in zip(units.ids, grid, strict=True)]
    assert "the grid would vanish" in check_move(units, grid, 0, "A", 0, 99_999).reason


def test_whole_plan_check_blocks_pieces_and_mixed_stations_and_warns_on_bounds():
    units, grid = two_grids(station=lambda i, j: "S1" if i < 2 else "S2")
    ok = check_plan(units, grid, 6000, 6000)
    assert ok.blocking == []
    assert ok.warnings == []
    pieces = list(grid)
    pieces[at(units, 0, 0)] = "B"  # B in two pieces and mixing S1 and S2
    bad = check_plan(units, pieces, 6000, 6000)
    assert "B mixes stations S1, S2" in bad.blocking
    assert "B is not contiguous" in bad.blocking
    assert any(w.startswith("A holds 5,000") for w in bad.warnings)
    assert check_plan(units, grid[:-1], LO, HI).blocking


def test_grid_table_measures_each_grid_against_a_reference():
    units, grid = two_grids()
    n = len(units.ids)
    window = at(units, 0, 0)  # one window, in A's corner
    times = np.arange(n, dtype=float)[None, :] * 60.0  # unit k is k minutes away
    ctx = Context(np.full(n, 1.0), np.arange(n), np.array([window]), times)
    plan = moved(grid, at(units, 1, 0), "B")
    table = grid_table(units, plan, ctx, reference=grid, lo=LO, hi=HI).set_index("grid")
    assert table.loc["A", "households"] == 5000
    assert table.loc["B", "households"] == 7000
    assert table.loc["B", "households moved in"] == 1000
    assert table.loc["A", "households moved in"] == 0
    assert table.loc["A", "area (km²)"] == 5.0
    a_units = [i for i, g in enumerate(plan) if g == "A"]
    assert table.loc["A", "farthest from window (min)"] == max(a_units)
    assert table.loc["A", "window"] == "own window"
    assert table.loc["B", "window"] == "station's nearest window"
    assert table.loc["B", "requests last year"] == sum(i for i, g in enumerate(plan) if g == "B")
    assert bool(table.loc["B", "within bounds"]) is False
    line = summary(table.reset_index(), units)
    assert line["grids within bounds"] == "1 of 2"
    assert line["households moved"] == "1,000 (8.3%)"


def test_geopackage_export_holds_districts_and_dissolved_grids(tmp_path):
    features = square_units(4, 3, grid=lambda i, j: "A" if i < 2 else "B")
    frame = gpd.GeoDataFrame(
        [f["properties"] for f in features],
        geometry=[shape(f["geometry"]) for f in features],
        crs="EPSG:4326",
    )
    grid = [f["properties"]["grid"] for f in features]
    locked = [k == 0 for k in range(len(grid))]
    path = tmp_path / "plan.gpkg"
    path.write_bytes(plan_geopackage(frame, grid, locked))
    districts = gpd.read_file(path, layer="districts", engine="pyogrio")
    assert list(districts["grid"]) == grid
    assert list(districts["locked"]) == locked
    grids = gpd.read_file(path, layer="grids", engine="pyogrio").set_index("grid")
    assert grids.loc["A", "households"] == 6000
    assert grids.loc["B", "districts"] == 6
    assert grids.crs.to_epsg() == 4326
    assert grids.loc["A"].geometry.area == pytest.approx(frame.geometry[:6].union_all().area)


def test_geojson_export_round_trips_through_the_reader():
    features = square_units(4, 3, grid=lambda i, j: "A" if i < 2 else "B")
    grid = ["B" if k == 5 else f["properties"]["grid"] for k, f in enumerate(features)]
    text = plan_geojson(features, grid, [False] * len(grid))
    again = units_from_features(json.loads(text)["features"])
    assert again.current == grid


def test_differing_names_the_districts_two_plans_put_in_other_grids():
    units, grid = two_grids()
    other = moved(moved(grid, at(units, 1, 0), "B"), at(units, 2, 2), "A")
    assert differing(grid, other) == sorted([at(units, 1, 0), at(units, 2, 2)])
    assert differing(grid, list(grid)) == []
    with pytest.raises(ValueError, match="compare plans of one county"):
        differing(grid, grid[:-1])
