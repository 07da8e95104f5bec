"""A county folder as a utility would hand it over, made for tests from a real
OpenStreetMap extract (../shared/data/real): Monaco's streets moved, shape kept, to
Qiyang's latitude (GCJ-02 exists only in China), a county boundary around them,
townships in CGCS2000 / Gauss-Kruger, and tables in Excel and CSV with Chinese headers —
transformers given in GCJ-02, as if read off a Chinese web map."""

from __future__ import annotations

import gzip
import json
import math
import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import box

from geo.datum import wgs84_to_gcj02

REAL = Path(__file__).resolve().parents[2] / "shared" / "data" / "real"
#: where Monaco's centre is moved to (in Qiyang county)
TO = (111.85, 26.59)
FROM = (7.42, 43.735)
STATIONS = ("CC", "S01")


def moved(lon: float, lat: float) -> tuple[float, float]:
    """A point of Monaco at Qiyang, east-west distances kept (scaled by the latitudes)."""
    scale = math.cos(math.radians(FROM[1])) / math.cos(math.radians(TO[1]))
    return TO[0] + (lon - FROM[0]) * scale, TO[1] + (lat - FROM[1])


def _roads(out: Path) -> np.ndarray:
    text = gzip.decompress((REAL / "monaco.osm.gz").read_bytes()).decode("utf-8")
    points: list[tuple[float, float]] = []

    def move(match: re.Match[str]) -> str:
        lon, lat = moved(float(match.group(2)), float(match.group(1)))
        points.append((lon, lat))
        return f'lat="{lat:.7f}" lon="{lon:.7f}"'

    text = re.sub(r'lat="([-0-9.]+)" lon="([-0-9.]+)"', move, text)
    (out / "roads.osm.gz").write_bytes(gzip.compress(text.encode("utf-8")))
    return np.array(points)


def make_county(out: Path, *, transformers: int = 40, seed: int = 3) -> Path:
    """Write the county's files into ``out`` and return it."""
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    nodes = _roads(out)
    lo, hi = np.percentile(nodes, 10, axis=0), np.percentile(nodes, 90, axis=0)
    inner = nodes[np.all((nodes > lo) & (nodes < hi), axis=1)]
    x0, y0 = inner.min(axis=0) - 0.002
    x1, y1 = inner.max(axis=0) + 0.002
    mid = (x0 + x1) / 2
    county = gpd.GeoDataFrame({"name": ["测试县"]}, geometry=[box(x0, y0, x1, y1)], crs=4326)
    county.to_file(out / "county.geojson", engine="pyogrio")
    towns = gpd.GeoDataFrame(
        {"id": ["T01", "T02"], "name": ["西镇", "东镇"], "station": list(STATIONS)},
        geometry=[box(x0, y0, mid, y1), box(mid, y0, x1, y1)],
        crs=4326,
    )
    towns.to_crs("EPSG:4546").to_file(out / "townships.gpkg", engine="pyogrio")
    picks = inner[rng.choice(len(inner), transformers, replace=False)]
    picks += rng.normal(0, 0.0001, picks.shape)
    glon, glat = wgs84_to_gcj02(picks[:, 0], picks[:, 1])
    ids = [f"TX{k:03d}" for k in range(transformers)]
    pd.DataFrame(
        {
            "台区编号": ids,
            "台区名称": [f"台区{k}" for k in range(transformers)],
            "所属供电所": [STATIONS[int(x > mid)] for x in picks[:, 0]],
            "户数": rng.integers(60, 400, transformers).astype(str),
            "经度": np.round(glon, 7),
            "纬度": np.round(glat, 7),
        }
    ).to_excel(out / "transformers.xlsx", index=False)
    pd.DataFrame(
        {
            "供电所编号": list(STATIONS),
            "供电所名称": ["城区客户服务中心", "东镇供电所"],
            "类型": ["城区", "农村"],
            "经度": [x0 + (mid - x0) / 2, mid + (x1 - mid) / 2],
            "纬度": [(y0 + y1) / 2] * 2,
        }
    ).to_csv(out / "stations.csv", index=False, encoding="gb18030")
    staff = [
        (f"M{k:03d}", f"员工{k}", "网格长" if k % 4 == 0 else "网格员",
         ("客户经理", "配电抢修", "装表接电", "抄表催费")[k % 4], STATIONS[k // 8],
         f"139{k:08d}")
        for k in range(16)
    ]  # fmt: skip
    pd.DataFrame(staff, columns=["工号", "姓名", "岗位", "专业", "所属供电所", "手机"]).to_excel(
        out / "staff.xlsx", index=False
    )
    pd.DataFrame(
        {
            "编号": [f"C{k:03d}" for k in range(12)],
            "姓名": [f"网格员{k}" for k in range(12)],
            "社区": [f"社区{k % 4}" for k in range(12)],
            "乡镇": [("西镇", "东镇")[k % 2] for k in range(12)],
            "手机": [f"137{k:08d}" for k in range(12)],
        }
    ).to_csv(out / "members.csv", index=False)
    accounts = [(f"07{k:08d}", f"客户{k}", ids[k % transformers]) for k in range(200)]
    pd.DataFrame(accounts, columns=["户号", "户名", "台区编号"]).to_csv(
        out / "customers.csv", index=False
    )
    pd.DataFrame(
        {
            "编号": ["W1", "W2"],
            "名称": ["西镇供电服务窗口", "东镇供电服务窗口"],
            "类型": ["乡镇", "乡镇"],
            "经度": [x0 + 0.003, x1 - 0.003],
            "纬度": [y0 + 0.003, y1 - 0.003],
        }
    ).to_csv(out / "windows.csv", index=False)
    declared = {"county": "测试县", "datum": {"transformers.xlsx": "GCJ-02"}}
    (out / "onboarding.json").write_text(json.dumps(declared, ensure_ascii=False), "utf-8")
    assert shapely.contains_xy(county.geometry[0], picks[:, 0], picks[:, 1]).all()
    return out


def copy_county(raw: Path, out: Path) -> Path:
    """A copy of a county's files (not the caches beside them), to spoil one of them."""
    out.mkdir(parents=True)
    for path in raw.glob("*.*"):
        (out / path.name).write_bytes(path.read_bytes())
    return out
