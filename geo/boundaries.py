"""Boundaries as a county's grid-management centre keeps them — GeoJSON, a zipped
Shapefile, GeoPackage or KML, in whatever coordinate system (read from the file, or
declared) — as WGS-84 polygons with their attributes. Coordinates declared as GCJ-02 or
BD-09 become WGS-84 here. Every problem is named with the file and the feature."""

from __future__ import annotations

import io
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Final

import geopandas as gpd
import numpy as np
import pyogrio
import shapely
from pyproj import CRS

from geo.datum import DATUMS, WGS84_DATUM, in_china, to_wgs84
from i18n import _

WGS84: Final = "EPSG:4326"
SUFFIXES: Final = (".geojson", ".json", ".zip", ".gpkg", ".kml", ".shp")
MAX_BYTES: Final = 200 * 2**20


@dataclass
class Boundaries:
    """Polygons read from one file (WGS-84), with what was found wrong in it: when
    ``problems`` is not empty, ``frame`` is empty."""

    file: str
    frame: gpd.GeoDataFrame
    crs: str  # as the file declared it (or as it was declared for it)
    problems: list[str] = field(default_factory=list)


def _empty() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(geometry=[], crs=WGS84)


def _refused(file: str, crs: str, *problems: str) -> Boundaries:
    return Boundaries(file, _empty(), crs, [f"{file}: {p}" for p in problems])


def _read(path: Path) -> gpd.GeoDataFrame:
    if path.suffix.lower() != ".zip":
        return gpd.read_file(path, engine="pyogrio")
    with zipfile.ZipFile(path) as archive:
        shapes = [n for n in archive.namelist() if n.lower().endswith(".shp")]
        if len(shapes) != 1:
            raise ValueError(
                _("a zipped Shapefile holds one .shp; this one holds {n}").format(n=len(shapes))
            )
        with tempfile.TemporaryDirectory() as tmp:
            archive.extractall(tmp)  # names checked by zipfile against leaving tmp
            return gpd.read_file(Path(tmp) / shapes[0], engine="pyogrio")


def read_boundaries(path: Path, *, crs: str | None = None, datum: str = WGS84_DATUM) -> Boundaries:
    """Polygons of ``path`` in WGS-84. ``crs`` is for a file that declares none (a bare
    Shapefile without its .prj): any pyproj string, e.g. ``EPSG:4546`` (CGCS2000 / 3-degree
    Gauss-Kruger CM 111E); ``datum`` for longitude/latitude taken from a Chinese web map."""
    file = path.name
    refused = _precheck(path, datum)
    if refused:
        return _refused(file, "", refused)
    try:
        frame = _read(path)
    except (ValueError, OSError, pyogrio.errors.DataSourceError, zipfile.BadZipFile) as exc:
        return _refused(file, "", _("cannot be read ({reason})").format(reason=str(exc)[:200]))
    declared = crs or (frame.crs.to_string() if frame.crs is not None else "")
    if not declared:
        return _refused(
            file, "", _("declares no coordinate system: name it (e.g. EPSG:4490 or EPSG:4546)")
        )
    try:
        source = CRS.from_user_input(declared)
    except Exception:  # pyproj raises its own CRSError, and others on odd input
        return _refused(file, declared, _("unknown coordinate system {crs}").format(crs=declared))
    frame = frame.set_crs(source, allow_override=True).to_crs(WGS84)
    problems = _shapes(frame)
    if not problems and datum != WGS84_DATUM:
        problems = _from_offset(frame, datum)
    if problems:
        return _refused(file, declared, *problems)
    frame["geometry"] = shapely.make_valid(frame.geometry.to_numpy())
    # KML names its fields Name and Description
    frame = frame.rename(columns={c: c.lower() for c in ("Name", "Description") if c in frame})
    return Boundaries(file, frame.reset_index(drop=True), declared)


def _precheck(path: Path, datum: str) -> str | None:
    if path.suffix.lower() not in SUFFIXES:
        return _("not one of {suffixes}").format(suffixes=", ".join(SUFFIXES))
    if datum not in DATUMS:
        return _("unknown datum")
    if path.stat().st_size > MAX_BYTES:
        return _("larger than {most} MB").format(most=MAX_BYTES // 2**20)
    return None


def _shapes(frame: gpd.GeoDataFrame) -> list[str]:
    problems = []
    if frame.empty:
        return [_("no features")]
    for k, geom in enumerate(frame.geometry, start=1):
        if geom is None or geom.is_empty:
            problems.append(_("feature {k}: no geometry").format(k=k))
        elif geom.geom_type not in ("Polygon", "MultiPolygon"):
            problems.append(
                _("feature {k}: a {kind}, not an area").format(k=k, kind=geom.geom_type)
            )
    if not problems:
        minx, miny, maxx, maxy = frame.total_bounds
        if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
            problems.append(_("coordinates outside the globe: is the coordinate system right?"))
    return problems


def _from_offset(frame: gpd.GeoDataFrame, datum: str) -> list[str]:
    """Shift every vertex from GCJ-02 or BD-09 to WGS-84 (in place)."""
    coords = shapely.get_coordinates(frame.geometry.to_numpy())
    if not in_china(coords[:, 0], coords[:, 1]).all():
        return [_("outside China, where {datum} is not used").format(datum=datum)]

    def shift(xy: np.ndarray) -> np.ndarray:
        lon, lat = to_wgs84(xy[:, 0], xy[:, 1], datum)
        return np.column_stack((lon, lat))

    frame["geometry"] = shapely.transform(frame.geometry.to_numpy(), shift)
    return []


def read_boundaries_bytes(
    content: bytes, file: str, *, crs: str | None = None, datum: str = WGS84_DATUM
) -> Boundaries:
    """`read_boundaries` of an uploaded file's bytes."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / PurePath(file).name
        path.write_bytes(io.BytesIO(content).getvalue())
        return read_boundaries(path, crs=crs, datum=datum)
