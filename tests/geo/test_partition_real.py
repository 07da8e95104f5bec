"""The partitioner on real units nobody here made (../shared/data/real): Vermont towns by
county, and Providence's census blocks cut into islands. No grid holds a detached unit
except across a link it names; every compromise is said."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import numpy as np
import pytest
from shapely.geometry import shape

from geo import __main__ as cli
from geo.partition import Plan, Units, partition
from geo.partition_io import units_from_features
from geo.partition_pieces import pieces

REAL = Path(__file__).resolve().parents[3] / "shared" / "data" / "real"


def features(name: str) -> list[dict]:
    path = REAL / name
    assert path.exists(), f"the real samples are missing: {path}"
    return json.loads(gzip.decompress(path.read_bytes()))["features"]


def detached(units: Units, plan: Plan) -> list[str]:
    """Grids whose units are not one piece, counting the links the plan declared."""
    joined = [list(n) for n in units.neighbours]
    index = {u: k for k, u in enumerate(units.ids)}
    for result in plan.stations:
        for a, b, _metres in result.links:
            joined[index[a]].append(index[b])
            joined[index[b]].append(index[a])
    labels = np.asarray(plan.grid)
    return [
        g
        for g in sorted(set(plan.grid))
        if len(pieces(joined, np.flatnonzero(labels == g).tolist())) > 1
    ]


def test_vermont_towns_no_detached_grid_and_every_compromise_named():
    units = units_from_features(features("vermont-towns.units.geojson.gz"))
    plan = partition(units, 15_000, 35_000, time_limit=5)
    assert detached(units, plan) == []
    by_station = {r.station: r for r in plan.stations}
    # Essex county (009): a town with no border on the rest of its county
    essex = by_station["009"]
    assert len(essex.links) == 1
    town, _other, metres = essex.links[0]
    assert metres > 1_000
    assert any(town in note and "too small for a grid of its own" in note for note in essex.notes)
    assert essex.problem
    assert "fewer than the minimum" in essex.problem
    # Chittenden (007): Burlington's 42,417 people are above the maximum on their own
    chittenden = by_station["007"]
    big = [units.ids[i] for i in np.flatnonzero(units.households > 35_000)]
    assert big
    assert all(
        any(u in note and "over the maximum" in note for note in chittenden.notes) for u in big
    )
    # without the pieces, Essex's two towns would be one grid in two pieces
    plain = [list(n) for n in units.neighbours]
    labels = np.asarray(plan.grid)
    assert (
        len(pieces(plain, np.flatnonzero(labels == plan.grid[units.ids.index(town)]).tolist())) == 2
    )


@pytest.fixture(scope="module")
def islands() -> list[dict]:
    """Providence's blocks as one station, cut in two by a north–south band and with an
    island of blocks ringed by a moat."""
    feats = features("providence-blocks.units.geojson.gz")
    centres = np.array([shape(f["geometry"]).centroid.coords[0] for f in feats])
    mid = float(np.median(centres[:, 0]))
    px, py = np.percentile(centres[:, 0], 80), np.percentile(centres[:, 1], 50)
    ring = np.hypot((centres[:, 0] - px) * 80_000, (centres[:, 1] - py) * 111_000)
    kept = []
    for f, (x, _y), r in zip(feats, centres, ring, strict=True):
        if abs(x - mid) < 0.002 or 250 < r < 450:
            continue
        props = dict(f["properties"])
        props.pop("grid", None)
        kept.append({**f, "properties": props})
    return kept


def test_a_station_cut_into_islands_keeps_every_grid_in_one_piece(islands):
    units = units_from_features(islands)
    parts = pieces(units.neighbours, list(range(len(units.ids))))
    assert len(parts) >= 3  # two halves and the island at least
    plan = partition(units, 8_000, 14_000, time_limit=5)
    assert detached(units, plan) == []
    (result,) = plan.stations
    assert any("pieces with no border between them" in n for n in result.notes)
    labels = np.asarray(plan.grid)
    west, east = parts[0], parts[1]
    assert not set(labels[west]) & set(labels[east]), "a grid spans both halves"
    small = [p for p in parts if int(units.households[p].sum()) < 8_000]
    assert small
    for piece in small:  # joined by a named link, not left alone under the minimum
        names = {units.ids[i] for i in piece}
        assert any(a in names or b in names for a, b, _ in result.links)
    assert plan.offending(units, 8_000, 14_000) == []


def test_the_command_prints_the_compromises(tmp_path, capsys):
    source = tmp_path / "vt.geojson"
    source.write_text(
        json.dumps(
            {"type": "FeatureCollection", "features": features("vermont-towns.units.geojson.gz")}
        ),
        encoding="utf-8",
    )
    out = tmp_path / "plan.geojson"
    code = cli.main(
        [
            "partition",
            str(source),
            "-o",
            str(out),
            "--min-households",
            "15000",
            "--max-households",
            "35000",
            "--time-limit",
            "3",
        ]
    )
    printed = capsys.readouterr().out
    assert code == 0
    assert "station 009: a piece of 1 unit(s)" in printed
    assert "over the maximum of 35,000" in printed
