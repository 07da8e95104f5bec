"""The demo county's outline, rivers and terrain (metric CRS throughout)."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import shapely
from numpy.typing import NDArray
from scipy import ndimage

from demo.params import DemoParams
from demo.places import GAUGE_NORMAL_M, QI_WAYPOINTS, XIANG_WAYPOINTS, Place
from geo.projection import to_metric_xy
from geo.terrain import Terrain

XIANG_WIDTH_M = 380.0
QI_WIDTH_M = 60.0


def lonlat_array(points: Sequence[tuple[float, float]]) -> NDArray[np.float64]:
    """Metric coordinates of a sequence of (lon, lat) points, as an (n, 2) array."""
    lon, lat = np.asarray(points, dtype=float).T
    return np.column_stack(to_metric_xy(lon, lat))


def county_outline(
    params: DemoParams, rng: np.random.Generator, must_contain: NDArray[np.float64]
) -> shapely.Polygon:
    """An irregular outline of the county's area around the township seats.

    The seats' concave hull is widened until it has the county's area, and its
    edge is pushed outward by low-frequency radial noise.
    """
    hull = shapely.concave_hull(shapely.multipoints(must_contain), ratio=0.5)
    centre = np.asarray(hull.centroid.coords[0])
    harmonics = np.arange(2, 40)
    phases = rng.uniform(0, 2 * math.pi, len(harmonics))
    amplitudes = rng.uniform(0.01, 0.035, len(harmonics)) * (3 / harmonics)

    def roughened(width_m: float) -> shapely.Polygon:
        ring = shapely.segmentize(hull.buffer(width_m, quad_segs=16).exterior, 250.0)
        xy = np.asarray(ring.coords) - centre
        angle = np.arctan2(xy[:, 1], xy[:, 0])
        noise = sum(
            a * np.cos(k * angle + ph)
            for k, a, ph in zip(harmonics, amplitudes, phases, strict=True)
        )
        factor = 1 + noise - noise.min()  # outward only: seats keep their margin
        return shapely.Polygon(centre + xy * factor[:, None])

    target = params.area_km2 * 1e6
    low, high = 0.0, 30_000.0
    for _ in range(40):
        width = (low + high) / 2
        if roughened(width).area < target:
            low = width
        else:
            high = width
    outline = shapely.make_valid(roughened(high)).buffer(0)
    if isinstance(outline, shapely.MultiPolygon):
        outline = max(outline.geoms, key=lambda g: g.area)
    inner = outline.buffer(-1_000.0)
    if not shapely.contains_xy(inner, must_contain[:, 0], must_contain[:, 1]).all():
        msg = "the county outline leaves a township seat within 1 km of its edge"
        raise RuntimeError(msg)
    return outline


def meander(
    waypoints: NDArray[np.float64], rng: np.random.Generator, roughness: float = 0.12
) -> shapely.LineString:
    """A river course through the waypoints: midpoint displacement, then Chaikin smoothing."""
    pts = waypoints
    for _ in range(5):
        seg = np.diff(pts, axis=0)
        length = np.hypot(seg[:, 0], seg[:, 1])
        normal = np.column_stack((-seg[:, 1], seg[:, 0])) / length[:, None]
        mids = (pts[:-1] + pts[1:]) / 2 + normal * rng.normal(0, roughness, len(seg))[:, None] * (
            length[:, None] / 2
        )
        merged = np.empty((len(pts) + len(mids), 2))
        merged[0::2], merged[1::2] = pts, mids
        pts = merged
    for _ in range(3):
        q = 0.75 * pts[:-1] + 0.25 * pts[1:]
        r = 0.25 * pts[:-1] + 0.75 * pts[1:]
        inner = np.empty((2 * len(q), 2))
        inner[0::2], inner[1::2] = q, r
        pts = np.vstack((pts[:1], inner, pts[-1:]))
    return shapely.LineString(pts)


def rivers(rng: np.random.Generator) -> tuple[shapely.LineString, shapely.LineString]:
    """The Xiang's and the Qi's centre lines."""
    xiang = meander(lonlat_array(XIANG_WAYPOINTS), rng, roughness=0.10)
    qi = meander(lonlat_array(QI_WAYPOINTS), rng, roughness=0.15)
    return xiang, qi


def distance_to_line(
    line: shapely.LineString, x0: float, y0: float, cell_m: float, shape: tuple[int, int]
) -> NDArray[np.float64]:
    """Distance in metres (to within a cell) from every cell of a grid to a line."""
    vertices = np.asarray(shapely.segmentize(line, cell_m / 2).coords)
    col = ((vertices[:, 0] - x0) / cell_m).astype(int)
    row = ((vertices[:, 1] - y0) / cell_m).astype(int)
    inside = (row >= 0) & (row < shape[0]) & (col >= 0) & (col < shape[1])
    on_line = np.zeros(shape, dtype=bool)
    on_line[row[inside], col[inside]] = True
    distance: NDArray[np.float64] = ndimage.distance_transform_edt(~on_line) * cell_m
    return distance


def smooth_noise(
    shape: tuple[int, int], rng: np.random.Generator, scales_cells: Sequence[float]
) -> NDArray[np.float64]:
    """Fractal value noise in [0, 1]: random coarse grids upsampled and summed."""
    total = np.zeros(shape)
    amplitude = 1.0
    for scale in scales_cells:
        coarse_shape = (int(shape[0] / scale) + 4, int(shape[1] / scale) + 4)
        coarse = rng.random(coarse_shape)
        fine = ndimage.zoom(coarse, scale, order=3, mode="reflect", grid_mode=True)
        total += amplitude * fine[: shape[0], : shape[1]]
        amplitude /= 2
    total -= total.min()
    noise: NDArray[np.float64] = total / total.max()
    return noise


def build_terrain(
    params: DemoParams,
    rng: np.random.Generator,
    county: shapely.Polygon,
    xiang: shapely.LineString,
    places: Sequence[Place],
    low_pockets: Sequence[tuple[float, float]],
) -> Terrain:
    """Heights above the Xiang's normal level: a floodplain rising into hills and mountains."""
    cell = params.dem_cell_m
    minx, miny, maxx, maxy = county.buffer(2_000.0).bounds
    cols, rows = int((maxx - minx) / cell) + 1, int((maxy - miny) / cell) + 1
    xs = minx + (np.arange(cols) + 0.5) * cell
    ys = miny + (np.arange(rows) + 0.5) * cell
    gx, gy = np.meshgrid(xs, ys)
    distance = distance_to_line(xiang, minx, miny, cell, gx.shape)

    hills = smooth_noise(gx.shape, rng, [16_000 / cell, 7_000 / cell, 3_000 / cell, 1_200 / cell])
    mountains = np.full(gx.shape, 0.35)
    place_xy = lonlat_array([(p.lon, p.lat) for p in places])
    for place, (px, py) in zip(places, place_xy, strict=True):
        if place.remote:
            mountains += 1.1 * np.exp(-((gx - px) ** 2 + (gy - py) ** 2) / (2 * 9_000.0**2))
    rise = np.clip((distance - 300.0) / 6_000.0, 0.0, 1.0)
    rise = rise * rise * (3 - 2 * rise)  # smoothstep
    floodplain = 3.5 + 7.0 * distance / 1_000.0
    height = floodplain + 480.0 * hills**1.4 * mountains * rise
    height += rng.normal(0.0, 0.6, gx.shape)
    for lon_lat in low_pockets:
        (px,), (py,) = to_metric_xy([lon_lat[0]], [lon_lat[1]])
        height -= 3.5 * np.exp(-((gx - px) ** 2 + (gy - py) ** 2) / (2 * 900.0**2))
    river_bed = xiang.buffer(XIANG_WIDTH_M / 2)
    river_mask = shapely.contains_xy(river_bed, gx, gy)
    height = np.where(river_mask, -2.0, np.maximum(height, 0.5))
    return Terrain(height.astype(np.float32), minx, miny, cell, river_mask, GAUGE_NORMAL_M)
