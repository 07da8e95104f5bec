"""A county's layer files: the names the map, the intake and the store read them by."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
import shapely

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


#: Road classes drawn on the overview map (the rest only at street level).
MAP_CLASSES = ("trunk", "primary", "secondary", "tertiary", "residential")


def write_geojson(frame: gpd.GeoDataFrame, path: Path, *, precision: int = 6) -> None:
    """GeoJSON with coordinates rounded to ``precision`` decimals (6 ≈ 0.1 m)."""
    frame = frame.copy()
    frame["geometry"] = shapely.set_precision(frame.geometry.values, 10.0**-precision)
    frame.to_file(path, driver="GeoJSON", engine="pyogrio", COORDINATE_PRECISION=precision)


def road_lines(roads: nx.MultiDiGraph, classes: tuple[str, ...] = MAP_CLASSES) -> gpd.GeoDataFrame:
    """The roads of the given classes as merged lines, one row per class and name."""
    rows = []
    for u, v, data in roads.edges(data=True):
        highway, name = _first(data.get("highway", "")), _first(data.get("name", ""))
        if data.get("reversed") or highway not in classes:
            continue
        a, b = roads.nodes[u], roads.nodes[v]
        rows.append(
            (
                highway,
                name,
                shapely.LineString([(a["x"], a["y"]), (b["x"], b["y"])]),
            )
        )
    frame = pd.DataFrame(rows, columns=["highway", "name", "geometry"])
    merged = []
    for (highway, name), group in frame.groupby(["highway", "name"], sort=True):
        lines = shapely.line_merge(shapely.multilinestrings(list(group["geometry"])))
        merged.append({"highway": highway, "name": name, "geometry": lines})
    return gpd.GeoDataFrame(merged, geometry="geometry", crs="EPSG:4326")


def _first(value: object) -> str:
    """An edge's class or name: OpenStreetMap graphs hold a list where merged ways differ."""
    if isinstance(value, list):
        return str(value[0]) if value else ""
    return "" if value is None else str(value)


def holding(points: gpd.GeoDataFrame, areas: gpd.GeoDataFrame, column: str) -> np.ndarray:
    """``column`` of the area holding each point (the nearest area for a point outside
    them all), measured in the data's UTM zone."""
    from geo.projection import metric_crs_of_bounds

    crs = metric_crs_of_bounds(tuple(areas.to_crs("EPSG:4326").total_bounds))
    joined = gpd.sjoin_nearest(
        points[["geometry"]].to_crs(crs), areas[[column, "geometry"]].to_crs(crs)
    )
    found: np.ndarray = joined[~joined.index.duplicated()][column].reindex(points.index).to_numpy()
    return found
