"""Flooded areas and what they cut: closed roads, districts and households under
water or cut off, critical customers affected, members stranded.

Areas come from a drawing, an uploaded GeoJSON or the terrain's low ground at a
water level; `clean_area` repairs what can be repaired (self-intersections,
rings drawn the wrong way) and refuses the rest with a message naming it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
import pandas as pd
import shapely
from numpy.typing import NDArray
from shapely.geometry import shape
from shapely.ops import nearest_points

from geo.datum import datum_problem
from geo.errors import DataError
from geo.projection import geometry_to_lonlat, geometry_to_metric, metric_crs_of, to_metric_xy
from geo.terrain import Terrain
from i18n import N_, Words, _

if TYPE_CHECKING:
    from geo.network_data import NetworkData

#: A district's state in a flood (`Situation.districts`), in words.
DISTRICT_STATES = Words({"flooded": N_("under water"), "cut off": N_("cut off")})
#: The kinds of critical customer, in words.
CRITICAL_KINDS = Words(
    {"hospital": N_("hospital"), "water_works": N_("water works"), "shelter": N_("shelter")}
)

MIN_AREA_M2 = 100.0
#: Areas one file may hold: a county's flood or closure layer is tens, not thousands.
MAX_FEATURES = 2_000
EDGE_STEP_M = 60.0  # a crew works from this far outside the water's edge


class FloodAreaError(DataError):
    """A flood area that cannot be used; the message says which and why."""


class ClosedRoads(Protocol):
    """What `assess` needs of a road network view with the flood's roads closed: a
    `geo.network.RoadNetwork` from ``without``, or a wrapper around one (the app shares
    one network between sessions)."""

    @property
    def data(self) -> NetworkData:
        """The network's arrays (for its nodes' lon/lat)."""
        ...

    @property
    def closed_edges(self) -> NDArray[np.int64]:
        """Indices of the closed road segments."""
        ...

    def parts(
        self, points: Sequence[tuple[float, float]] | NDArray[np.float64], /
    ) -> NDArray[np.signedinteger[Any]]:
        """Per (lon, lat) point, the part of the open roads it is in; -1 inside a closed area."""
        ...


def clean_area(
    geometry: Any, where: str, outline: shapely.Geometry | None = None
) -> shapely.Geometry:
    """A valid (multi)polygon in WGS-84, repaired if need be, clipped to the county."""
    if geometry is None or not isinstance(geometry, shapely.Geometry):
        msg = _("{where}: not a geometry").format(where=where)
        raise FloodAreaError(msg)
    if geometry.is_empty:
        msg = _("{where}: empty").format(where=where)
        raise FloodAreaError(msg)
    coords = shapely.get_coordinates(geometry)
    if not np.isfinite(coords).all():
        msg = _("{where}: coordinates must be finite numbers").format(where=where)
        raise FloodAreaError(msg)
    if (np.abs(coords[:, 0]) > 180).any() or (np.abs(coords[:, 1]) > 90).any():
        msg = _("{where}: coordinates are not longitude/latitude (WGS-84)").format(where=where)
        raise FloodAreaError(msg)
    fixed = shapely.make_valid(geometry) if not geometry.is_valid else geometry
    parts = [g for g in shapely.get_parts(fixed) if g.geom_type in {"Polygon", "MultiPolygon"}]
    if not parts:
        msg = _("{where}: a {kind}, not an area (draw a polygon)").format(
            where=where, kind=geometry.geom_type
        )
        raise FloodAreaError(msg)
    area = shapely.union_all(parts)
    if outline is not None:
        if not area.intersects(outline):
            msg = _("{where}: outside the county").format(where=where)
            raise FloodAreaError(msg)
        area = shapely.make_valid(area.intersection(outline))
        area = shapely.union_all(
            [g for g in shapely.get_parts(area) if g.geom_type in {"Polygon", "MultiPolygon"}]
        )
    if geometry_to_metric(area, metric_crs_of(area)).area < MIN_AREA_M2:
        msg = _("{where}: smaller than {m2} m² (a slip of the pen?)").format(
            where=where, m2=f"{MIN_AREA_M2:.0f}"
        )
        raise FloodAreaError(msg)
    return area


def areas_from_geojson(
    content: bytes | str, outline: shapely.Geometry | None = None, name: str = "file"
) -> list[shapely.Geometry]:
    """Every polygon feature of a GeoJSON text, cleaned; the first bad one is named."""
    try:
        data = json.loads(content)
    except (ValueError, UnicodeDecodeError) as exc:
        msg = _("{name}: not GeoJSON ({error})").format(name=name, error=exc)
        raise FloodAreaError(msg) from exc
    except RecursionError as exc:
        msg = _("{name}: nested deeper than any GeoJSON geometry; nothing was read").format(
            name=name
        )
        raise FloodAreaError(msg) from exc
    if not isinstance(data, dict):
        msg = _("{name}: not a GeoJSON object").format(name=name)
        raise FloodAreaError(msg)
    wrong = datum_problem(data)
    if wrong:
        msg = _("{name}: {problem}").format(name=name, problem=wrong)
        raise FloodAreaError(msg)
    if data.get("type") == "FeatureCollection":
        features = data.get("features") or []
    elif data.get("type") == "Feature":
        features = [data]
    else:
        features = [{"type": "Feature", "geometry": data}]
    if not features:
        msg = _("{name}: no features in it").format(name=name)
        raise FloodAreaError(msg)
    if not isinstance(features, list) or len(features) > MAX_FEATURES:
        if isinstance(features, list):
            msg = _("{name}: {n} features, more than the {most} one file may hold").format(
                name=name, n=f"{len(features):,}", most=f"{MAX_FEATURES:,}"
            )
        else:
            msg = _("{name}: its features are not a list").format(name=name)
        raise FloodAreaError(msg)
    out = []
    for k, feature in enumerate(features):
        where = _("{name}: feature {k}").format(name=name, k=k)
        try:
            geometry = shape(feature.get("geometry") or {})
        except RecursionError as exc:
            msg = _("{where}: coordinates nested deeper than a polygon's").format(where=where)
            raise FloodAreaError(msg) from exc
        except Exception as exc:  # shapely raises several kinds on malformed geometry
            msg = _("{where}: not a valid GeoJSON geometry ({error})").format(
                where=where, error=exc
            )
            raise FloodAreaError(msg) from exc
        out.append(clean_area(geometry, where, outline))
    return out


def low_ground(terrain: Terrain, level_m: float, outline: shapely.Geometry) -> shapely.Geometry:
    """Land flooded at a gauge level, WGS-84, inside the county."""
    metric = terrain.low_ground(level_m)
    if metric.is_empty:
        msg = _("nothing is under water at a gauge level of {level} m").format(level=level_m)
        raise FloodAreaError(msg)
    where = _("low ground at {level} m").format(level=level_m)
    return clean_area(geometry_to_lonlat(metric), where, outline)


def edge_points(
    areas: shapely.Geometry, points: Sequence[tuple[float, float]]
) -> list[tuple[float, float]]:
    """For each (lon, lat): itself when dry, else the nearest point just outside the
    water — where a crew works from."""
    crs = metric_crs_of(areas)
    metric = geometry_to_metric(areas, crs)
    shapely.prepare(metric)
    xy = np.asarray(points, dtype=float).reshape(-1, 2)
    x, y = to_metric_xy(xy[:, 0], xy[:, 1], crs)
    wet = shapely.contains_xy(metric, x, y)
    out = [(float(a), float(b)) for a, b in xy]
    if not wet.any():
        return out
    edge = metric.buffer(EDGE_STEP_M).boundary
    for k in np.flatnonzero(wet):
        spot = geometry_to_lonlat(nearest_points(edge, shapely.Point(x[k], y[k]))[0], crs)
        out[k] = (float(spot.x), float(spot.y))
    return out


@dataclass(frozen=True)
class Impact:
    """What a flood does to the county."""

    closed_edges: np.ndarray  # indices of closed road segments
    districts: pd.DataFrame  # id, grid_id, households, state (flooded | cut off)
    critical: pd.DataFrame  # id, name, kind, state
    stranded: list[str]  # member ids who cannot get out (or in)

    @property
    def households_flooded(self) -> int:
        return int(self.districts.loc[self.districts["state"] == "flooded", "households"].sum())

    @property
    def households_cut_off(self) -> int:
        return int(self.districts.loc[self.districts["state"] == "cut off", "households"].sum())


def assess(
    network: ClosedRoads,
    districts: pd.DataFrame,
    critical: pd.DataFrame,
    members: pd.DataFrame,
    bases: Sequence[tuple[float, float]] = (),
) -> Impact:
    """Consequences on a network view with the flood's closures (`RoadNetwork.without`).

    ``districts``: id, grid_id, households, lon, lat (the transformer); ``critical``:
    id, name, kind, lon, lat; ``members``: id, lon, lat; ``bases``: where help comes
    from (stations, service windows). A place is cut off when no open road joins it
    to any base — without bases, to the largest part of the roads."""
    reached = _reached_parts(network, bases)

    def state(frame: pd.DataFrame) -> np.ndarray:
        if frame.empty:
            return np.array([], dtype=object)
        part = network.parts(frame[["lon", "lat"]].to_numpy(float))
        return np.where(part < 0, "flooded", np.where(np.isin(part, reached), "", "cut off"))

    hit = districts.assign(state=state(districts))
    hit = hit[hit["state"] != ""][["id", "grid_id", "households", "state"]]
    crit = critical.assign(state=state(critical))
    crit = crit[crit["state"] != ""][["id", "name", "kind", "state"]]
    stranded = members.loc[state(members) != "", "id"].tolist() if len(members) else []
    return Impact(
        network.closed_edges, hit.reset_index(drop=True), crit.reset_index(drop=True), stranded
    )


def _reached_parts(network: ClosedRoads, bases: Sequence[tuple[float, float]]) -> np.ndarray:
    if bases:
        parts = network.parts(np.asarray(bases, dtype=float))
        return np.unique(parts[parts >= 0])
    every = network.parts(np.column_stack((network.data.lon, network.data.lat)))
    every = every[every >= 0]
    return np.array([np.bincount(every).argmax()]) if len(every) else np.array([])


def union(areas: Sequence[shapely.Geometry]) -> shapely.Geometry:
    return shapely.union_all(list(areas)) if areas else shapely.Polygon()
