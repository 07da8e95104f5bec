"""The river floods what is low and connected to it, not every hollow."""

import numpy as np

from geo.terrain import Terrain, cells_to_geometry


def valley() -> Terrain:
    """A river along row 0; height rises by 1 m per row; an isolated hollow far away."""
    height = np.tile(np.arange(10, dtype=np.float32)[:, None], (1, 10))
    height[8, 8] = 0.5  # a hollow on high ground
    river = np.zeros((10, 10), dtype=bool)
    river[0, :] = True
    return Terrain(height, 0.0, 0.0, 100.0, river, normal_level_m=80.0)


def test_low_ground_grows_with_the_level():
    terrain = valley()
    areas = [terrain.low_ground(level).area for level in (81.5, 83.5, 85.5)]
    assert areas == sorted(areas)
    assert areas[0] == 10 * 100 * 100  # row 1 only (heights < 1.5 m, river row excluded)


def test_isolated_hollow_stays_dry():
    """The hollow is lower than the flood level but not connected to the river."""
    wet = valley().flooded_cells(82.0)
    assert not wet[8, 8]
    assert wet[1].all()


def test_height_at_is_clamped_to_the_grid():
    terrain = valley()
    assert terrain.height_at(np.array([50.0, -500.0]), np.array([250.0, 99_999.0])).tolist() == [
        2.0,
        9.0,
    ]


def test_cells_to_geometry_merges_runs():
    mask = np.array([[1, 1, 0], [0, 1, 1]], dtype=bool)
    geom = cells_to_geometry(mask, 0.0, 0.0, 10.0)
    assert geom.area == 400.0
    assert geom.geom_type == "Polygon"
