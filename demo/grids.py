"""Power supply stations and service grids of the demo county.

Stations are grown from neighbouring townships; grids are cut from a station's
transformer districts along random spanning trees of their adjacency, so every
grid is contiguous by construction, and the household bounds are checked on each
cut.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import breadth_first_order, minimum_spanning_tree


class GridSplitError(RuntimeError):
    """No balanced, contiguous split was found."""


def grow_stations(weights: Sequence[float], graph: Mapping[int, set[int]], count: int) -> list[int]:
    """Group areas into ``count`` contiguous stations of similar total weight.

    Seeds are spread out (farthest in the adjacency graph from the seeds so far,
    starting from the heaviest area); then the lightest station with an unassigned
    neighbour takes its heaviest one, until all are assigned. Returns a station
    index per area.
    """
    n = len(weights)
    seeds = [int(np.argmax(weights))]
    while len(seeds) < count:
        hops = _hops_from(seeds, graph, n)
        hops[seeds] = -1
        seeds.append(int(np.argmax(hops)))
    station = [-1] * n
    totals = [0.0] * count
    for s, area in enumerate(seeds):
        station[area] = s
        totals[s] = weights[area]
    while -1 in station:
        order = sorted(range(count), key=lambda s: totals[s])
        for s in order:
            frontier = {
                nb for a in range(n) if station[a] == s for nb in graph[a] if station[nb] == -1
            }
            if frontier:
                pick = max(frontier, key=lambda a: (weights[a], -a))
                station[pick] = s
                totals[s] += weights[pick]
                break
        else:
            msg = "areas are not connected: some cannot join any station"
            raise GridSplitError(msg)
    return station


def _hops_from(seeds: list[int], graph: Mapping[int, set[int]], n: int) -> np.ndarray:
    hops = np.full(n, np.inf)
    frontier = list(seeds)
    hops[frontier] = 0
    while frontier:
        nxt = []
        for a in frontier:
            for b in graph[a]:
                if hops[b] == np.inf:
                    hops[b] = hops[a] + 1
                    nxt.append(b)
        frontier = nxt
    return hops


def split_into_grids(
    nodes: Sequence[int],
    graph: Mapping[int, set[int]],
    households: Mapping[int, int],
    xy: Mapping[int, tuple[float, float]],
    k: int,
    bounds: tuple[int, int],
    rng: np.random.Generator,
    *,
    trials: int = 60,
) -> list[list[int]]:
    """Cut a contiguous set of districts into ``k`` contiguous grids within ``bounds``.

    One grid at a time is cut off a random spanning tree (edge weights: distance
    between district centres, randomly perturbed); among the cuts that leave both
    sides feasible, the most compact grid wins. Tries tight bounds around the mean
    first, then the full bounds.
    """
    nodes = list(nodes)
    if k == 1:
        total = sum(households[v] for v in nodes)
        if not bounds[0] <= total <= bounds[1]:
            msg = f"a grid of {total} households is outside {bounds[0]}..{bounds[1]}"
            raise GridSplitError(msg)
        return [nodes]
    total = sum(households[v] for v in nodes)
    mean = total / k
    for lo, hi in ((max(bounds[0], 0.96 * mean), min(bounds[1], 1.04 * mean)), bounds):
        piece = _best_cut(nodes, graph, households, xy, k, (lo, hi), bounds, rng, trials)
        if piece is not None:
            rest = [v for v in nodes if v not in piece]
            return [
                sorted(piece),
                *split_into_grids(rest, graph, households, xy, k - 1, bounds, rng, trials=trials),
            ]
    msg = f"no contiguous split of {total} households into {k} grids within {bounds}"
    raise GridSplitError(msg)


def _best_cut(
    nodes: list[int],
    graph: Mapping[int, set[int]],
    households: Mapping[int, int],
    xy: Mapping[int, tuple[float, float]],
    k: int,
    target: tuple[float, float],
    bounds: tuple[int, int],
    rng: np.random.Generator,
    trials: int,
) -> set[int] | None:
    index = {v: i for i, v in enumerate(nodes)}
    pts = np.array([xy[v] for v in nodes])
    hh = np.array([households[v] for v in nodes], dtype=float)
    total = hh.sum()
    rows, cols = [], []
    for v in nodes:
        for w in graph[v]:
            if w in index and index[v] < index[w]:
                rows.append(index[v])
                cols.append(index[w])
    rows_a, cols_a = np.array(rows), np.array(cols)
    length = np.hypot(*(pts[rows_a] - pts[cols_a]).T)
    best: tuple[float, set[int]] | None = None
    for _ in range(trials):
        weight = length * rng.uniform(0.3, 1.7, len(length)) + 1e-6
        tree = minimum_spanning_tree(
            coo_matrix((weight, (rows_a, cols_a)), shape=(len(nodes), len(nodes)))
        )
        tree = tree + tree.T
        order, parent = breadth_first_order(tree, 0, directed=False)
        subtree = hh.copy()
        for v in order[:0:-1]:
            subtree[parent[v]] += subtree[v]
        rest_lo, rest_hi = (k - 1) * bounds[0], (k - 1) * bounds[1]
        ok = (
            (subtree >= target[0])
            & (subtree <= target[1])
            & (total - subtree >= rest_lo)
            & (total - subtree <= rest_hi)
        )
        ok[0] = False
        for cut in np.flatnonzero(ok):
            members = _subtree_members(int(cut), order, parent)
            centre = np.average(pts[members], axis=0, weights=hh[members])
            spread = float(np.average(np.hypot(*(pts[members] - centre).T), weights=hh[members]))
            if best is None or spread < best[0]:
                best = (spread, {nodes[i] for i in members})
    return None if best is None else best[1]


def _subtree_members(root: int, order: np.ndarray, parent: np.ndarray) -> list[int]:
    inside = {int(root)}
    for v in order:
        if parent[v] in inside:
            inside.add(int(v))
    return sorted(inside)
