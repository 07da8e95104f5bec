"""Which transformer district holds a point: a spatial index over the district polygons."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

from geo.errors import DataError
from geo.settings import WGS84


class DistrictLocator:
    """Point-in-polygon lookups over a coverage of districts (WGS-84 polygons)."""

    def __init__(self, districts: gpd.GeoDataFrame, id_column: str = "id") -> None:
        if districts.crs is not None and not districts.crs.equals(WGS84):
            districts = districts.to_crs(WGS84)
        self._ids = districts[id_column].astype(str).to_numpy()
        self._geoms = districts.geometry.to_numpy()
        self._tree = shapely.STRtree(self._geoms)
        self.bounds = tuple(float(v) for v in districts.total_bounds)

    @classmethod
    def from_file(cls, path: str | Path) -> DistrictLocator:
        try:
            frame = gpd.read_file(path, engine="pyogrio")
        except Exception as exc:
            msg = f"cannot read the district polygons {path}: {exc}"
            raise DataError(msg) from exc
        return cls(frame)

    def district_at(self, lon: float, lat: float) -> str | None:
        """The district id holding the point (the first, on a shared border), or None."""
        if not (np.isfinite(lon) and np.isfinite(lat)):
            return None
        hits = self._tree.query(shapely.Point(lon, lat), predicate="intersects")
        return str(self._ids[int(min(hits))]) if len(hits) else None
