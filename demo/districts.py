"""Transformer districts (台区) that tile the county, and their households."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import shapely
import shapely.ops

from demo.settlements import Township, absorb_orphans


def district_polygons(
    sites: pd.DataFrame, towns: Sequence[Township], xiang: shapely.LineString
) -> pd.DataFrame:
    """One polygon per site: Voronoi cells inside each township, cut along the Xiang.

    Each township is split along the river first, so no district straddles the
    water; a piece of township with no site gets one at its representative point.
    Returns the sites (with any added ones) and a ``polygon`` column; the polygons
    tile the county.
    """
    frames = []
    for index, town in enumerate(towns):
        own = sites[sites["township"] == index]
        for piece in _split_by_line(town.area, xiang):
            inside = own[shapely.contains_xy(piece, own["x"], own["y"])]
            if inside.empty:
                rp = piece.representative_point()
                inside = pd.DataFrame(
                    {
                        "x": [rp.x],
                        "y": [rp.y],
                        "township": [index],
                        "urban": [town.urban],
                        "weight": [0.3],
                    }
                )
            xy = inside[["x", "y"]].to_numpy()
            if len(xy) == 1:
                polygons = [piece]
            else:
                cells = shapely.get_parts(
                    shapely.voronoi_polygons(shapely.multipoints(xy), extend_to=piece)
                )
                tree = shapely.STRtree(cells)
                owner = tree.query(shapely.points(xy), predicate="within")
                by_point = dict(zip(owner[0], owner[1], strict=True))
                clipped = [cells[by_point[i]].intersection(piece) for i in range(len(xy))]
                polygons = absorb_orphans(clipped, xy)
            frame = inside.copy()
            frame["polygon"] = polygons
            frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def _split_by_line(area: shapely.Polygon, line: shapely.LineString) -> list[shapely.Polygon]:
    """The polygons an area falls into when cut along a line (slivers under 1 ha dropped
    into their neighbours)."""
    pieces = [
        p
        for p in shapely.get_parts(shapely.ops.split(area, line))
        if isinstance(p, shapely.Polygon)
    ]
    big = [p for p in pieces if p.area >= 1e4]
    for sliver in (p for p in pieces if p.area < 1e4):
        shared = [shapely.length(shapely.intersection(sliver.boundary, b.buffer(0.5))) for b in big]
        best = int(np.argmax(shared))
        big[best] = shapely.union(big[best], sliver).buffer(0)
    return big
