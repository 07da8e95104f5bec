"""A terrain raster and the low ground a river level floods.

The raster holds each cell's height above the river's normal water level nearby
(metres), in the metric CRS. A flood at a gauge level L covers every cell lower
than ``L - normal level`` that is connected to the river: isolated hollows far
from the water stay dry.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely
from numpy.typing import NDArray
from scipy import ndimage


@dataclass(frozen=True)
class Terrain:
    """Heights above the normal river level on a regular grid (row 0 is the south edge)."""

    height_m: NDArray[np.float32]
    x0: float
    y0: float
    cell_m: float
    river_mask: NDArray[np.bool_]
    normal_level_m: float

    def __post_init__(self) -> None:
        if self.height_m.shape != self.river_mask.shape:
            msg = "terrain: height and river mask differ in shape"
            raise ValueError(msg)
        if self.cell_m <= 0:
            msg = f"terrain: cell size must be positive, got {self.cell_m}"
            raise ValueError(msg)

    @property
    def shape(self) -> tuple[int, int]:
        rows, cols = self.height_m.shape
        return rows, cols

    def height_at(self, x: NDArray[np.float64], y: NDArray[np.float64]) -> NDArray[np.float64]:
        """Height above the normal river level at metric points (nearest cell, clamped)."""
        rows, cols = self.shape
        col = np.clip(((np.asarray(x) - self.x0) / self.cell_m).astype(int), 0, cols - 1)
        row = np.clip(((np.asarray(y) - self.y0) / self.cell_m).astype(int), 0, rows - 1)
        height: NDArray[np.float64] = self.height_m[row, col].astype(float)
        return height

    def flooded_cells(self, level_m: float) -> NDArray[np.bool_]:
        """Cells under water at gauge level ``level_m``, connected to the river."""
        below = (self.height_m < level_m - self.normal_level_m) | self.river_mask
        labels, _ = ndimage.label(below)
        wet_labels = np.unique(labels[self.river_mask & below])
        wet_labels = wet_labels[wet_labels > 0]
        return np.isin(labels, wet_labels) & ~self.river_mask

    def low_ground(self, level_m: float) -> shapely.Geometry:
        """Land (outside the river bed) flooded at gauge level ``level_m``, metric CRS."""
        return cells_to_geometry(self.flooded_cells(level_m), self.x0, self.y0, self.cell_m)

    def save(self, path: Path) -> None:
        np.savez_compressed(
            path,
            height_m=self.height_m,
            river_mask=self.river_mask,
            meta=np.array([self.x0, self.y0, self.cell_m, self.normal_level_m]),
        )

    @classmethod
    def load(cls, path: Path) -> Terrain:
        with np.load(path) as npz:
            x0, y0, cell_m, normal = (float(v) for v in npz["meta"])
            return cls(npz["height_m"], x0, y0, cell_m, npz["river_mask"], normal)


def cells_to_geometry(
    mask: NDArray[np.bool_], x0: float, y0: float, cell_m: float
) -> shapely.Geometry:
    """The union of a raster mask's cells as (multi)polygons, built from row runs."""
    boxes: list[shapely.Polygon] = []
    for row in range(mask.shape[0]):
        line = mask[row].astype(np.int8)
        edges = np.flatnonzero(np.diff(np.concatenate(([0], line, [0]))))
        starts, stops = edges[0::2], edges[1::2]
        y_lo = y0 + row * cell_m
        boxes.extend(
            shapely.box(x0 + a * cell_m, y_lo, x0 + b * cell_m, y_lo + cell_m)
            for a, b in zip(starts, stops, strict=True)
        )
    if not boxes:
        return shapely.MultiPolygon()
    return shapely.union_all(boxes)
