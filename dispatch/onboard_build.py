"""Onboarding, second half: a `Checked` county made into the layers and tables of a
county folder (`store.folder`), the shape the demo writes and the store loads — grids
taken from the transformers' column or made by the partitioner, stations drawn as the
union of their districts, each district given its township and community, staff and
community members given their grid, windows and customers their district. Everything
decided that a file did not say is written in ``notes``."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Final

import geopandas as gpd
import numpy as np
import pandas as pd

from dispatch.onboard import Checked
from dispatch.onboard_people import customers, members, starting_positions, windows
from geo.layers import holding
from geo.partition import partition
from geo.partition_io import units_from_features
from geo.projection import metric_crs_of_bounds
from i18n import _

WGS84: Final = "EPSG:4326"
#: grid bounds (households) when ``onboarding.json`` gives none: the demo county's norm
GRID_HOUSEHOLDS: Final = (12_000, 15_000)


@dataclass
class County:
    """A county as the store loads it: layers (GeoDataFrames, WGS-84) and tables."""

    name: str
    layers: dict[str, gpd.GeoDataFrame]
    tables: dict[str, pd.DataFrame]
    notes: list[str] = field(default_factory=list)
    partition_seconds: float = 0.0
    grid_households: tuple[int, int] = GRID_HOUSEHOLDS  # the bounds its grids are drawn to


def _metric(frame: gpd.GeoDataFrame) -> str:
    return metric_crs_of_bounds(tuple(frame.to_crs(WGS84).total_bounds))


def build(checked: Checked, today: date | None = None) -> County:
    """The county folder's contents from a checked folder without problems."""
    if checked.problems:
        msg = "a county with problems is not built"
        raise ValueError(msg)
    declared = _declared(checked)
    name = str(declared.get("county") or checked.folder.name)
    county = County(name, {}, {})
    bounds = declared.get("grid_households")
    if isinstance(bounds, list) and len(bounds) == 2:
        county.grid_households = (int(bounds[0]), int(bounds[1]))
    districts = checked.layers["districts"].copy()
    districts["id"] = districts["id"].astype(str)
    if "lon" not in districts:  # polygons without their transformer: a point inside each
        inside = districts.to_crs(_metric(districts)).representative_point().to_crs(WGS84)
        districts["lon"], districts["lat"] = inside.x.round(7), inside.y.round(7)
    if "station_id" not in districts:
        districts["station_id"] = (
            holding(
                districts.set_geometry(districts.representative_point()),
                checked.layers["townships"],
                "station",
            )
            if "station" in checked.layers["townships"]
            else ""
        )
    districts["name"] = (
        districts.get("name", districts["id"]).replace("", np.nan).fillna(districts["id"])
    )
    towns = _townships(checked, districts)
    points = gpd.GeoDataFrame(
        districts, geometry=gpd.points_from_xy(districts["lon"], districts["lat"]), crs=WGS84
    )
    districts["township_id"] = holding(points, towns, "id")
    stations = checked.tables["stations"]
    kind = dict(zip(stations["id"], stations["kind"], strict=True))
    districts["area_class"] = [
        "urban" if kind.get(s) == "urban" else "rural" for s in districts["station_id"]
    ]
    _grids(checked, county, districts, declared)
    communities = _communities(checked, county, districts, towns, points)
    districts["community_id"] = holding(points, communities, "id")
    communities["grid_id"] = [
        _mode(
            districts.loc[districts["community_id"] == c, "grid_id"], districts["grid_id"].iloc[0]
        )
        for c in communities["id"]
    ]
    county.layers["districts"] = districts[
        [
            "id",
            "name",
            "township_id",
            "station_id",
            "grid_id",
            "community_id",
            "households",
            "area_class",
            "lon",
            "lat",
            "geometry",
        ]
    ]
    county.layers["townships"] = towns
    county.layers["outline"] = _outline(checked, name)
    county.layers["stations"] = _stations(checked, districts)
    county.layers["grids"] = _grid_shapes(districts, checked.tables["stations"])
    county.layers["communities"] = _community_points(communities, districts)
    county.layers["water"] = gpd.GeoDataFrame({"name": [], "kind": []}, geometry=[], crs=WGS84)
    county.layers["low_ground"] = gpd.GeoDataFrame(
        {"gauge_level_m": [], "area_km2": []}, geometry=[], crs=WGS84
    )
    people = members(checked, county.notes, districts, communities, today or date.today())
    county.tables["members"] = people
    county.tables["windows"] = windows(checked, districts, people)
    county.tables["customers"] = customers(checked, districts)
    county.tables["member_status"] = starting_positions(
        people,
        county.layers["stations"],
        county.layers["communities"],
        datetime.now(UTC).replace(tzinfo=None, microsecond=0),
    )
    return county


def _declared(checked: Checked) -> dict[str, object]:
    path = checked.folder / "onboarding.json"
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


def _mode(values: pd.Series, default: str) -> str:
    counts = values.value_counts()
    return str(counts.index[0]) if len(counts) else default


def _townships(checked: Checked, districts: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    towns = checked.layers["townships"].copy()
    towns["id"] = towns["id"].astype(str)
    seat = towns.to_crs(_metric(towns)).representative_point().to_crs(WGS84)
    points = gpd.GeoDataFrame(
        geometry=gpd.points_from_xy(districts["lon"], districts["lat"]), crs=WGS84
    )
    points["station_id"] = districts["station_id"].to_numpy()
    joined = gpd.sjoin(points, towns[["id", "geometry"]], predicate="within")
    station = {t: _mode(g["station_id"], "") for t, g in joined.groupby("id")}
    return gpd.GeoDataFrame(
        {
            "id": towns["id"],
            "name": towns["name"].astype(str),
            "name_en": towns["name"].astype(str),
            "kind": "town",
            "station_id": [station.get(t, districts["station_id"].iloc[0]) for t in towns["id"]],
            "remote": False,
            "seat_lon": seat.x.round(6).to_numpy(),
            "seat_lat": seat.y.round(6).to_numpy(),
            "approximate": False,
        },
        geometry=towns.geometry.to_numpy(),
        crs=WGS84,
    )


def _grids(
    checked: Checked, county: County, districts: gpd.GeoDataFrame, declared: dict[str, object]
) -> None:
    given = (
        districts["grid_id"].astype(str).str.strip()
        if "grid_id" in districts
        else pd.Series("", index=districts.index)
    )
    if (given != "").all() and (given != "nan").all():
        districts["grid_id"] = given
        county.notes.append(
            _("grids taken from the transformers' grid column: {n}").format(n=given.nunique())
        )
        return
    lo, hi = county.grid_households
    frame = districts.assign(station=districts["station_id"], grid=None)[
        ["id", "households", "station", "grid", "geometry"]
    ]
    units = units_from_features(json.loads(frame.to_json())["features"])
    plan = partition(units, lo, hi, time_limit=10.0)
    county.partition_seconds = plan.seconds
    districts["grid_id"] = plan.grid
    county.notes.append(
        _(
            "no grid column: {n} grids made by the partitioner ({lo:,}–{hi:,} households each)"
        ).format(n=len(set(plan.grid)), lo=lo, hi=hi)
    )
    for result in plan.stations:
        for said in ([result.problem] if result.problem else []) + result.notes:
            county.notes.append(
                _("station {station}: {said}").format(station=result.station, said=said)
            )


def _communities(
    checked: Checked,
    county: County,
    districts: gpd.GeoDataFrame,
    towns: gpd.GeoDataFrame,
    points: gpd.GeoDataFrame,
) -> gpd.GeoDataFrame:
    if "communities" in checked.layers:
        areas = checked.layers["communities"].copy()
        if "id" not in areas:
            areas["id"] = [f"C{k + 1:04d}" for k in range(len(areas))]
        areas["id"] = areas["id"].astype(str)
        areas["name"] = areas.get("name", areas["id"]).astype(str)
        inside = areas.to_crs(_metric(areas)).representative_point().to_crs(WGS84)
        areas["township_id"] = holding(gpd.GeoDataFrame(geometry=inside), towns, "id")
        return areas[["id", "name", "township_id", "geometry"]]
    county.notes.append(
        _("no community boundaries: each township is taken as one community until they are loaded")
    )
    return gpd.GeoDataFrame(
        {"id": "C" + towns["id"], "name": towns["name"], "township_id": towns["id"]},
        geometry=towns.geometry.to_numpy(),
        crs=WGS84,
    )


def _community_points(
    communities: gpd.GeoDataFrame, districts: gpd.GeoDataFrame
) -> gpd.GeoDataFrame:
    where = communities.to_crs(_metric(communities)).representative_point().to_crs(WGS84)
    held = districts.groupby("community_id")
    return gpd.GeoDataFrame(
        {
            "id": communities["id"],
            "name": communities["name"],
            "kind": [
                "village" if str(n).endswith("村") else "community" for n in communities["name"]
            ],
            "township_id": communities["township_id"],
            "grid_id": communities["grid_id"],
            "households": [int(held["households"].sum().get(c, 0)) for c in communities["id"]],
            "districts": [int(held.size().get(c, 0)) for c in communities["id"]],
            "lon": where.x.round(6).to_numpy(),
            "lat": where.y.round(6).to_numpy(),
        },
        geometry=where.to_numpy(),
        crs=WGS84,
    )


def _outline(checked: Checked, name: str) -> gpd.GeoDataFrame:
    shape = checked.layers["county"].union_all()
    metric = gpd.GeoSeries([shape], crs=WGS84).to_crs(_metric(checked.layers["county"]))
    return gpd.GeoDataFrame(
        {
            "name": [name],
            "code": [""],
            "area_km2": [round(float(metric.area.iloc[0]) / 1e6, 1)],
            "synthetic": [False],
        },
        geometry=[shape],
        crs=WGS84,
    )


def _stations(checked: Checked, districts: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    rows = checked.tables["stations"]
    shapes = districts.dissolve("station_id")
    held = districts.groupby("station_id")["households"].sum()
    empty = gpd.GeoSeries([None], crs=WGS84).iloc[0]
    return gpd.GeoDataFrame(
        {
            "id": rows["id"],
            "name": rows["name"],
            "kind": rows["kind"],
            "households": [int(held.get(s, 0)) for s in rows["id"]],
            "office_lon": rows["lon"].astype(float),
            "office_lat": rows["lat"].astype(float),
        },
        geometry=[shapes.geometry.get(s, empty) for s in rows["id"]],
        crs=WGS84,
    )


def _grid_shapes(districts: gpd.GeoDataFrame, stations: pd.DataFrame) -> gpd.GeoDataFrame:
    """Each grid as the union of its districts, named after its station and its number
    there (a grid id from the utility's column is its name as well)."""
    shapes = districts.dissolve("grid_id", aggfunc={"households": "sum", "station_id": "first"})
    counts = districts.groupby("grid_id").size()
    station_name = dict(zip(stations["id"], stations["name"], strict=True))
    names = []
    for grid, station in zip(shapes.index.astype(str), shapes["station_id"], strict=True):
        number = grid.removeprefix(f"{station}-")
        made = number != grid and number.isdigit()
        names.append(
            _("{station} grid {n}").format(station=station_name[station], n=int(number))
            if made
            else grid
        )
    return gpd.GeoDataFrame(
        {
            "id": shapes.index.astype(str),
            "name": names,
            "station_id": shapes["station_id"].to_numpy(),
            "households": shapes["households"].astype(int).to_numpy(),
            "districts": counts.reindex(shapes.index).to_numpy(),
        },
        geometry=shapes.geometry.to_numpy(),
        crs=WGS84,
    )
