"""Flood areas cleaned or refused; what a flood cuts, on a hand-made town."""

from __future__ import annotations

import json

import pandas as pd
import pytest
import shapely

from geo.flood import FloodAreaError, areas_from_geojson, assess, clean_area, edge_points
from geo.network import RoadNetwork

from .test_network import STEP, at, river_town, road

OUTLINE = shapely.box(*at(-1, -1), *at(6, 3))


def test_a_self_intersecting_polygon_is_repaired():
    bowtie = shapely.Polygon([at(0, 0), at(1, 1), at(1, 0), at(0, 1), at(0, 0)])
    assert not bowtie.is_valid
    fixed = clean_area(bowtie, "drawing", OUTLINE)
    assert fixed.is_valid
    assert fixed.area == pytest.approx(0.5 * STEP**2)  # both triangles kept


@pytest.mark.parametrize(
    ("geometry", "message"),
    [
        (shapely.LineString([at(0, 0), at(1, 1)]), "not an area"),
        (shapely.box(*at(20, 20), *at(21, 21)), "outside the county"),
        (shapely.box(*at(0, 0), *at(0.0001, 0.0001)), "smaller than"),
        (shapely.box(300, 20, 301, 21), "not longitude/latitude"),
        (shapely.Polygon(), "empty"),
    ],
)
def test_bad_areas_are_refused_with_the_reason(geometry, message):
    with pytest.raises(FloodAreaError, match=message):
        clean_area(geometry, "drawing", OUTLINE)


def test_geojson_upload_names_the_bad_feature():
    good = shapely.geometry.mapping(shapely.box(*at(0, 0), *at(1, 1)))
    text = json.dumps(
        {
            "type": "FeatureCollection",
            "features": [
                {"type": "Feature", "geometry": good, "properties": {}},
                {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[1, 2]]}},
            ],
        }
    )
    with pytest.raises(FloodAreaError, match="feature 1"):
        areas_from_geojson(text, OUTLINE, "flood.geojson")
    assert len(areas_from_geojson(json.dumps(good), OUTLINE)) == 1
    with pytest.raises(FloodAreaError, match="not GeoJSON"):
        areas_from_geojson("{nope", OUTLINE)


def test_what_a_flood_cuts_on_a_hand_made_town():
    """Water over node 2 closes its roads: the north bank (nodes 1 and 5) is cut off from
    the rest of the town, the district at node 2 is under water, the south bank is fine."""
    g = river_town()
    g.add_node(5, x=at(0, 3)[0], y=at(0, 3)[1])
    road(g, 1, 5, 60)
    view = RoadNetwork.from_graph(g).without(shapely.Point(*at(1, 2)).buffer(STEP / 2))
    points = {"north": at(0, 3), "wet": at(1, 2), "south": at(0, 0)}
    districts = pd.DataFrame(
        {
            "id": list(points),
            "grid_id": ["G1", "G1", "G2"],
            "households": [100, 250, 400],
            "lon": [p[0] for p in points.values()],
            "lat": [p[1] for p in points.values()],
        }
    )
    critical = pd.DataFrame(
        {
            "id": ["K1"],
            "name": ["hospital"],
            "kind": ["hospital"],
            "lon": [at(0, 2)[0]],
            "lat": [at(0, 2)[1]],
        }
    )
    members = pd.DataFrame(
        {"id": ["M1", "M2"], "lon": [at(0, 3)[0], at(0, 0)[0]], "lat": [at(0, 3)[1], at(0, 0)[1]]}
    )
    impact = assess(view, districts, critical, members)
    states = dict(zip(impact.districts["id"], impact.districts["state"], strict=True))
    assert states == {"north": "cut off", "wet": "flooded"}
    assert (impact.households_flooded, impact.households_cut_off) == (250, 100)
    assert impact.critical["state"].tolist() == ["cut off"]
    assert impact.stranded == ["M1"]
    assert len(impact.closed_edges) == 6  # 1–2, 2–3 and 2–6, both ways


def test_crews_work_from_the_waters_edge():
    water = shapely.box(*at(0, 0), *at(1, 1))
    (dry, wet) = edge_points(water, [at(3, 3), at(0.5, 0.9)])
    assert dry == at(3, 3)
    assert not water.contains(shapely.Point(wet))
    assert shapely.Point(wet).distance(water) < STEP  # just outside, near the top edge
