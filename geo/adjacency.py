"""Which areas are neighbours, and whether a set of them is contiguous.

Two areas are neighbours when their boundaries share a line of positive length
(touching at a point does not count). Real boundaries carry floating-point noise,
so "sharing" is measured with a small tolerance: the length of one boundary that
lies within ``tolerance_m`` of the other must reach ``min_shared_m``. Two areas
meeting at a corner get up to ``2 * tolerance_m`` of such length, so
``min_shared_m`` must stay above that. Work in a metric CRS.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import TypeVar

import numpy as np
import shapely

#: An area's id: a district id, a township index…
K = TypeVar("K", bound=Hashable)


def neighbour_pairs(
    polygons: Sequence[shapely.Geometry], *, tolerance_m: float = 0.5, min_shared_m: float = 2.0
) -> list[tuple[int, int, float]]:
    """Pairs ``(i, j, shared_m)`` with ``i < j`` of polygons that share a boundary line."""
    if min_shared_m <= 2 * tolerance_m:
        msg = "min_shared_m must exceed twice tolerance_m, or corners would count as shared"
        raise ValueError(msg)
    geoms = np.asarray(polygons, dtype=object)
    tree = shapely.STRtree(geoms)
    left, right = tree.query(shapely.buffer(geoms, tolerance_m), predicate="intersects")
    keep = left < right
    left, right = left[keep], right[keep]
    if len(left) == 0:
        return []
    shared = shapely.length(
        shapely.intersection(
            shapely.boundary(geoms[left]),
            shapely.buffer(shapely.boundary(geoms[right]), tolerance_m),
        )
    )
    return [
        (int(i), int(j), float(s))
        for i, j, s in zip(left, right, shared, strict=True)
        if s >= min_shared_m
    ]


def adjacency(ids: Sequence[K], pairs: Iterable[tuple[int, int, float]]) -> dict[K, set[K]]:
    """Neighbour sets keyed by id, from index pairs."""
    graph: dict[K, set[K]] = {i: set() for i in ids}
    for i, j, _ in pairs:
        graph[ids[i]].add(ids[j])
        graph[ids[j]].add(ids[i])
    return graph


def is_contiguous(members: Iterable[K], graph: Mapping[K, set[K]]) -> bool:
    """True when the members form one connected piece through neighbours (empty: False)."""
    members = set(members)
    if not members:
        return False
    start = next(iter(members))
    seen = {start}
    queue = deque([start])
    while queue:
        for nxt in graph[queue.popleft()] & members:
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen == members


def components(members: Iterable[K], graph: Mapping[K, set[K]]) -> list[set[K]]:
    """The connected pieces of a set of areas, largest first."""
    left = set(members)
    pieces: list[set[K]] = []
    while left:
        start = left.pop()
        piece = {start}
        queue = deque([start])
        while queue:
            for nxt in graph[queue.popleft()] & left:
                left.discard(nxt)
                piece.add(nxt)
                queue.append(nxt)
        pieces.append(piece)
    return sorted(pieces, key=len, reverse=True)
