"""Cleaning a coverage makes neighbours share identical edges."""

import shapely

from geo.coverage import clean_coverage


def test_t_junction_is_noded_so_coverage_union_works():
    """A big square beside two small ones meets them at a T: after cleaning, the exact
    coverage union succeeds and gives one square of the total area."""
    left = shapely.box(0, 0, 1, 2)
    right = [shapely.box(1, 0, 2, 1), shapely.box(1, 1, 2, 2)]
    cleaned = clean_coverage([left, *right])
    union = shapely.coverage_union_all(cleaned)
    assert union.geom_type == "Polygon"
    assert abs(union.area - 4.0) < 1e-6
    assert [round(p.area, 6) for p in cleaned] == [2.0, 1.0, 1.0]


def test_enclosed_gap_goes_to_a_longest_neighbour():
    """A 2 cm sliver enclosed between four polygons joins one that borders it along 1 m,
    so the cleaned coverage has no hole."""
    a = shapely.box(0, 0, 1, 1)
    b = shapely.box(1.02, 0, 2, 1)
    above, below = shapely.box(0, 1, 2, 2), shapely.box(0, -1, 2, 0)
    cleaned = clean_coverage([a, b, above, below])
    union = shapely.union_all(cleaned)
    assert abs(union.area - 6.0) < 1e-6
    assert len(union.interiors) == 0
    assert sorted(round(p.area, 4) for p in cleaned[:2]) == [0.98, 1.02]
