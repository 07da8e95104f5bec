"""The demo county's drivable road network, as an osmnx-compatible MultiDiGraph.

Anchors (street-grid corners in the seat and township towns, one per hamlet,
bridge heads, the points where main roads leave the county) are joined by their
Gabriel graph, which is planar and looks like a road mesh. Edges that would cross
the Xiang are dropped except at the bridges. Main roads are shortest paths
through this mesh between their waypoints — G322 through the seat and over the
浯溪 dam, county roads (县道) between township seats, township roads (乡道) to
every village — and keep their class; a spanning tree and a share of the other
edges stay as village roads. Long edges are bent through intermediate nodes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
import shapely
from numpy.typing import NDArray
from scipy.spatial import Delaunay, cKDTree

from demo.places import BRIDGES, ROAD_EXITS
from demo.settlements import Township
from demo.terrain import XIANG_WIDTH_M, lonlat_array

#: Road classes from the most to the least important.
CLASS_RANK = {
    "motorway": 0,
    "trunk": 1,
    "primary": 2,
    "secondary": 3,
    "tertiary": 4,
    "unclassified": 5,
    "residential": 6,
}


def lattice(
    area: shapely.Geometry,
    centre: tuple[float, float],
    spacing_m: float,
    rng: np.random.Generator,
    *,
    angle_deg: float = 0.0,
    radius_m: float | None = None,
) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """A jittered street grid over an area; returns points and their (i, j) grid indices."""
    minx, miny, maxx, maxy = area.bounds
    reach = radius_m or math.hypot(maxx - minx, maxy - miny)
    steps = np.arange(-int(reach / spacing_m) - 1, int(reach / spacing_m) + 2)
    ii, jj = np.meshgrid(steps, steps)
    ij = np.column_stack((ii.ravel(), jj.ravel()))
    a = math.radians(angle_deg)
    rot = np.array([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]])
    xy = (ij * spacing_m) @ rot.T + np.asarray(centre)
    xy += rng.normal(0, spacing_m * 0.08, xy.shape)
    keep = shapely.contains_xy(area, xy[:, 0], xy[:, 1])
    if radius_m is not None:
        keep &= np.hypot(*(xy - np.asarray(centre)).T) <= radius_m
    return xy[keep], ij[keep]


def gabriel_edges(xy: NDArray[np.float64]) -> NDArray[np.int64]:
    """Edges of the Gabriel graph: Delaunay edges whose diametral circle holds no other point."""
    tri = Delaunay(xy)
    simplices = tri.simplices
    pairs = np.vstack((simplices[:, [0, 1]], simplices[:, [1, 2]], simplices[:, [0, 2]]))
    pairs = np.unique(np.sort(pairs, axis=1), axis=0)
    mid = (xy[pairs[:, 0]] + xy[pairs[:, 1]]) / 2
    radius = np.hypot(*(xy[pairs[:, 0]] - xy[pairs[:, 1]]).T) / 2
    nearest, _ = cKDTree(xy).query(mid)
    gabriel: NDArray[np.int64] = pairs[nearest >= radius * (1 - 1e-9)]
    return gabriel


def _anchor_frame(xy: NDArray[np.float64], kind: str, **extra: object) -> pd.DataFrame:
    frame = pd.DataFrame({"x": xy[:, 0], "y": xy[:, 1], "kind": kind})
    for key, value in extra.items():
        frame[key] = value
    return frame


def anchors(
    rng: np.random.Generator,
    county: shapely.Polygon,
    xiang: shapely.LineString,
    towns: Sequence[Township],
    sites: pd.DataFrame,
) -> tuple[pd.DataFrame, list[tuple[int, int, str]]]:
    """Every anchor point of the mesh, and the bridges as anchor index pairs with names.

    Anchors: one per transformer site, one to three farmhouses around each rural
    site, the street grids, both heads of each bridge, and the road exits.
    """
    river_zone = xiang.buffer(XIANG_WIDTH_M / 2 + 40.0)
    land = county.difference(river_zone)
    urban = shapely.union_all([t.area for t in towns if t.urban])
    seat = np.mean([t.seat for t in towns if t.urban], axis=0)
    frames = []
    core, core_ij = lattice(
        land.intersection(urban), tuple(seat), 140.0, rng, angle_deg=12, radius_m=2_300.0
    )
    frames.append(_anchor_frame(core, "street", i=core_ij[:, 0], j=core_ij[:, 1], core=True))
    outer_area = land.intersection(urban).difference(shapely.Point(seat).buffer(2_300.0))
    outer, outer_ij = lattice(outer_area, tuple(seat), 260.0, rng, angle_deg=12)
    frames.append(_anchor_frame(outer, "street", i=outer_ij[:, 0], j=outer_ij[:, 1], core=False))
    for t in towns:
        if t.urban:
            continue
        radius = 420.0 + 330.0 * t.place.weight
        pts, ij = lattice(
            land, t.seat, 150.0, rng, angle_deg=float(rng.uniform(0, 90)), radius_m=radius
        )
        frames.append(_anchor_frame(pts, "street", i=ij[:, 0], j=ij[:, 1], core=False))
    streets = pd.concat(frames, ignore_index=True)
    site_xy = sites[["x", "y"]].to_numpy()
    near_site, _ = cKDTree(site_xy).query(streets[["x", "y"]].to_numpy())
    streets = streets[near_site > 60.0]
    site_frame = _anchor_frame(site_xy, "site", site=np.arange(len(sites)))
    site_frame = site_frame[~shapely.contains_xy(river_zone, site_xy[:, 0], site_xy[:, 1])]
    rural_xy = site_xy[~sites["urban"].to_numpy()]
    count = rng.integers(1, 4, len(rural_xy))
    around = np.repeat(rural_xy, count, axis=0)
    angle = rng.uniform(0, 2 * math.pi, len(around))
    reach = rng.uniform(250.0, 650.0, len(around))
    houses = around + np.column_stack((np.cos(angle), np.sin(angle))) * reach[:, None]
    houses = houses[shapely.contains_xy(land, houses[:, 0], houses[:, 1])]
    house_frame = _anchor_frame(houses, "house")

    bridge_rows, bridges = [], []
    for b in BRIDGES:
        ((bx, by),) = lonlat_array([(b.lon, b.lat)])
        at = xiang.project(shapely.Point(bx, by))
        p0, p1 = xiang.interpolate(at - 30.0), xiang.interpolate(at + 30.0)
        tangent = np.array([p1.x - p0.x, p1.y - p0.y])
        normal = np.array([-tangent[1], tangent[0]]) / np.linalg.norm(tangent)
        centre = np.array([xiang.interpolate(at).x, xiang.interpolate(at).y])
        half = XIANG_WIDTH_M / 2 + 60.0
        bridge_rows += [centre + normal * half, centre - normal * half]
        bridges.append(b.name)
    bridge_frame = _anchor_frame(np.array(bridge_rows), "bridge")
    exit_rows = []
    for lon_lat in ROAD_EXITS.values():
        ((ex, ey),) = lonlat_array([lon_lat])
        edge_point = county.exterior.interpolate(county.exterior.project(shapely.Point(ex, ey)))
        inward = np.array(county.centroid.coords[0]) - np.array(edge_point.coords[0])
        exit_rows.append(np.array(edge_point.coords[0]) + 150.0 * inward / np.linalg.norm(inward))
    exit_frame = _anchor_frame(np.array(exit_rows), "exit", exit=list(ROAD_EXITS))
    table = pd.concat(
        [site_frame, house_frame, streets, bridge_frame, exit_frame], ignore_index=True
    )
    first_bridge = int(np.flatnonzero(table["kind"] == "bridge")[0])
    pairs = [
        (first_bridge + 2 * k, first_bridge + 2 * k + 1, name) for k, name in enumerate(bridges)
    ]
    return table, pairs


def mesh(
    table: pd.DataFrame,
    county: shapely.Polygon,
    xiang: shapely.LineString,
    bridges: list[tuple[int, int, str]],
) -> pd.DataFrame:
    """Candidate road segments: the Gabriel graph minus river crossings, plus the bridges."""
    xy = table[["x", "y"]].to_numpy()
    pairs = gabriel_edges(xy)
    segments = shapely.linestrings(np.stack((xy[pairs[:, 0]], xy[pairs[:, 1]]), axis=1))
    length = shapely.length(segments)
    mid = (xy[pairs[:, 0]] + xy[pairs[:, 1]]) / 2
    shapely.prepare(xiang)
    ok = ~shapely.intersects(segments, xiang)
    ok &= shapely.contains_xy(county, mid[:, 0], mid[:, 1])
    ok &= length < 3_500.0
    both_street = (table["kind"].to_numpy()[pairs[:, 0]] == "street") & (
        table["kind"].to_numpy()[pairs[:, 1]] == "street"
    )
    ok &= ~both_street | (length < 330.0)
    edges = pd.DataFrame({"u": pairs[ok, 0], "v": pairs[ok, 1], "length": length[ok]})
    edges["bridge"] = ""
    extra = pd.DataFrame(
        {
            "u": [u for u, _, _ in bridges],
            "v": [v for _, v, _ in bridges],
            "length": [float(np.hypot(*(xy[u] - xy[v]))) for u, v, _ in bridges],
            "bridge": [name for _, _, name in bridges],
        }
    )
    return pd.concat([edges, extra], ignore_index=True)
