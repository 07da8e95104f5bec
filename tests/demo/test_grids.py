"""Grids are cut contiguous and within household bounds; stations grow contiguous."""

import numpy as np
import pytest

from demo.grids import GridSplitError, grow_stations, split_into_grids
from geo.adjacency import is_contiguous


def lattice(n: int) -> tuple[list[int], dict[int, set[int]], dict[int, tuple[float, float]]]:
    nodes = list(range(n * n))
    graph = {v: set() for v in nodes}
    for r in range(n):
        for c in range(n):
            v = r * n + c
            if c + 1 < n:
                graph[v].add(v + 1)
                graph[v + 1].add(v)
            if r + 1 < n:
                graph[v].add(v + n)
                graph[v + n].add(v)
    xy = {r * n + c: (float(c), float(r)) for r in range(n) for c in range(n)}
    return nodes, graph, xy


def test_split_gives_contiguous_grids_within_bounds():
    """A 12x12 lattice of 100-household districts makes 3 grids of 4,000-5,600."""
    nodes, graph, xy = lattice(12)
    households = dict.fromkeys(nodes, 100)
    grids = split_into_grids(
        nodes, graph, households, xy, 3, (4_000, 5_600), np.random.default_rng(1)
    )
    assert sorted(v for g in grids for v in g) == nodes
    for g in grids:
        assert is_contiguous(g, graph)
        assert 4_000 <= sum(households[v] for v in g) <= 5_600


def test_split_is_deterministic_for_a_seed():
    nodes, graph, xy = lattice(8)
    households = dict.fromkeys(nodes, 10)
    runs = [
        split_into_grids(nodes, graph, households, xy, 2, (300, 340), np.random.default_rng(7))
        for _ in range(2)
    ]
    assert runs[0] == runs[1]


def test_impossible_bounds_are_refused():
    """6,400 households cannot make 2 grids of at most 3,000."""
    nodes, graph, xy = lattice(8)
    with pytest.raises(GridSplitError, match="no contiguous split"):
        split_into_grids(
            nodes,
            graph,
            dict.fromkeys(nodes, 100),
            xy,
            2,
            (2_000, 3_000),
            np.random.default_rng(1),
            trials=5,
        )


def test_stations_grow_contiguous_and_cover_everything():
    nodes, graph, _ = lattice(6)
    weights = [1.0 + (v % 5) for v in nodes]
    station = grow_stations(weights, graph, 4)
    assert sorted(set(station)) == [0, 1, 2, 3]
    for s in range(4):
        assert is_contiguous([v for v in nodes if station[v] == s], graph)
