"""Map preparation: neighbours get different colours; grids dissolve from districts."""

from itertools import pairwise

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from geo.display import area_at, colour_areas, dissolve_grids, feature_collection


def strip(n: int) -> gpd.GeoDataFrame:
    """n districts of about 1 km side in a row, near the demo county."""
    boxes = [shapely.box(111.8 + 0.01 * i, 26.5, 111.81 + 0.01 * i, 26.51) for i in range(n)]
    return gpd.GeoDataFrame({"id": [f"D{i}" for i in range(n)]}, geometry=boxes, crs="EPSG:4326")


def test_neighbours_differ_in_colour():
    colours = colour_areas(strip(6), palette=("red", "blue", "green"))
    assert all(a != b for a, b in pairwise(colours))


def test_dissolve_follows_the_assignment():
    districts = strip(4)
    grids = dissolve_grids(districts, pd.Series({"D0": "A", "D1": "A", "D2": "B", "D3": "B"}))
    assert list(grids["grid_id"]) == ["A", "B"]
    assert set(grids.geom_type) == {"Polygon"}
    assert area_at(grids, 111.805, 26.505, column="grid_id") == "A"
    assert area_at(grids, 111.835, 26.505, column="grid_id") == "B"
    assert area_at(grids, 100.0, 20.0, column="grid_id") is None


def test_dissolve_names_districts_without_a_grid():
    with pytest.raises(ValueError, match="D3"):
        dissolve_grids(strip(4), pd.Series({"D0": "A", "D1": "A", "D2": "B"}))


def test_feature_collection_is_plain_json():
    fc = feature_collection(strip(2), ["id"], id_column="id")
    assert [f["id"] for f in fc["features"]] == ["D0", "D1"]
    assert fc["features"][0]["geometry"]["type"] == "Polygon"
