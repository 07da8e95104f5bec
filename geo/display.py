"""Spatial preparation for maps: simplified coverages, dissolved grids, map colours,
hit tests. Pure functions of GeoDataFrames (WGS-84 in, WGS-84 out)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.adjacency import neighbour_pairs
from geo.projection import metric_crs_of_bounds
from geo.settings import WGS84

#: A qualitative palette that stays readable at 35% opacity over a light base.
GRID_PALETTE = (
    "#4e79a7",
    "#f28e2b",
    "#59a14f",
    "#e15759",
    "#b07aa1",
    "#edc948",
    "#76b7b2",
    "#ff9da7",
    "#9c755f",
    "#8cd17d",
    "#d37295",
    "#a0cbe8",
)


def simplify_coverage(frame: gpd.GeoDataFrame, tolerance_m: float) -> gpd.GeoDataFrame:
    """Simplify polygons that tile an area without opening gaps between neighbours."""
    crs = metric_crs_of_bounds(frame.to_crs(WGS84).total_bounds)
    metric = frame.to_crs(crs)
    simple = shapely.coverage_simplify(metric.geometry.values, tolerance_m)
    return gpd.GeoDataFrame(metric.drop(columns="geometry"), geometry=simple, crs=crs).to_crs(WGS84)


def dissolve_grids(districts: gpd.GeoDataFrame, grid_of: pd.Series) -> gpd.GeoDataFrame:
    """Grid polygons from the districts and each district's current grid (id → grid id).

    Uses a coverage union, which is exact and fast for districts that tile the county.
    """
    frame = districts[["id", "geometry"]].copy()
    frame["grid_id"] = frame["id"].map(grid_of)
    if frame["grid_id"].isna().any():
        missing = ", ".join(frame.loc[frame["grid_id"].isna(), "id"].head(5))
        msg = f"districts without a grid: {missing}"
        raise ValueError(msg)
    crs = metric_crs_of_bounds(frame.to_crs(WGS84).total_bounds)
    metric = frame.to_crs(crs)
    rows = [
        (gid, shapely.coverage_union_all(group.geometry.values))
        for gid, group in metric.groupby("grid_id", sort=True)
    ]
    out = gpd.GeoDataFrame(rows, columns=["grid_id", "geometry"], crs=crs)
    return out.to_crs(WGS84)


def colour_areas(frame: gpd.GeoDataFrame, palette: Sequence[str] = GRID_PALETTE) -> list[str]:
    """A colour per area such that neighbours differ (greedy, largest degree first)."""
    metric = frame.to_crs(metric_crs_of_bounds(frame.to_crs(WGS84).total_bounds))
    pairs = neighbour_pairs(list(metric.geometry))
    neighbours: dict[int, set[int]] = {i: set() for i in range(len(frame))}
    for i, j, _ in pairs:
        neighbours[i].add(j)
        neighbours[j].add(i)
    colour: dict[int, int] = {}
    for i in sorted(neighbours, key=lambda k: (-len(neighbours[k]), k)):
        taken = {colour[j] for j in neighbours[i] if j in colour}
        free = [c for c in range(len(palette)) if c not in taken]
        colour[i] = free[0] if free else i % len(palette)
    return [palette[colour[i]] for i in range(len(frame))]


def area_at(frame: gpd.GeoDataFrame, lon: float, lat: float, column: str = "id") -> str | None:
    """The value of ``column`` for the area holding the point, or None."""
    hits = frame[frame.geometry.contains(shapely.Point(lon, lat))]
    return None if hits.empty else str(hits.iloc[0][column])


def round_coordinates(frame: gpd.GeoDataFrame, decimals: int = 5) -> gpd.GeoDataFrame:
    """Coordinates rounded (5 decimals ≈ 1 m) to keep map payloads small."""
    out = frame.copy()
    out["geometry"] = shapely.set_precision(out.geometry.values, 10.0**-decimals)
    return out


def outside_mask(outline: shapely.Geometry, margin_deg: float = 0.6) -> shapely.Polygon:
    """A frame around the county with the county cut out, to fade what lies outside."""
    minx, miny, maxx, maxy = outline.bounds
    frame = shapely.box(minx - margin_deg, miny - margin_deg, maxx + margin_deg, maxy + margin_deg)
    return frame.difference(outline)


def bounds_latlon(frame: gpd.GeoDataFrame) -> list[list[float]]:
    """Leaflet-style [[south, west], [north, east]] bounds."""
    minx, miny, maxx, maxy = (float(v) for v in np.asarray(frame.total_bounds))
    return [[miny, minx], [maxy, maxx]]


def feature_collection(
    frame: gpd.GeoDataFrame, properties: Sequence[str], *, id_column: str | None = None
) -> dict[str, Any]:
    """A GeoJSON FeatureCollection (plain dicts) with the chosen properties and an ``id``
    per feature, ready to embed in a web map without further conversion."""
    features = []
    if frame.empty:  # an empty layer's file keeps no columns (GeoJSON has no schema)
        return {"type": "FeatureCollection", "features": []}
    geometries = shapely.to_geojson(frame.geometry.values)
    for k, (row, geometry) in enumerate(
        zip(frame[list(properties)].itertuples(index=False), geometries, strict=True)
    ):
        props = {name: _plain(value) for name, value in zip(properties, row, strict=True)}
        ident = str(props[id_column]) if id_column else str(k)
        features.append(
            {"type": "Feature", "id": ident, "properties": props, "geometry": json.loads(geometry)}
        )
    return {"type": "FeatureCollection", "features": features}


def point_collection(
    frame: pd.DataFrame, properties: Sequence[str], *, lon: str = "lon", lat: str = "lat"
) -> dict[str, Any]:
    """Points from lon/lat columns as a GeoJSON FeatureCollection (plain dicts)."""
    features = [
        {
            "type": "Feature",
            "id": str(k),
            "properties": {
                name: _plain(value) for name, value in zip(properties, row[2:], strict=True)
            },
            "geometry": {"type": "Point", "coordinates": [float(row[0]), float(row[1])]},
        }
        for k, row in enumerate(frame[[lon, lat, *properties]].itertuples(index=False))
    ]
    return {"type": "FeatureCollection", "features": features}


def _plain(value: object) -> object:
    """JSON-friendly scalars: numpy numbers to Python, missing values to None."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and np.isnan(value):
        return None
    return value
