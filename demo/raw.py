"""The demo county as its utility would hand it over: the raw files onboarding reads
(`formats/onboarding.md`), written beside the demo's folder in ``raw/``.

Roads as GraphML, the county boundary in GeoJSON, townships as a zipped Shapefile in
CGCS2000 / Gauss-Kruger without its ``.prj`` (the coordinate system named in
``onboarding.json``, as a grid centre's export often comes), transformers as a points
list in GCJ-02 (read off a Chinese web map), service windows in BD-09 (Baidu), and the
stations, staff, community members and customer accounts as CSV with Chinese headers
(GB 18030 where Chinese Excel would save it). ``tests/onboard/test_demo_raw.py``
onboards them on every build and compares the county made with the demo's own."""

from __future__ import annotations

import json
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Final

import geopandas as gpd
import numpy as np
import pandas as pd

from demo.county import County
from geo.datum import gcj02_to_bd09, wgs84_to_gcj02
from geo.layers import ROADS_GRAPHML

RAW: Final = "raw"
#: the coordinate system the townships are written in (CGCS2000 / 3-degree GK, CM 111°E)
TOWNSHIP_CRS: Final = "EPSG:4546"
TRANSFORMERS: Final = "配变.csv"
WINDOWS: Final = "服务窗口.csv"
TOWNSHIPS: Final = "乡镇.zip"
_ROLE: Final = {"leader": "网格长", "staff": "网格员"}
_SPECIALTY: Final = {
    "repair": "配电抢修",
    "metering": "装表接电",
    "billing": "抄表催费",
    "connection": "业扩报装",
    "account": "客户经理",
}
_STATION_KIND: Final = {"urban": "城区", "rural": "农村"}
_WINDOW_KIND: Final = {"township": "乡镇", "community": "社区", "village": "村"}


def write_raw(
    county: County,
    members: pd.DataFrame,
    windows: gpd.GeoDataFrame,
    accounts: pd.DataFrame,
    out: Path,
) -> Path:
    """Write the raw files into ``out/raw`` (the county's layers already written in
    ``out``) and return that folder."""
    raw = out / RAW
    raw.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(out / ROADS_GRAPHML, raw / "roads.graphml")  # written with the layers
    outline = county.outline[["name", "geometry"]]
    outline.to_file(raw / "county.geojson", driver="GeoJSON", engine="pyogrio")
    _townships(county.townships, raw / TOWNSHIPS)
    _transformers(county.districts, raw / TRANSFORMERS)
    stations = county.stations
    _csv(
        raw / "供电所.csv",
        {
            "供电所编号": stations["id"],
            "供电所名称": stations["name"],
            "类型": stations["kind"].map(_STATION_KIND),
            "经度": stations["office_lon"],
            "纬度": stations["office_lat"],
        },
    )
    blon, blat = gcj02_to_bd09(*wgs84_to_gcj02(windows["lon"], windows["lat"]))
    _csv(
        raw / WINDOWS,
        {
            "窗口编号": windows["id"],
            "窗口名称": windows["name"],
            "级别": windows["kind"].map(_WINDOW_KIND),
            "经度": np.round(blon, 7),
            "纬度": np.round(blat, 7),
        },
    )
    staff = members[members["kind"] == "staff"]
    _csv(
        raw / "人员.csv",
        {
            "工号": staff["id"],
            "姓名": staff["name"],
            "岗位": staff["role"].map(_ROLE),
            "专业": staff["specialty"].map(_SPECIALTY),
            "所属供电所": staff["station_id"],
            "所属网格": staff["grid_id"],
            "手机": staff["phone"],
        },
        encoding="gb18030",
    )
    _community_members(county, members[members["kind"] == "community"], raw / "社区网格员.csv")
    _csv(
        raw / "客户.csv",
        {
            "户号": accounts["account_no"],
            "户名": accounts["name"],
            "台区编号": accounts["district_id"],
            "用电地址": accounts["address"],
            "联系电话": accounts["phone"],
            "身份证号": accounts["id_number"],
            "经度": accounts["lon"],
            "纬度": accounts["lat"],
        },
        encoding="gb18030",
    )
    grids = county.grids["households"]
    declared = {
        "county": str(county.outline["name"].iloc[0]),
        "grid_households": [int(grids.min()), int(grids.max())],
        "datum": {TRANSFORMERS: "GCJ-02", WINDOWS: "BD-09"},
        "crs": {TOWNSHIPS: TOWNSHIP_CRS},
    }
    text = json.dumps(declared, ensure_ascii=False, indent=2)
    (raw / "onboarding.json").write_text(text, encoding="utf-8")
    return raw


def _csv(path: Path, columns: dict[str, object], *, encoding: str = "utf-8") -> None:
    pd.DataFrame(columns).to_csv(path, index=False, encoding=encoding)


def _townships(townships: gpd.GeoDataFrame, path: Path) -> None:
    """A zipped Shapefile in `TOWNSHIP_CRS` whose ``.prj`` is missing."""
    frame = gpd.GeoDataFrame(
        {"id": townships["id"], "name": townships["name"], "station": townships["station_id"]},
        geometry=townships.geometry.to_numpy(),
        crs=townships.crs,
    ).to_crs(TOWNSHIP_CRS)
    with tempfile.TemporaryDirectory() as tmp:
        shp = Path(tmp) / "townships.shp"
        frame.to_file(shp, engine="pyogrio", encoding="UTF-8")
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for part in sorted(Path(tmp).iterdir()):
                if part.suffix != ".prj":
                    archive.write(part, part.name)


def _transformers(districts: gpd.GeoDataFrame, path: Path) -> None:
    """The distribution system's transformer list: points (GCJ-02) with households."""
    glon, glat = wgs84_to_gcj02(districts["lon"], districts["lat"])
    _csv(
        path,
        {
            "台区编号": districts["id"],
            "台区名称": districts["name"],
            "所属供电所": districts["station_id"],
            "户数": districts["households"],
            "经度": np.round(glon, 7),
            "纬度": np.round(glat, 7),
            "所属网格": districts["grid_id"],
        },
    )


def _community_members(county: County, people: pd.DataFrame, path: Path) -> None:
    communities = county.communities.set_index("id")
    towns = county.townships.set_index("id")["name"]
    township = communities["township_id"].map(towns)
    _csv(
        path,
        {
            "编号": people["id"],
            "姓名": people["name"],
            "所属社区": people["community_id"].map(communities["name"]),
            "所属乡镇": people["community_id"].map(township),
            "所属网格": people["grid_id"],
            "手机": people["phone"],
        },
        encoding="gb18030",
    )
