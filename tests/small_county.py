"""A small fixture county for the fast lane (`make check`): one station of the demo
county, cut out with everything that belongs to it — its districts, grids, townships,
communities, people, customers, windows, a year of its requests and jobs, and the roads
within reach — written as a county folder of the same shape, so the store loads it and
the pages run on it as on any county."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from pathlib import Path

import geopandas as gpd
import networkx as nx
import osmnx as ox
import pandas as pd
import shapely

from demo.build import write_manifest
from geo.graphml import write_graphml
from geo.layers import ROADS_GRAPHML, ROADS_MAP, TERRAIN, read_layer, write_geojson
from geo.projection import geometry_to_metric
from store.folder import META, is_built, manifest_digest

STATION = "S03"  # 312 districts, 171 members, three townships
ROAD_MARGIN_DEG = 0.02  # roads this far beyond the station's districts are kept
SOURCE = "source.txt"  # the demo build (its manifest's hash) the cut was made from


def small_county(demo: Path, out: Path) -> Path:
    """The fixture county cut from the demo build in ``demo``, in ``out``: made once, and
    again when the demo or this cut changes. Made beside ``out`` and moved in whole, so
    two test workers never read a half-written folder."""
    cut = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
    source = f"{manifest_digest(demo)} {cut}"
    made = out / SOURCE
    if is_built(out) and made.is_file() and made.read_text() == source:
        return out
    draft = out.with_name(f"{out.name}.draft-{os.getpid()}")
    shutil.rmtree(draft, ignore_errors=True)
    write_small_county(demo, draft)
    (draft / SOURCE).write_text(source)
    shutil.rmtree(out, ignore_errors=True)
    try:
        draft.rename(out)
    except OSError:  # another worker moved its copy in first: the same cut
        shutil.rmtree(draft, ignore_errors=True)
    return out


def write_small_county(demo: Path, out: Path, station: str = STATION) -> Path:
    """Cut ``station`` out of the built demo in ``demo`` into ``out``; returns ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []

    def layer(name: str, frame: gpd.GeoDataFrame) -> None:
        path = out / f"{name}.geojson"
        write_geojson(frame.reset_index(drop=True), path)
        files.append(path)

    districts = read_layer(demo, "districts")
    districts = districts[districts["station_id"] == station]
    ids = set(districts["id"])
    grids = read_layer(demo, "grids")
    grids = grids[grids["station_id"] == station]
    grid_ids = set(grids["id"])
    area = shapely.union_all(districts.geometry.values)
    outline = read_layer(demo, "outline").head(1).copy()
    outline["geometry"] = [area]
    outline["area_km2"] = round(geometry_to_metric(area).area / 1e6, 1)
    layer("outline", outline)
    layer("districts", districts)
    layer("grids", grids)
    stations = read_layer(demo, "stations")
    layer("stations", stations[stations["id"] == station])
    townships = read_layer(demo, "townships")
    layer("townships", townships[townships["station_id"] == station])
    communities = read_layer(demo, "communities")
    layer("communities", communities[communities["grid_id"].isin(grid_ids)])
    for name in ("water", "low_ground"):
        layer(name, read_layer(demo, name))
    windows = read_layer(demo, "windows")
    layer("windows", windows[windows["grid_id"].isin(grid_ids)])
    critical = read_layer(demo, "critical")
    layer("critical", critical[critical["district_id"].isin(ids)])

    reach = area.buffer(ROAD_MARGIN_DEG)
    roads = gpd.read_file(demo / ROADS_MAP, engine="pyogrio")
    roads["geometry"] = roads.geometry.intersection(reach)
    path = out / ROADS_MAP
    write_geojson(roads[~roads.geometry.is_empty], path, precision=5)
    files.append(path)
    graph = ox.load_graphml(demo / ROADS_GRAPHML)
    inside = [n for n, d in graph.nodes(data=True) if reach.contains(shapely.Point(d["x"], d["y"]))]
    sub = graph.subgraph(inside)
    kept = max(nx.strongly_connected_components(sub), key=len)
    write_graphml(nx.MultiDiGraph(sub.subgraph(kept)), out / ROADS_GRAPHML)
    files.append(out / ROADS_GRAPHML)
    shutil.copyfile(demo / TERRAIN, out / TERRAIN)
    files.append(out / TERRAIN)

    members = pd.read_parquet(demo / "members.parquet")
    members = members[members["station_id"] == station]
    people = set(members["id"])
    jobs = pd.read_parquet(demo / "jobs.parquet")
    jobs = jobs[
        jobs["district_id"].isin(ids) & (jobs["member_id"].isna() | jobs["member_id"].isin(people))
    ]
    job_ids = set(jobs["id"])
    tables = {
        "members": members,
        "customers": _where(demo, "customers", "district_id", ids),
        "requests": _where(demo, "requests", "job_id", job_ids),
        "jobs": jobs,
        "job_events": _where(demo, "job_events", "job_id", job_ids),
        "assignments": _where(demo, "assignments", "job_id", job_ids),
        "attendance": _where(demo, "attendance", "member_id", people),
        "billing": _where(demo, "billing", "district_id", ids),
        "member_status": _where(demo, "member_status", "member_id", people),
    }
    for name, frame in tables.items():
        path = out / f"{name}.parquet"
        frame.reset_index(drop=True).to_parquet(path, index=False)
        files.append(path)
    meta = json.loads((demo / META).read_text(encoding="utf-8"))
    meta |= {
        "notice": f"{meta.get('notice', '')} Cut down to station {station} for the fast tests.",
        "districts": len(districts),
        "stations": 1,
        "grids": len(grids),
        "customers": len(tables["customers"]),
        "jobs": len(jobs),
    }
    (out / META).write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
    write_manifest(out, [*files, out / META])
    return out


def _where(demo: Path, table: str, column: str, values: set[str]) -> pd.DataFrame:
    frame = pd.read_parquet(demo / f"{table}.parquet")
    return frame[frame[column].isin(values)]


if __name__ == "__main__":  # python -m tests.small_county DEMO OUT (make check's set-up)
    print(f"fixture county: {small_county(Path(sys.argv[1]), Path(sys.argv[2]))}")
