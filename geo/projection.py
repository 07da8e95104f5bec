"""Conversions between WGS-84 and a metric CRS for geometry work.

The metric CRS is chosen from the data: the UTM zone of its centre (`metric_crs_for`),
or the one set in ``$DUALGRID_METRIC_CRS``. Each function takes the CRS it works in;
its default, `geo.settings.METRIC_CRS` (UTM 49N), is the one the demo county's centre
chooses, so code written for the demo keeps its numbers.
"""

from __future__ import annotations

from functools import cache
from typing import TypeVar, cast

import numpy as np
import shapely
from numpy.typing import ArrayLike, NDArray
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError

from geo.errors import DataError
from geo.settings import METRIC_CRS, WGS84, metric_crs_setting

G = TypeVar("G", bound=shapely.Geometry)


@cache
def _transformer(src: str, dst: str) -> Transformer:
    return Transformer.from_crs(src, dst, always_xy=True)


def utm_crs(lon: float, lat: float) -> str:
    """The WGS-84 UTM zone holding a point, as an EPSG code (326zz north, 327zz south)."""
    if not (-180.0 <= lon <= 180.0 and -90.0 <= lat <= 90.0):
        msg = f"({lon}, {lat}) is not a longitude/latitude"
        raise DataError(msg)
    zone = min(int((lon + 180.0) // 6.0) + 1, 60)
    return f"EPSG:{32600 + zone if lat >= 0 else 32700 + zone}"


def checked_crs(text: str) -> str:
    """A CRS someone typed, checked to be a projected one in metres."""
    try:
        crs = CRS.from_user_input(text)
    except CRSError as exc:
        msg = f"{text!r} is not a coordinate system pyproj knows ({exc})"
        raise DataError(msg) from exc
    unit = crs.axis_info[0].unit_name if crs.axis_info else ""
    if not crs.is_projected or unit not in ("metre", "meter"):
        msg = f"{text!r} is not a projected coordinate system in metres"
        raise DataError(msg)
    return text


def metric_crs_for(lon: ArrayLike, lat: ArrayLike) -> str:
    """The metric CRS for data at these points: ``$DUALGRID_METRIC_CRS`` when set, else
    the UTM zone of the points' centre (the middle of their bounding box)."""
    chosen = metric_crs_setting()
    if chosen:
        return checked_crs(chosen)
    x, y = np.asarray(lon, dtype=float).ravel(), np.asarray(lat, dtype=float).ravel()
    keep = np.isfinite(x) & np.isfinite(y)
    if not keep.any():
        return METRIC_CRS
    x, y = x[keep], y[keep]
    return utm_crs(float((x.min() + x.max()) / 2), float((y.min() + y.max()) / 2))


def metric_crs_of(geom: shapely.Geometry) -> str:
    """`metric_crs_for` a WGS-84 geometry (its bounds' centre)."""
    if geom is None or shapely.is_empty(geom):
        return metric_crs_for([], [])
    x0, y0, x1, y1 = shapely.bounds(geom)
    return metric_crs_for([x0, x1], [y0, y1])


def metric_crs_of_bounds(bounds: ArrayLike) -> str:
    """`metric_crs_for` WGS-84 bounds (min lon, min lat, max lon, max lat)."""
    x0, y0, x1, y1 = (float(v) for v in np.asarray(bounds, dtype=float).ravel()[:4])
    return metric_crs_for([x0, x1], [y0, y1])


def to_metric_xy(
    lon: ArrayLike, lat: ArrayLike, crs: str = METRIC_CRS
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Project WGS-84 longitude/latitude to metric x/y (metres)."""
    x, y = _transformer(WGS84, crs).transform(np.asarray(lon), np.asarray(lat))
    return np.asarray(x, dtype=float), np.asarray(y, dtype=float)


def to_lonlat(
    x: ArrayLike, y: ArrayLike, crs: str = METRIC_CRS
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Unproject metric x/y (metres) to WGS-84 longitude/latitude."""
    lon, lat = _transformer(crs, WGS84).transform(np.asarray(x), np.asarray(y))
    return np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)


def geometry_to_lonlat(geom: G, crs: str = METRIC_CRS) -> G:
    """Unproject any shapely geometry from metric to WGS-84."""
    # shapely is untyped; transform keeps the geometry's type
    return cast(
        G,
        shapely.transform(geom, lambda xy: np.column_stack(to_lonlat(xy[:, 0], xy[:, 1], crs))),
    )


def geometry_to_metric(geom: G, crs: str = METRIC_CRS) -> G:
    """Project any shapely geometry from WGS-84 to metric."""
    # shapely is untyped; transform keeps the geometry's type
    return cast(
        G,
        shapely.transform(geom, lambda xy: np.column_stack(to_metric_xy(xy[:, 0], xy[:, 1], crs))),
    )
