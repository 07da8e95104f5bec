"""Neighbours share a boundary line; a corner is not enough."""

import shapely

from geo.adjacency import adjacency, components, is_contiguous, neighbour_pairs


def squares() -> list[shapely.Polygon]:
    # 0 | 1
    # --+--
    # 2 | 3      and 4 far away
    return [
        shapely.box(0, 1, 1, 2),
        shapely.box(1, 1, 2, 2),
        shapely.box(0, 0, 1, 1),
        shapely.box(1, 0, 2, 1),
        shapely.box(5, 5, 6, 6),
    ]


def test_shared_edge_makes_neighbours_corner_does_not():
    """0-1, 0-2, 1-3, 2-3 share edges; 0-3 and 1-2 only touch at the centre."""
    pairs = {(i, j) for i, j, _ in neighbour_pairs(squares(), tolerance_m=0.01, min_shared_m=0.1)}
    assert pairs == {(0, 1), (0, 2), (1, 3), (2, 3)}


def test_tolerance_bridges_floating_point_gaps():
    """A hair's gap (1 mm) between two 10 m squares still counts as a shared edge."""
    polys = [shapely.box(0, 0, 10, 10), shapely.box(10.001, 0, 20, 10)]
    assert [(i, j) for i, j, _ in neighbour_pairs(polys)] == [(0, 1)]


def test_metre_squares_touching_at_a_corner_are_not_neighbours():
    """With the default tolerance, a corner contact is far below the shared minimum."""
    polys = [shapely.box(0, 0, 100, 100), shapely.box(100, 100, 200, 200)]
    assert neighbour_pairs(polys) == []


def test_contiguity_and_components():
    graph = adjacency(list("abcde"), neighbour_pairs(squares(), tolerance_m=0.01, min_shared_m=0.1))
    assert is_contiguous("abd", graph)
    assert not is_contiguous("ad", graph)  # corner only
    assert not is_contiguous("ae", graph)
    assert not is_contiguous([], graph)
    assert components("abcde", graph) == [{"a", "b", "c", "d"}, {"e"}]
