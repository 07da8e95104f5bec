"""Transformer districts made from transformer points, where the distribution system
has points and no polygons: each township is cut into the Voronoi cells of the
transformers inside it (measured in the data's own UTM zone), so the districts tile
the township with no gap or overlap and each holds its transformer. The planning page
edits them later like any district."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import shapely

from geo.projection import metric_crs_of_bounds
from i18n import _

WGS84 = "EPSG:4326"


@dataclass
class Districts:
    """The districts made (WGS-84), what could not be made (``problems``: then ``frame``
    is empty) and what is left uncovered (``notes``), in words."""

    frame: gpd.GeoDataFrame
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def voronoi_districts(
    points: gpd.GeoDataFrame, townships: gpd.GeoDataFrame, *, id_column: str = "id"
) -> Districts:
    """A district polygon for each transformer point of ``points`` (WGS-84; every
    column is kept), clipped to the township (``townships``, with an ``id``) it stands
    in; the township's id is written as ``township_id``. Points outside every township,
    and two transformers at one place, are named and make nothing."""
    crs = metric_crs_of_bounds(tuple(townships.to_crs(WGS84).total_bounds))
    where = points.to_crs(crs).reset_index(drop=True)
    areas = townships.to_crs(crs).reset_index(drop=True)
    problems: list[str] = []
    inside = gpd.sjoin(where[["geometry"]], areas[["id", "geometry"]], predicate="within")
    inside = inside[~inside.index.duplicated(keep="first")]
    township = inside["id"].reindex(where.index)
    for k in np.flatnonzero(township.isna().to_numpy()):
        problems.append(
            _("transformer {id}: outside every township").format(id=where.at[k, id_column])
        )
    seen: dict[tuple[float, float], str] = {}
    for name, point in zip(where[id_column], where.geometry, strict=True):
        at = (round(point.x, 1), round(point.y, 1))
        if at in seen:
            problems.append(
                _(
                    "transformer {id}: at the same place as {other}; give it its own "
                    "position, or its district as a polygon"
                ).format(id=name, other=seen[at])
            )
        seen.setdefault(at, str(name))
    if problems:
        return Districts(gpd.GeoDataFrame(geometry=[], crs=WGS84), problems)
    cells = np.empty(len(where), dtype=object)
    notes: list[str] = []
    plain = townships.to_crs(WGS84).reset_index(drop=True)
    for k, area in areas.iterrows():
        mine = np.flatnonzero((township == area["id"]).to_numpy())
        if len(mine) == 0:
            notes.append(
                _("township {id}: no transformer inside it, so no district covers it").format(
                    id=area["id"]
                )
            )
            continue
        cells[mine] = _cells(where.geometry.to_numpy()[mine], area.geometry, crs, plain.geometry[k])
    out = points.to_crs(WGS84).reset_index(drop=True)
    out["township_id"] = township.to_numpy()
    out["lon"] = out.geometry.x.round(7)
    out["lat"] = out.geometry.y.round(7)
    out["geometry"] = gpd.GeoSeries(cells, crs=WGS84)
    return Districts(out, problems, notes)


def _cells(
    points: np.ndarray, area: shapely.Geometry, crs: str, plain: shapely.Geometry
) -> list[shapely.Geometry]:
    """The Voronoi cell of each point (``crs`` metres), clipped to the township: ``area``
    in metres, ``plain`` as given (WGS-84), so the cells tile the township's own shape."""
    if len(points) == 1:
        return [plain]
    margin = area.buffer(max(1.0, 0.01 * math.sqrt(area.area)))
    diagram = shapely.voronoi_polygons(shapely.multipoints(points), extend_to=margin, ordered=True)
    cells = shapely.intersection(shapely.get_parts(diagram), margin)
    back = gpd.GeoSeries(cells, crs=crs).to_crs(WGS84).to_numpy()
    return [_areal(cell) for cell in shapely.intersection(back, plain)]


def _areal(cell: shapely.Geometry) -> shapely.Geometry:
    """The cell's areas: lines and points where it only touches the township are dropped;
    a cell cut in two by an inlet stays one district in two parts, so nothing is left
    uncovered."""
    if cell.geom_type != "GeometryCollection":
        return cell
    return shapely.union_all([g for g in shapely.get_parts(cell) if g.area > 0])
