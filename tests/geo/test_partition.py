"""The partitioner on small hand-made unit sets, and its command line."""

from __future__ import annotations

import json

import numpy as np
import pytest
import shapely
from shapely.geometry import mapping

from geo import __main__ as cli
from geo.adjacency import is_contiguous
from geo.partition import grid_count, partition
from geo.partition_io import PartitionInputError, units_from_features

STEP = 0.01  # about 1 km


def square_units(n=6, m=6, households=1000, station=lambda i, j: "S1", grid=None, locked=()):
    features = []
    for i in range(n):
        for j in range(m):
            box = shapely.box(
                111.8 + i * STEP, 26.5 + j * STEP, 111.8 + (i + 1) * STEP, 26.5 + (j + 1) * STEP
            )
            props = {"id": f"u{i}{j}", "households": households, "station": station(i, j)}
            if grid is not None:
                props["grid"] = grid(i, j)
            if (i, j) in locked:
                props["locked"] = True
            features.append({"type": "Feature", "geometry": mapping(box), "properties": props})
    return features


def grids_of(units, plan):
    out = {}
    for uid, g in zip(units.ids, plan.grid, strict=True):
        out.setdefault(g, []).append(uid)
    return out


def graph(units):
    return {units.ids[i]: {units.ids[j] for j in nb} for i, nb in enumerate(units.neighbours)}


def test_grids_are_contiguous_within_bounds_and_never_mix_stations():
    units = units_from_features(square_units(station=lambda i, j: "S1" if i < 3 else "S2"))
    plan = partition(units, 5000, 7000, time_limit=2)
    g = graph(units)
    for members in grids_of(units, plan).values():
        assert is_contiguous(members, g)
        assert len({units.station[units.ids.index(u)] for u in members}) == 1
        assert 5000 <= 1000 * len(members) <= 7000
    assert plan.offending(units, 5000, 7000) == []


def test_corner_touching_is_not_adjacency():
    units = units_from_features(square_units(2, 2))
    g = graph(units)
    assert "u11" not in g["u00"]  # diagonal squares meet at a point only
    assert g["u00"] == {"u01", "u10"}


def test_a_move_that_would_split_a_grid_is_refused():
    """A 1×5 strip, current grids A = first four, B = last: the strip's middle unit
    cannot move even if bounds would like it, because A would fall in two."""
    features = square_units(5, 1, grid=lambda i, j: "A" if i < 4 else "B")
    units = units_from_features(features)
    plan = partition(units, 1000, 4000, keep_current=True, time_limit=1)
    g = graph(units)
    for members in grids_of(units, plan).values():
        assert is_contiguous(members, g)


def test_locked_units_keep_their_grid():
    locked = {(0, 0), (5, 5)}
    features = square_units(grid=lambda i, j: "A" if i < 3 else "B", locked=locked)
    units = units_from_features(features)
    plan = partition(units, 8000, 12000, time_limit=1)
    got = dict(zip(units.ids, plan.grid, strict=True))
    assert got["u00"] == "A"
    assert got["u55"] == "B"


def test_infeasible_station_is_named_with_the_reason():
    assert grid_count(20_000, 12_000, 15_000)[1] == (
        "20,000 households cannot make grids of 12,000–15,000: 1 grid(s) would hold 20,000 "
        "on average (over 15,000), 2 only 10,000 (under 12,000)"
    )
    assert "fewer than the minimum" in grid_count(5_000, 12_000, 15_000)[1]
    units = units_from_features(square_units(4, 5, station=lambda i, j: "TOO-SMALL"))
    plan = partition(units, 12_000, 15_000, time_limit=1)
    assert plan.stations[0].station == "TOO-SMALL"
    assert "cannot make grids" in plan.stations[0].problem


def test_keep_current_moves_few_households_and_keeps_ids():
    features = square_units(grid=lambda i, j: "North" if j >= 3 else "South")
    for f in features:  # the north grows
        if f["properties"]["grid"] == "North" and f["properties"]["id"][2] in "45":
            f["properties"]["households"] = 1500
    units = units_from_features(features)
    plan = partition(units, 15_000, 22_000, keep_current=True, time_limit=2)
    assert set(plan.grid) == {"North", "South"}
    assert plan.offending(units, 15_000, 22_000) == []
    moved = sum(
        int(h) for h, c, g in zip(units.households, units.current, plan.grid, strict=True) if c != g
    )
    assert 0 < moved <= 3000


def test_command_round_trip_and_bad_input(tmp_path, capsys):
    src = tmp_path / "units.geojson"
    src.write_text(
        json.dumps({"type": "FeatureCollection", "features": square_units()}), encoding="utf-8"
    )
    out = tmp_path / "plan.geojson"
    args = [
        "partition",
        str(src),
        "-o",
        str(out),
        "--min-households",
        "8000",
        "--max-households",
        "10000",
    ]
    assert cli.main([*args, "--time-limit", "1"]) == 0
    plan = json.loads(out.read_text(encoding="utf-8"))
    assert len(plan["features"]) == 36
    assert all(f["properties"]["grid"] for f in plan["features"])
    assert all(f["properties"]["households"] == 1000 for f in plan["features"])
    printed = capsys.readouterr().out
    assert "4 grids from 36 units" in printed
    bad = square_units(2, 1)
    bad[1]["properties"]["id"] = bad[0]["properties"]["id"]
    src.write_text(json.dumps({"type": "FeatureCollection", "features": bad}), encoding="utf-8")
    assert cli.main(args) == 2
    assert "repeats feature 0" in capsys.readouterr().err
    src.write_text("{not json", encoding="utf-8")
    assert cli.main(args) == 2
    assert "not GeoJSON" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda p: p.pop("households"), "households must be a whole number"),
        (lambda p: p.update(households=-3), "households must be a whole number"),
        (lambda p: p.update(locked=True), "locked, but has no current grid"),
    ],
)
def test_malformed_units_are_named(change, message):
    features = square_units(1, 2)
    change(features[1]["properties"])
    with pytest.raises(PartitionInputError, match=message):
        units_from_features(features)


def test_an_invalid_polygon_is_named():
    features = square_units(1, 1)
    features[0]["geometry"] = mapping(
        shapely.Polygon([(111.8, 26.5), (111.81, 26.51), (111.81, 26.5), (111.8, 26.51)])
    )
    with pytest.raises(PartitionInputError, match="invalid polygon"):
        units_from_features(features)
    assert np.isfinite(1)
