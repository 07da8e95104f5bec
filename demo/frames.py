"""The demo county's working data as named WGS-84 frames (ids, names, geometry)."""

from __future__ import annotations

from collections.abc import Sequence

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from demo import places
from demo.names import community_names, village_names
from demo.settlements import Township
from demo.terrain import QI_WIDTH_M, XIANG_WIDTH_M
from geo.projection import to_lonlat
from geo.settings import METRIC_CRS, WGS84
from geo.terrain import Terrain

URBAN_STATION = "CC"
_NUMERALS = "一二三四五六七八九十"


def _short(name: str) -> str:
    for suffix in ("瑶族乡", "街道", "镇", "乡"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


class Frames:
    """Builds the frames of one generated county from its metric working data."""

    def __init__(
        self, towns: Sequence[Township], districts: pd.DataFrame, rng: np.random.Generator
    ) -> None:
        self.towns = list(towns)
        self.d = districts.copy()
        self.d["district_id"] = [f"D{i + 1:04d}" for i in range(len(self.d))]
        self.d["township_id"] = [self.towns[t].id for t in self.d["township"]]
        remote = {i for i, t in enumerate(self.towns) if t.place.remote}
        self.d["area_class"] = np.where(
            self.d["urban"], "urban", np.where(self.d["township"].isin(remote), "remote", "rural")
        )
        self._name_communities(rng)

    def _name_communities(self, rng: np.random.Generator) -> None:
        d = self.d
        labels = sorted(d["community"].unique())
        urban_labels = sorted(d.loc[d["urban"], "community"].unique())
        rural_labels = [c for c in labels if c not in set(urban_labels)]
        names = dict(zip(urban_labels, community_names(len(urban_labels)), strict=True))
        names.update(zip(rural_labels, village_names(len(rural_labels), rng), strict=True))
        self.community_id = {c: f"C{n + 1:04d}" for n, c in enumerate(labels)}
        self.community_name = names
        d["community_id"] = d["community"].map(self.community_id)
        grid_by_hh = d.groupby(["community", "grid"])["households"].sum().reset_index()
        top = grid_by_hh.sort_values(
            ["community", "households", "grid"], ascending=[True, False, True]
        )
        self.community_grid = top.drop_duplicates("community").set_index("community")["grid"]
        d["name"] = ""
        for _, group in d.groupby("community"):
            order = group.sort_values("households", ascending=False).index
            base = names[group["community"].iloc[0]]
            for k, i in enumerate(order, start=1):
                d.at[i, "name"] = f"{base}{k}#公变"

    def _gdf(self, frame: pd.DataFrame, geometry: Sequence[shapely.Geometry]) -> gpd.GeoDataFrame:
        metric = gpd.GeoDataFrame(
            frame.reset_index(drop=True), geometry=list(geometry), crs=METRIC_CRS
        )
        return metric.to_crs(WGS84)

    def outline(self, outline: shapely.Polygon) -> gpd.GeoDataFrame:
        frame = pd.DataFrame(
            {
                "name": [places.COUNTY_NAME],
                "code": [places.COUNTY_CODE],
                "area_km2": [round(outline.area / 1e6, 1)],
                "synthetic": [True],
            }
        )
        return self._gdf(frame, [outline])

    def townships(self) -> gpd.GeoDataFrame:
        station = self.d.groupby("township")["station"].first()
        lon, lat = to_lonlat([t.seat[0] for t in self.towns], [t.seat[1] for t in self.towns])
        frame = pd.DataFrame(
            {
                "id": [t.id for t in self.towns],
                "name": [t.place.name for t in self.towns],
                "name_en": [t.place.name_en for t in self.towns],
                "kind": [t.place.kind for t in self.towns],
                "station_id": [station[i] for i in range(len(self.towns))],
                "remote": [t.place.remote for t in self.towns],
                "seat_lon": np.round(lon, 6),
                "seat_lat": np.round(lat, 6),
                "approximate": True,
            }
        )
        _, geoms = self._dissolve("township")
        return self._gdf(frame, geoms)

    def _dissolve(self, key: str) -> tuple[list[str], list[shapely.Geometry]]:
        ids, geoms = [], []
        for value, group in self.d.groupby(key, sort=True):
            ids.append(value)
            geoms.append(shapely.coverage_union_all(list(group["polygon"])))
        return ids, geoms

    def stations(self) -> gpd.GeoDataFrame:
        ids, geoms = self._dissolve("station")
        rows = []
        for sid in ids:
            own = self.d[self.d["station"] == sid]
            if sid == URBAN_STATION:
                head = next(t for t in self.towns if t.urban and t.place.name_en == "Longshan")
                name, kind = "城区客户服务中心", "urban"
            else:
                weights = own.groupby("township")["weight"].sum()
                head = self.towns[int(weights.idxmax())]
                name, kind = f"{_short(head.place.name)}供电所", "rural"
            (lon,), (lat,) = to_lonlat([head.seat[0]], [head.seat[1]])
            rows.append(
                {
                    "id": sid,
                    "name": name,
                    "kind": kind,
                    "households": int(own["households"].sum()),
                    "office_lon": round(float(lon), 6),
                    "office_lat": round(float(lat), 6),
                }
            )
        return self._gdf(pd.DataFrame(rows), geoms)

    def grids(self) -> gpd.GeoDataFrame:
        ids, geoms = self._dissolve("grid")
        stations = self.stations().set_index("id")
        rows: list[dict[str, object]] = []
        seen: dict[str, int] = {}  # grids per station so far
        for gid in ids:
            own = self.d[self.d["grid"] == gid]
            sid = own["station"].iloc[0]
            seen[sid] = seen.get(sid, 0) + 1
            prefix = (
                "城区" if sid == URBAN_STATION else stations.at[sid, "name"].removesuffix("供电所")
            )
            rows.append(
                {
                    "id": gid,
                    "name": f"{prefix}第{_NUMERALS[seen[sid] - 1]}网格",
                    "station_id": sid,
                    "households": int(own["households"].sum()),
                    "districts": len(own),
                }
            )
        return self._gdf(pd.DataFrame(rows), geoms)

    def districts(self) -> gpd.GeoDataFrame:
        d = self.d
        lon, lat = to_lonlat(d["x"].to_numpy(), d["y"].to_numpy())
        frame = pd.DataFrame(
            {
                "id": d["district_id"],
                "name": d["name"],
                "township_id": d["township_id"],
                "station_id": d["station"],
                "grid_id": d["grid"],
                "community_id": d["community_id"],
                "households": d["households"].astype(int),
                "area_class": d["area_class"],
                "lon": np.round(lon, 6),
                "lat": np.round(lat, 6),
            }
        )
        return self._gdf(frame, list(d["polygon"]))

    def communities(self) -> gpd.GeoDataFrame:
        rows, points = [], []
        for label, group in self.d.groupby("community", sort=True):
            best = group.loc[group["households"].idxmax()]
            rows.append(
                {
                    "id": self.community_id[label],
                    "name": self.community_name[label],
                    "kind": "community" if bool(best["urban"]) else "village",
                    "township_id": best["township_id"],
                    "grid_id": self.community_grid[label],
                    "households": int(group["households"].sum()),
                    "districts": len(group),
                }
            )
            points.append(shapely.Point(best["x"], best["y"]))
        return self._gdf(pd.DataFrame(rows), points)

    def water(
        self, outline: shapely.Polygon, xiang: shapely.LineString, qi: shapely.LineString
    ) -> gpd.GeoDataFrame:
        frame_area = outline.buffer(3_000.0)
        rows = [
            {"name": "湘江 Xiang River", "kind": "river"},
            {"name": "祁水 Qi River", "kind": "river"},
        ]
        geoms = [
            xiang.buffer(XIANG_WIDTH_M / 2).intersection(frame_area),
            qi.buffer(QI_WIDTH_M / 2).intersection(frame_area),
        ]
        return self._gdf(pd.DataFrame(rows), geoms)

    def low_ground(
        self, outline: shapely.Polygon, terrain: Terrain, levels: Sequence[float]
    ) -> gpd.GeoDataFrame:
        rows, geoms = [], []
        for level in levels:
            area = terrain.low_ground(level).intersection(outline)
            rows.append({"gauge_level_m": level, "area_km2": round(area.area / 1e6, 2)})
            geoms.append(area)
        return self._gdf(pd.DataFrame(rows), geoms)
