"""Write the demo county's geography to files (read back by `geo.layers`)."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import networkx as nx
import pandas as pd
import shapely

from demo.county import County
from geo.graphml import write_graphml
from geo.layers import LAYERS, ROADS_GRAPHML, ROADS_MAP, TERRAIN

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
        if data.get("reversed") or data["highway"] not in classes:
            continue
        a, b = roads.nodes[u], roads.nodes[v]
        rows.append(
            (
                data["highway"],
                data.get("name", ""),
                shapely.LineString([(a["x"], a["y"]), (b["x"], b["y"])]),
            )
        )
    frame = pd.DataFrame(rows, columns=["highway", "name", "geometry"])
    merged = []
    for (highway, name), group in frame.groupby(["highway", "name"], sort=True):
        lines = shapely.line_merge(shapely.multilinestrings(list(group["geometry"])))
        merged.append({"highway": highway, "name": name, "geometry": lines})
    return gpd.GeoDataFrame(merged, geometry="geometry", crs="EPSG:4326")


def write_county(county: County, out: Path) -> list[Path]:
    """Write every layer, the road graph (GraphML) and the terrain; returns the paths."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for layer in LAYERS:
        path = out / f"{layer}.geojson"
        write_geojson(getattr(county, layer), path)
        written.append(path)
    path = out / ROADS_MAP
    write_geojson(road_lines(county.roads), path, precision=5)
    written.append(path)
    path = out / ROADS_GRAPHML
    write_graphml(county.roads, path)
    written.append(path)
    path = out / TERRAIN
    county.terrain.save(path)
    written.append(path)
    return written
