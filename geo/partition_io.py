"""Reading units and writing plans in the partition GeoJSON (../shared/formats/partition.md).

A file's problems are said in the active language (English on the command line), each
naming the feature and the format's property as the file spells it (``households``);
the format itself, its property names included, is the same in every language."""

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
from geo.projection import geometry_to_metric, metric_crs_of_bounds
from i18n import _


class PartitionInputError(DataError):
    """The units file cannot be used; the message names the feature and the field."""


def read_units(path: str | Path) -> tuple[Units, list[dict[str, Any]]]:
    """Units and their features (kept to write the plan back with every property)."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        msg = _("{file}: cannot read ({reason})").format(file=path, reason=exc.strerror)
        raise PartitionInputError(msg) from exc
    except (ValueError, UnicodeDecodeError) as exc:
        msg = _("{file}: not GeoJSON ({reason})").format(file=path, reason=exc)
        raise PartitionInputError(msg) from exc
    except RecursionError as exc:
        msg = _("{file}: nested deeper than any GeoJSON geometry").format(file=path)
        raise PartitionInputError(msg) from exc
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        msg = _("{file}: not a GeoJSON FeatureCollection").format(file=path)
        raise PartitionInputError(msg)
    wrong = datum_problem(data)
    if wrong:
        msg = f"{path}: {wrong}"
        raise PartitionInputError(msg)
    features = data.get("features") or []
    if not features:
        msg = _("{file}: no units in it").format(file=path)
        raise PartitionInputError(msg)
    return units_from_features(features, str(path)), features


def units_from_features(features: list[dict[str, Any]], where: str = "") -> Units:
    """The units of a file's features (``where``: the file, said in its problems)."""
    ids: list[str] = []
    seen: dict[str, int] = {}
    households, station, current, locked, geoms = [], [], [], [], []
    where = where or _("units")
    for k, f in enumerate(features):
        props = (f or {}).get("properties") or {}
        fid = props.get("id")
        name = _("{file}: feature {k}").format(file=where, k=k)
        if not isinstance(fid, str | int) or isinstance(fid, bool) or str(fid) == "":
            msg = _("{feature}: id is required (a unique string)").format(feature=name)
            raise PartitionInputError(msg)
        fid = str(fid)
        if fid in seen:
            msg = _("{feature}: id {id} repeats feature {k}").format(
                feature=name, id=repr(fid), k=seen[fid]
            )
            raise PartitionInputError(msg)
        name = _("{file}: feature {k} ({id})").format(file=where, k=k, id=fid)
        seen[fid] = k
        hh = props.get("households")
        if (
            isinstance(hh, bool)
            or not isinstance(hh, int | float)
            or not math.isfinite(hh)
            or hh < 0
            or hh != int(hh)
        ):
            msg = _("{feature}: households must be a whole number ≥ 0, got {value}").format(
                feature=name, value=repr(hh)
            )
            raise PartitionInputError(msg)
        try:
            geom = shape(f.get("geometry") or {})
        except Exception as exc:  # shapely raises several kinds on malformed geometry
            msg = _("{feature}: not a valid GeoJSON geometry ({reason})").format(
                feature=name, reason=exc
            )
            raise PartitionInputError(msg) from exc
        if geom.geom_type not in {"Polygon", "MultiPolygon"} or geom.is_empty:
            msg = _("{feature}: geometry must be a Polygon or MultiPolygon, got {kind}").format(
                feature=name, kind=geom.geom_type
            )
            raise PartitionInputError(msg)
        if not geom.is_valid:
            msg = _("{feature}: invalid polygon ({reason})").format(
                feature=name, reason=shapely.is_valid_reason(geom)
            )
            raise PartitionInputError(msg)
        ids.append(fid)
        households.append(int(hh))
        station.append(str(props.get("station") or ""))
        current.append(None if props.get("grid") in (None, "") else str(props["grid"]))
        lock = bool(props.get("locked") or False)
        if lock and current[-1] is None:
            msg = _("{feature}: locked, but has no current grid to keep").format(feature=name)
            raise PartitionInputError(msg)
        locked.append(lock)
        geoms.append(geom)
    if geoms:
        crs = metric_crs_of_bounds(shapely.total_bounds(np.asarray(geoms, dtype=object)))
        geoms = [geometry_to_metric(g, crs) for g in geoms]
    pairs = neighbour_pairs(geoms)
    neighbours: list[list[int]] = [[] for _ in ids]
    for i, j, _length in pairs:
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
        for name, layer, (title, description) in (
            ("districts", frame, _described("districts")),
            ("grids", grids, _described("grids")),
        ):
            options = {"IDENTIFIER": title, "DESCRIPTION": description}
            layer.to_file(path, layer=name, driver="GPKG", engine="pyogrio", layer_options=options)
        return path.read_bytes()


def _described(layer: str) -> tuple[str, str]:
    """A GeoPackage layer's title and description in the active language; its table and
    column names stay as the format names them."""
    if layer == "districts":
        return _("Transformer districts of the plan"), _(
            "One row per transformer district: id, households, station (its power supply "
            "station), grid (the grid the plan puts it in) and locked (kept in its grid "
            "by the planner)."
        )
    return _("Grids of the plan"), _(
        "One row per grid of the plan, its districts merged: grid, households (in all), "
        "station and districts (how many transformer districts)."
    )
