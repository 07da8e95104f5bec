"""A county's layer files: the names the map, the intake and the store read them by."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd

#: The vector layers of a county, one GeoJSON file each (WGS-84).
LAYERS = (
    "outline",
    "townships",
    "stations",
    "grids",
    "districts",
    "communities",
    "water",
    "low_ground",
)
ROADS_GRAPHML = "roads.graphml"
ROADS_MAP = "roads_map.geojson"
TERRAIN = "terrain.npz"


def read_layer(folder: Path, layer: str) -> gpd.GeoDataFrame:
    """One vector layer of a county folder."""
    return gpd.read_file(folder / f"{layer}.geojson", engine="pyogrio")
