"""Coordinates from Chinese web maps are not WGS-84: AMap/Gaode and Tencent use GCJ-02
and Baidu BD-09, offset by a few hundred metres. A file that says so (its ``crs`` or a
coordinate-system field) is refused with how to fix it, rather than drawn wrongly; where
the datum is declared on purpose (onboarding), `to_wgs84` converts at the edge."""

from __future__ import annotations

import math
import re
from typing import Final

import numpy as np
from numpy.typing import ArrayLike, NDArray

from i18n import _

OFFSET_DATUM = re.compile(r"gcj[-_ ]?0?2|bd[-_ ]?0?9|火星坐标|百度坐标|高德", re.IGNORECASE)
FIELDS = ("crs", "coordinate_system", "coordinateSystem", "coordsys", "srs", "datum")


def offset_datum(data: object) -> str | None:
    """The GCJ-02 or BD-09 label a GeoJSON object declares at its top level, or None."""
    if not isinstance(data, dict):
        return None
    for key in FIELDS:
        value = data.get(key)
        text = str(value) if value is not None else ""
        found = OFFSET_DATUM.search(text)
        if found:
            return found.group(0)
    return None


def datum_problem(data: object) -> str | None:
    label = offset_datum(data)
    if label is None:
        return None
    return _(
        "its coordinates are declared as {label} (Chinese web-map offsets), not WGS-84; "
        "convert them to WGS-84 first (e.g. with the map service's own converter)"
    ).format(label=label)


# ---- conversion at the edge: GCJ-02 and BD-09 to WGS-84 -------------------------------
# The public formulas of the GCJ-02 offset (the "Mars" datum of AMap and Tencent) and of
# Baidu's BD-09 on top of it. GCJ-02 has no closed-form inverse: it is inverted by fixed-
# point iteration to well under a centimetre. Outside mainland China no offset applies.

WGS84_DATUM: Final = "WGS-84"
GCJ02: Final = "GCJ-02"
BD09: Final = "BD-09"
DATUMS: Final = (WGS84_DATUM, GCJ02, BD09)

_A: Final = 6378245.0  # the Krasovsky ellipsoid the formulas use
_EE: Final = 0.00669342162296594323
_X_PI: Final = math.pi * 3000.0 / 180.0

Array = NDArray[np.float64]


def datum_of(label: str) -> str | None:
    """The datum a label names (``gcj02``, ``GCJ-02``, ``火星坐标``, ``bd09``, ``百度``,
    ``wgs84``…), or None when it names none."""
    text = label.strip().lower().replace("_", "-").replace(" ", "")
    if not text:
        return None
    if re.fullmatch(r"wgs-?84|epsg:4326|gps|4326", text):
        return WGS84_DATUM
    if re.search(r"gcj-?0?2|火星|高德|腾讯|amap|gaode|tencent", text):
        return GCJ02
    if re.search(r"bd-?0?9|百度|baidu", text):
        return BD09
    return None


def in_china(lon: ArrayLike, lat: ArrayLike) -> NDArray[np.bool_]:
    """Where the offset applies: mainland China's bounding box, as the formulas use it."""
    x, y = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    inside: NDArray[np.bool_] = (x >= 72.004) & (x <= 137.8347) & (y >= 0.8293) & (y <= 55.8271)
    return inside


def _offset(lon: Array, lat: Array) -> tuple[Array, Array]:
    """The GCJ-02 offset (degrees) at WGS-84 points."""
    x, y = lon - 105.0, lat - 35.0
    waves = (20.0 * np.sin(6.0 * x * math.pi) + 20.0 * np.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    dlat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x))
    dlat += waves
    dlat += (20.0 * np.sin(y * math.pi) + 40.0 * np.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    dlat += (160.0 * np.sin(y / 12.0 * math.pi) + 320 * np.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    dlon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x))
    dlon += waves
    dlon += (20.0 * np.sin(x * math.pi) + 40.0 * np.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    dlon += (150.0 * np.sin(x / 12.0 * math.pi) + 300.0 * np.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    rad = lat / 180.0 * math.pi
    magic = 1 - _EE * np.sin(rad) ** 2
    root = np.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1 - _EE)) / (magic * root) * math.pi)
    dlon = (dlon * 180.0) / (_A / root * np.cos(rad) * math.pi)
    china = in_china(lon, lat)
    return np.where(china, dlon, 0.0), np.where(china, dlat, 0.0)


def wgs84_to_gcj02(lon: ArrayLike, lat: ArrayLike) -> tuple[Array, Array]:
    x, y = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    dx, dy = _offset(x, y)
    return x + dx, y + dy


def gcj02_to_wgs84(lon: ArrayLike, lat: ArrayLike) -> tuple[Array, Array]:
    """The WGS-84 point whose GCJ-02 offset lands on the given one (iterated to 1e-9°)."""
    gx, gy = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    x, y = gx.copy(), gy.copy()
    for _step in range(30):
        fx, fy = wgs84_to_gcj02(x, y)
        ex, ey = fx - gx, fy - gy
        x, y = x - ex, y - ey
        if max(float(np.abs(ex).max(initial=0)), float(np.abs(ey).max(initial=0))) < 1e-9:
            break
    return x, y


def bd09_to_gcj02(lon: ArrayLike, lat: ArrayLike) -> tuple[Array, Array]:
    x = np.asarray(lon, dtype=float) - 0.0065
    y = np.asarray(lat, dtype=float) - 0.006
    z = np.hypot(x, y) - 0.00002 * np.sin(y * _X_PI)
    theta = np.arctan2(y, x) - 0.000003 * np.cos(x * _X_PI)
    return z * np.cos(theta), z * np.sin(theta)


def gcj02_to_bd09(lon: ArrayLike, lat: ArrayLike) -> tuple[Array, Array]:
    x, y = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    z = np.hypot(x, y) + 0.00002 * np.sin(y * _X_PI)
    theta = np.arctan2(y, x) + 0.000003 * np.cos(x * _X_PI)
    return z * np.cos(theta) + 0.0065, z * np.sin(theta) + 0.006


def to_wgs84(lon: ArrayLike, lat: ArrayLike, datum: str) -> tuple[Array, Array]:
    """Points in a declared datum (`DATUMS`) as WGS-84 longitude/latitude."""
    if datum == WGS84_DATUM:
        return np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    if datum == GCJ02:
        return gcj02_to_wgs84(lon, lat)
    if datum == BD09:
        return gcj02_to_wgs84(*bd09_to_gcj02(lon, lat))
    msg = f"unknown datum {datum!r}: one of {', '.join(DATUMS)}"
    raise ValueError(msg)
