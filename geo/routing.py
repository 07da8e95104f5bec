"""Shortest travel times between road nodes: two interchangeable routers.

`CCHRouter` uses a customizable contraction hierarchy (RoutingKit through the
PyPI package ``pyroutingkit``): the node order is built once per road topology
(under a second for the demo county, cached on disk), a set of weights is
applied in milliseconds, and a 2,000 × 2,000 matrix takes well under a second.
Closing roads only re-applies weights. `DijkstraRouter` is the plain fallback
(SciPy's csgraph Dijkstra): exact, no extra dependency, ten times slower on
large matrices. Both return seconds, ``inf`` where no road connects, and agree
to within a millisecond (CCH works in whole milliseconds).

``pyroutingkit`` is young (one maintainer, v0.2): it is pinned, and the fallback
is used when it is missing or when ``DUALGRID_ROUTER=dijkstra``.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from typing import Protocol

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

from geo.settings import dijkstra_forced

_MS = 1000.0
_CHUNK = 250  # Dijkstra sources per call: bounds memory at 250 × nodes floats


class Router(Protocol):
    """Shortest paths over fixed node and edge arrays, with replaceable edge weights."""

    def matrix(self, sources: NDArray[np.int64], targets: NDArray[np.int64]) -> NDArray[np.float64]:
        """Seconds from each source node to each target node; ``inf`` if unreachable."""
        ...

    def path(self, source: int, target: int) -> tuple[float, list[int]]:
        """Seconds and the edge indices of the fastest path (``inf`` and [] if none)."""
        ...

    def with_weights(self, seconds: NDArray[np.float64]) -> Router:
        """A router over the same roads with other weights (``inf`` closes an edge)."""
        ...


def _min_parallel(
    tail: NDArray[np.int64], head: NDArray[np.int64], seconds: NDArray[np.float64], n: int
) -> tuple[csr_matrix, NDArray[np.int64]]:
    """The n × n matrix of the fastest edge between each pair (parallel edges are
    common in OSM; SciPy would add them up) and, per stored entry, which edge it is."""
    open_ = np.isfinite(seconds)
    idx = np.flatnonzero(open_)
    order = idx[np.lexsort((seconds[idx], head[idx], tail[idx]))]
    first = np.ones(len(order), dtype=bool)
    first[1:] = (tail[order][1:] != tail[order][:-1]) | (head[order][1:] != head[order][:-1])
    keep = order[first]
    # csr_matrix drops explicit zeros; a zero-second edge still connects, so nudge it
    weights = np.maximum(seconds[keep], 1e-9)
    graph = csr_matrix((weights, (tail[keep], head[keep])), shape=(n, n))
    graph.sort_indices()
    # `keep` is ordered by (tail, head), as the matrix stores its entries: entry k is edge keep[k]
    return graph, keep


class DijkstraRouter:
    """SciPy's Dijkstra over a sparse matrix: the plain, dependable baseline."""

    def __init__(
        self,
        tail: NDArray[np.int64],
        head: NDArray[np.int64],
        seconds: NDArray[np.float64],
        n: int,
    ) -> None:
        self._arrays = (tail, head, n)
        self._graph, self._entry_edge = _min_parallel(tail, head, seconds, n)

    def matrix(self, sources: NDArray[np.int64], targets: NDArray[np.int64]) -> NDArray[np.float64]:
        out = np.empty((len(sources), len(targets)))
        unique, inverse = np.unique(sources, return_inverse=True)
        rows = np.empty((len(unique), len(targets)))
        for start in range(0, len(unique), _CHUNK):
            chunk = unique[start : start + _CHUNK]
            rows[start : start + len(chunk)] = dijkstra(self._graph, indices=chunk)[:, targets]
        out[:] = rows[inverse]
        return out

    def path(self, source: int, target: int) -> tuple[float, list[int]]:
        dist, pred = dijkstra(self._graph, indices=source, return_predecessors=True)
        if not np.isfinite(dist[target]):
            return float("inf"), []
        nodes = [target]
        while nodes[-1] != source:
            nodes.append(int(pred[nodes[-1]]))
        nodes.reverse()
        indptr, indices = self._graph.indptr, self._graph.indices
        edges = []
        for a, b in pairwise(nodes):
            k = indptr[a] + int(np.searchsorted(indices[indptr[a] : indptr[a + 1]], b))
            edges.append(int(self._entry_edge[k]))
        return float(dist[target]), edges

    def with_weights(self, seconds: NDArray[np.float64]) -> DijkstraRouter:
        tail, head, n = self._arrays
        return DijkstraRouter(tail, head, seconds, n)


class CCHRouter:
    """A customizable contraction hierarchy (RoutingKit): fast matrices, cheap re-weighting."""

    def __init__(self, topology: object, seconds: NDArray[np.float64]) -> None:
        import pyroutingkit

        self._topology = topology
        self._inf = pyroutingkit.INF_WEIGHT
        weights = np.where(np.isfinite(seconds), np.rint(seconds * _MS), self._inf)
        self._metric = pyroutingkit.CCHMetric(topology)
        self._metric.customize(np.minimum(weights, self._inf).astype(np.uint32))

    @classmethod
    def build(
        cls,
        tail: NDArray[np.int64],
        head: NDArray[np.int64],
        lon: NDArray[np.float64],
        lat: NDArray[np.float64],
        seconds: NDArray[np.float64],
        *,
        cache: Path | None = None,
    ) -> CCHRouter:
        """Order the nodes (or load the order from ``cache``), then apply the weights."""
        import pyroutingkit

        topology = pyroutingkit.CCHTopology()
        if cache is not None and (cache / "done").exists():
            topology.load(str(cache))
        else:
            topology.build(
                tail.astype(np.uint32),
                head.astype(np.uint32),
                lat.astype(np.float32),
                lon.astype(np.float32),
                len(lon),
            )
            if cache is not None:
                cache.mkdir(parents=True, exist_ok=True)
                topology.save(str(cache))
                (cache / "done").write_text("ok")
        return cls(topology, seconds)

    def matrix(self, sources: NDArray[np.int64], targets: NDArray[np.int64]) -> NDArray[np.float64]:
        raw = np.asarray(
            self._metric.distances_many_to_many(
                sources.astype(np.uint32), targets.astype(np.uint32)
            )
        )
        out = raw.astype(float) / _MS
        out[raw >= self._inf] = np.inf
        return out

    def path(self, source: int, target: int) -> tuple[float, list[int]]:
        distance, _, arcs = self._metric.query(int(source), int(target))
        if distance >= self._inf:
            return float("inf"), []
        return distance / _MS, [int(a) for a in arcs]

    def with_weights(self, seconds: NDArray[np.float64]) -> CCHRouter:
        return CCHRouter(self._topology, seconds)


def cch_available() -> bool:
    """True when pyroutingkit imports and the fallback is not forced."""
    if dijkstra_forced():
        return False
    try:
        import pyroutingkit  # noqa: F401
    except ImportError:
        return False
    return True
