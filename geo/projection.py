"""Conversions between WGS-84 and the metric CRS used for geometry work."""

from __future__ import annotations

from functools import cache
from typing import TypeVar, cast

import numpy as np
import shapely
from numpy.typing import ArrayLike, NDArray
from pyproj import Transformer

from geo.settings import METRIC_CRS, WGS84

G = TypeVar("G", bound=shapely.Geometry)


@cache
def _transformer(src: str, dst: str) -> Transformer:
    return Transformer.from_crs(src, dst, always_xy=True)


def to_metric_xy(lon: ArrayLike, lat: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Project WGS-84 longitude/latitude to metric x/y (metres)."""
    x, y = _transformer(WGS84, METRIC_CRS).transform(np.asarray(lon), np.asarray(lat))
    return np.asarray(x, dtype=float), np.asarray(y, dtype=float)


def to_lonlat(x: ArrayLike, y: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Unproject metric x/y (metres) to WGS-84 longitude/latitude."""
    lon, lat = _transformer(METRIC_CRS, WGS84).transform(np.asarray(x), np.asarray(y))
    return np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)


def geometry_to_lonlat(geom: G) -> G:
    """Unproject any shapely geometry from metric to WGS-84."""
    # shapely is untyped; transform keeps the geometry's type
    return cast(
        G, shapely.transform(geom, lambda xy: np.column_stack(to_lonlat(xy[:, 0], xy[:, 1])))
    )


def geometry_to_metric(geom: G) -> G:
    """Project any shapely geometry from WGS-84 to metric."""
    # shapely is untyped; transform keeps the geometry's type
    return cast(
        G, shapely.transform(geom, lambda xy: np.column_stack(to_metric_xy(xy[:, 0], xy[:, 1])))
    )
