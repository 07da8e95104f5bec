"""Reading units and writing plans in the partition GeoJSON (../shared/formats/partition.md)."""

from __future__ import annotations

import json
import math
import tempfile
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import shape

from geo.adjacency import neighbour_pairs
from geo.datum import datum_problem
from geo.errors import DataError
from geo.partition import Units
from geo.projection import geometry_to_metric


class PartitionInputError(DataError):
    """The units file cannot be used; the message names the feature and the field."""


def read_units(path: str | Path) -> tuple[Units, list[dict[str, Any]]]:
    """Units and their features (kept to write the plan back with every property)."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        msg = f"{path}: cannot read ({exc.strerror})"
        raise PartitionInputError(msg) from exc
    except (ValueError, UnicodeDecodeError) as exc:
        msg = f"{path}: not GeoJSON ({exc})"
        raise PartitionInputError(msg) from exc
    except RecursionError as exc:
        msg = f"{path}: nested deeper than any GeoJSON geometry"
        raise PartitionInputError(msg) from exc
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        msg = f"{path}: not a GeoJSON FeatureCollection"
        raise PartitionInputError(msg)
    wrong = datum_problem(data)
    if wrong:
        msg = f"{path}: {wrong}"
        raise PartitionInputError(msg)
    features = data.get("features") or []
    if not features:
        msg = f"{path}: no units in it"
        raise PartitionInputError(msg)
    return units_from_features(features, str(path)), features


def units_from_features(features: list[dict[str, Any]], where: str = "units") -> Units:
    ids: list[str] = []
    seen: dict[str, int] = {}
    households, station, current, locked, geoms = [], [], [], [], []
    for k, f in enumerate(features):
        props = (f or {}).get("properties") or {}
        fid = props.get("id")
        name = f"{where}: feature {k}"
        if not isinstance(fid, str | int) or isinstance(fid, bool) or str(fid) == "":
            msg = f"{name}: id is required (a unique string)"
            raise PartitionInputError(msg)
        fid = str(fid)
        if fid in seen:
            msg = f"{name}: id {fid!r} repeats feature {seen[fid]}"
            raise PartitionInputError(msg)
        seen[fid] = k
        hh = props.get("households")
        if (
            isinstance(hh, bool)
            or not isinstance(hh, int | float)
            or not math.isfinite(hh)
            or hh < 0
            or hh != int(hh)
        ):
            msg = f"{name} ({fid}): households must be a whole number ≥ 0, got {hh!r}"
            raise PartitionInputError(msg)
        try:
            geom = shape(f.get("geometry") or {})
        except Exception as exc:  # shapely raises several kinds on malformed geometry
            msg = f"{name} ({fid}): not a valid GeoJSON geometry ({exc})"
            raise PartitionInputError(msg) from exc
        if geom.geom_type not in {"Polygon", "MultiPolygon"} or geom.is_empty:
            msg = (
                f"{name} ({fid}): geometry must be a Polygon or MultiPolygon, got {geom.geom_type}"
            )
            raise PartitionInputError(msg)
        if not geom.is_valid:
            msg = f"{name} ({fid}): invalid polygon ({shapely.is_valid_reason(geom)})"
            raise PartitionInputError(msg)
        ids.append(fid)
        households.append(int(hh))
        station.append(str(props.get("station") or ""))
        current.append(None if props.get("grid") in (None, "") else str(props["grid"]))
        lock = bool(props.get("locked") or False)
        if lock and current[-1] is None:
            msg = f"{name} ({fid}): locked, but has no current grid to keep"
            raise PartitionInputError(msg)
        locked.append(lock)
        geoms.append(geometry_to_metric(geom))
    pairs = neighbour_pairs(geoms)
    neighbours: list[list[int]] = [[] for _ in ids]
    for i, j, _ in pairs:
        neighbours[i].append(j)
        neighbours[j].append(i)
    centres = shapely.centroid(np.asarray(geoms, dtype=object))
    return Units(
        ids,
        np.asarray(households, dtype=np.int64),
        shapely.get_x(centres),
        shapely.get_y(centres),
        station,
        current,
        np.asarray(locked, dtype=bool),
        neighbours,
    )


def plan_geojson(
    features: list[dict[str, Any]], grid: list[str], locked: list[bool] | None = None
) -> str:
    """The units as a FeatureCollection with each one's ``grid`` (and ``locked``) set."""
    out = []
    for k, (f, g) in enumerate(zip(features, grid, strict=True)):
        props = dict(f.get("properties") or {})
        props["grid"] = g
        if locked is not None:
            props["locked"] = bool(locked[k])
        out.append({"type": "Feature", "geometry": f.get("geometry"), "properties": props})
    return json.dumps({"type": "FeatureCollection", "features": out}, ensure_ascii=False)


def write_plan(path: str | Path, features: list[dict[str, Any]], grid: list[str]) -> None:
    Path(path).write_text(plan_geojson(features, grid), encoding="utf-8")


def plan_geopackage(units: gpd.GeoDataFrame, grid: list[str], locked: list[bool]) -> bytes:
    """A GeoPackage with two layers: ``districts`` (each with its grid and lock) and
    ``grids`` (dissolved, with households and district count). ``units`` holds ``id``,
    ``households``, ``station`` and a WGS-84 geometry, in the plan's order."""
    frame = units[["id", "households", "station", "geometry"]].copy()
    frame["grid"] = grid
    frame["locked"] = locked
    grids = frame.dissolve(
        by="grid", aggfunc={"households": "sum", "station": "first", "id": "count"}
    ).rename(columns={"id": "districts"})
    grids = grids.reset_index()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.gpkg"
        frame.to_file(path, layer="districts", driver="GPKG", engine="pyogrio")
        grids.to_file(path, layer="grids", driver="GPKG", engine="pyogrio")
        return path.read_bytes()
