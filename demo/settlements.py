"""Townships, hamlets and communities of the demo county (metric CRS)."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely
from numpy.typing import NDArray
from scipy.cluster.vq import kmeans2

from demo.params import DemoParams
from demo.places import Place
from demo.terrain import lonlat_array
from geo.terrain import Terrain


@dataclass(frozen=True)
class Township:
    """A subdivision (subdistrict, town or township) with its area."""

    id: str
    place: Place
    area: shapely.Polygon
    seat: tuple[float, float]

    @property
    def urban(self) -> bool:
        return self.place.kind == "subdistrict"


def largest_part(geom: shapely.Geometry) -> shapely.Polygon:
    """The largest polygon of a (multi)polygon or collection."""
    parts = [g for g in shapely.get_parts(geom) if isinstance(g, shapely.Polygon)]
    return max(parts, key=lambda g: g.area)


def absorb_orphans(
    areas: list[shapely.Geometry], anchors: NDArray[np.float64]
) -> list[shapely.Polygon]:
    """Make each area one polygon: the part holding its anchor point stays, every other part
    joins the neighbouring area it shares the longest boundary with."""
    kept: list[shapely.Geometry] = []
    orphans: list[shapely.Polygon] = []
    for area, (x, y) in zip(areas, anchors, strict=True):
        parts = [g for g in shapely.get_parts(area) if isinstance(g, shapely.Polygon)]
        home = next((g for g in parts if g.contains(shapely.Point(x, y))), None)
        home = home or max(parts, key=lambda g: g.area)
        kept.append(home)
        orphans.extend(g for g in parts if g is not home)
    for orphan in sorted(orphans, key=lambda g: -g.area):
        touching = [
            (shapely.length(shapely.intersection(orphan.boundary, k.buffer(0.5))), i)
            for i, k in enumerate(kept)
        ]
        shared, best = max(touching)
        if shared > 0:
            kept[best] = largest_part(shapely.union(kept[best], orphan).buffer(0))
    return [shapely.Polygon(k.exterior, k.interiors) for k in kept]


def urban_area(
    centre: tuple[float, float], radius_m: float, county: shapely.Polygon, rng: np.random.Generator
) -> shapely.Polygon:
    """The seat town's built-up area: an irregular disc around the centre."""
    angle = np.linspace(0, 2 * math.pi, 180, endpoint=False)
    factor = 1 + sum(
        rng.uniform(0.04, 0.10) / k * np.cos(k * angle + rng.uniform(0, 6.3)) for k in range(2, 6)
    )
    ring = np.column_stack(
        (
            centre[0] + radius_m * factor * np.cos(angle),
            centre[1] + radius_m * factor * np.sin(angle),
        )
    )
    return largest_part(shapely.Polygon(ring).intersection(county))


def townships(
    params: DemoParams,
    rng: np.random.Generator,
    county: shapely.Polygon,
    xiang: shapely.LineString,
    subdistricts: Sequence[Place],
    rural: Sequence[Place],
    seat: tuple[float, float],
) -> list[Township]:
    """Split the county: the urban subdistricts around the seat, Voronoi areas for the rest."""
    town = urban_area(seat, params.urban_radius_m, county, rng)
    rural_xy = lonlat_array([(p.lon, p.lat) for p in rural])
    cells = shapely.get_parts(
        shapely.voronoi_polygons(shapely.multipoints(rural_xy), extend_to=county)
    )
    rest = county.difference(town)
    areas = []
    for x, y in rural_xy:
        cell = next(c for c in cells if c.contains(shapely.Point(x, y)))
        areas.append(cell.intersection(rest))
    rural_areas = absorb_orphans(areas, rural_xy)

    sub_xy = lonlat_array([(p.lon, p.lat) for p in subdistricts])
    south = _south_of(xiang, town)
    north = town.difference(south)
    split_x = (sub_xy[0, 0] + sub_xy[1, 0]) / 2
    minx, miny, _, maxy = town.bounds
    west = shapely.box(minx - 1, miny - 1, split_x, maxy + 1)
    urban_pieces = [north.intersection(west), north.difference(west), south]
    urban_areas = absorb_orphans(urban_pieces, _anchor_points(urban_pieces, sub_xy))

    result = []
    for i, (place, area, xy) in enumerate(
        zip(
            [*subdistricts, *rural],
            [*urban_areas, *rural_areas],
            [*_anchor_points(urban_areas, sub_xy), *rural_xy],
            strict=True,
        )
    ):
        result.append(Township(f"T{i + 1:02d}", place, area, (float(xy[0]), float(xy[1]))))
    return result


def _anchor_points(
    areas: Sequence[shapely.Geometry], wanted: NDArray[np.float64]
) -> NDArray[np.float64]:
    """The wanted point where it lies in its area, else the area's representative point."""
    out = []
    for area, (x, y) in zip(areas, wanted, strict=True):
        if area.contains(shapely.Point(x, y)):
            out.append((x, y))
        else:
            rp = largest_part(area).representative_point()
            out.append((rp.x, rp.y))
    return np.asarray(out, dtype=float)


def _south_of(river: shapely.LineString, area: shapely.Polygon) -> shapely.Geometry:
    """The part of an area south of a west-to-east river line."""
    minx, miny, maxx, _ = area.bounds
    coords = np.asarray(river.coords)
    inside = coords[(coords[:, 0] > minx - 5_000) & (coords[:, 0] < maxx + 5_000)]
    ring = [(minx - 5_000, inside[0, 1]), *map(tuple, inside), (maxx + 5_000, inside[-1, 1])]
    ring += [(maxx + 5_000, miny - 5_000), (minx - 5_000, miny - 5_000)]
    return area.intersection(shapely.Polygon(ring).buffer(0))


def sample_points(
    area: shapely.Polygon,
    count: int,
    rng: np.random.Generator,
    *,
    spacing_m: float,
    accept: Callable[[NDArray[np.float64], NDArray[np.float64]], NDArray[np.float64]],
    first: Sequence[tuple[float, float]] = (),
) -> NDArray[np.float64]:
    """Up to ``count`` points in an area, at least ``spacing_m`` apart, denser where
    ``accept(x, y)`` (a probability in [0, 1]) is high; the spacing relaxes if needed."""
    points: list[tuple[float, float]] = list(first)
    minx, miny, maxx, maxy = area.bounds
    spacing = spacing_m
    for _ in range(12):
        cand = rng.uniform((minx, miny), (maxx, maxy), size=(40 * count, 2))
        cand = cand[shapely.contains_xy(area, cand[:, 0], cand[:, 1])]
        cand = cand[rng.random(len(cand)) < accept(cand[:, 0], cand[:, 1])]
        cell: dict[tuple[int, int], list[tuple[float, float]]] = {}
        for p in points:
            cell.setdefault((int(p[0] // spacing), int(p[1] // spacing)), []).append(p)
        for x, y in cand:
            if len(points) >= count:
                break
            i, j = int(x // spacing), int(y // spacing)
            near = (
                q for di in (-1, 0, 1) for dj in (-1, 0, 1) for q in cell.get((i + di, j + dj), ())
            )
            if all((x - qx) ** 2 + (y - qy) ** 2 >= spacing**2 for qx, qy in near):
                points.append((x, y))
                cell.setdefault((i, j), []).append((x, y))
        if len(points) >= count:
            break
        spacing *= 0.8
    return np.asarray(points[:count], dtype=float)


def transformer_sites(
    params: DemoParams,
    rng: np.random.Generator,
    towns: Sequence[Township],
    terrain: Terrain,
) -> pd.DataFrame:
    """One site per transformer district: dense in the seat town, in hamlets elsewhere.

    Columns: x, y, township (index), urban, weight (relative households).
    """
    frames = []
    urban = [t for t in towns if t.urban]
    urban_area_total = sum(t.area.area for t in urban)
    centre = np.mean([t.seat for t in urban], axis=0)
    for t in urban:
        n = max(3, round(params.urban_districts * t.area.area / urban_area_total))
        pts = sample_points(
            t.area,
            n,
            rng,
            spacing_m=150.0,
            accept=lambda x, y: np.exp(-np.hypot(x - centre[0], y - centre[1]) / 2_200.0),
        )
        frames.append(
            _sites(pts, towns.index(t), urban=True, weight=rng.lognormal(0, 0.35, len(pts)))
        )
    rural = [t for t in towns if not t.urban]
    pull = np.array([t.place.weight * math.sqrt(t.area.area / 1e6) for t in rural])
    counts = apportion(params.rural_districts, pull)
    for t, n in zip(rural, counts, strict=True):
        sx, sy = t.seat

        def accept(
            x: NDArray[np.float64], y: NDArray[np.float64], sx: float = sx, sy: float = sy
        ) -> NDArray[np.float64]:
            height = terrain.height_at(x, y)
            return np.exp(-height / 160.0) * (0.35 + np.exp(-np.hypot(x - sx, y - sy) / 3_000.0))

        spacing = 0.55 * math.sqrt(t.area.area / n)
        pts = sample_points(t.area, n, rng, spacing_m=spacing, accept=accept, first=[t.seat])
        height = terrain.height_at(pts[:, 0], pts[:, 1])
        weight = rng.lognormal(0, 0.4, len(pts)) * np.exp(-height / 400.0)
        weight[0] *= 3.0  # the township seat's own district is its largest
        frames.append(_sites(pts, towns.index(t), urban=False, weight=weight))
    return pd.concat(frames, ignore_index=True)


def _sites(
    pts: NDArray[np.float64], township: int, *, urban: bool, weight: NDArray[np.float64]
) -> pd.DataFrame:
    return pd.DataFrame(
        {"x": pts[:, 0], "y": pts[:, 1], "township": township, "urban": urban, "weight": weight}
    )


def apportion(total: int, weights: NDArray[np.float64]) -> NDArray[np.int64]:
    """Integers proportional to weights that sum to ``total`` (largest remainder)."""
    exact = total * weights / weights.sum()
    counts: NDArray[np.int64] = np.floor(exact).astype(np.int64)
    order = np.argsort(-(exact - counts), kind="stable")
    counts[order[: total - counts.sum()]] += 1
    return counts


def communities(
    sites: pd.DataFrame, rng: np.random.Generator, per: float = 3.5
) -> NDArray[np.int64]:
    """Group sites into communities (urban) and villages (rural), per township, by k-means."""
    labels = np.empty(len(sites), dtype=np.int64)
    sites = sites.reset_index(drop=True)
    next_id = 0
    for _, group in sites.groupby("township", sort=True):
        k = max(1, round(len(group) / per))
        xy = group[["x", "y"]].to_numpy()
        if k == 1:
            local = np.zeros(len(group), dtype=np.int64)
        else:
            _, local = kmeans2(xy, k, minit="++", seed=rng)
        _, local = np.unique(local, return_inverse=True)
        labels[group.index.to_numpy()] = next_id + local
        next_id += int(local.max()) + 1
    return labels
