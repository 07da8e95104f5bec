"""Clean polygon coverages: areas that tile a region with exactly shared edges."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import shapely


def clean_coverage(
    polygons: Sequence[shapely.Geometry], *, grid_size: float = 0.01
) -> list[shapely.Geometry]:
    """Re-node a near-coverage so that neighbours share identical edges.

    Polygons built by separate clipping meet at T-junctions and differ by
    floating-point noise, which makes coverage operations (dissolving grids,
    simplifying for the map) fail or leave slivers. The union of all boundaries,
    snapped to ``grid_size`` (units of the CRS: use a metric one), is cut into
    faces; each face goes back to the polygon that holds its interior point, or,
    for a face in a gap, to the polygon it borders longest.
    """
    geoms = np.asarray(polygons, dtype=object)
    lines = shapely.union_all(shapely.boundary(geoms), grid_size=grid_size)
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(lines)))
    inside = shapely.point_on_surface(faces)
    tree = shapely.STRtree(geoms)
    face_idx, owner_idx = tree.query(inside, predicate="within")
    owner = np.full(len(faces), -1)
    owner[face_idx] = owner_idx
    for f in np.flatnonzero(owner < 0):
        near = tree.query(faces[f], predicate="intersects")
        if len(near) == 0:
            continue
        shared = shapely.length(shapely.intersection(faces[f].boundary, geoms[near]))
        owner[f] = near[int(np.argmax(shared))]
    result: list[shapely.Geometry] = []
    for i in range(len(geoms)):
        mine = faces[owner == i]
        result.append(shapely.coverage_union_all(mine) if len(mine) else shapely.Polygon())
    return result
