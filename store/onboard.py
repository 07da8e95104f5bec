"""Onboarding a county from its own files: check every file (`dispatch.onboard`), make
the county (`dispatch.onboard_build`), write it as a county folder — the shape the demo
writes — and load that into an empty store in one transaction (`store.load`). A store
that holds another county is refused; a folder with any problem writes nothing."""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import geopandas as gpd
import numpy as np
import osmnx as ox
import pandas as pd
from sqlalchemy import Engine

from dispatch.onboard import DECLARED, Checked, check_folder
from dispatch.onboard_build import County, build
from geo.layers import ROADS_GRAPHML, ROADS_MAP, TERRAIN, road_lines, write_geojson
from geo.network import RoadNetwork
from geo.settings import METRIC_CRS
from geo.terrain import Terrain
from store import schema
from store.folder import MANIFEST, META, read_tables
from store.load import load_demo, loaded_demo

NOTICE = "a county onboarded from its utility's own files"
#: the tables a new county starts with no rows in (its history begins when it is loaded)
EMPTY = ("jobs", "requests", "job_events", "assignments", "attendance", "billing")
GEOJSON_TABLES = {"windows": "windows", "critical_customers": "critical"}


@dataclass
class Onboarded:
    """What onboarding did: the check (with its problems and notes), the county made,
    where its folder is, whether the store was loaded, and how long each step took."""

    checked: Checked
    county: County | None = None
    folder: Path | None = None
    loaded: bool = False
    seconds: dict[str, float] = field(default_factory=dict)


def write_folder(county: County, checked: Checked, out: Path) -> Path:
    """Write the county as a county folder in ``out`` (emptied first)."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    files = []
    for name, frame in county.layers.items():
        path = out / f"{name}.geojson"
        write_geojson(frame, path)
        files.append(path)
    for name, frame in county.tables.items():
        if name in ("windows",):
            continue
        path = out / f"{name}.parquet"
        frame.to_parquet(path, index=False)
        files.append(path)
    windows = county.tables["windows"]
    points = gpd.GeoDataFrame(
        windows, geometry=gpd.points_from_xy(windows["lon"], windows["lat"]), crs=4326
    )
    critical = gpd.GeoDataFrame(
        {c.name: [] for c in schema.critical_customers.columns}, geometry=[], crs=4326
    )
    for name, frame in (("windows", points), ("critical", critical)):
        path = out / f"{name}.geojson"
        write_geojson(frame, path)
        files.append(path)
    for name in EMPTY:
        path = out / f"{name}.parquet"
        pd.DataFrame({c.name: [] for c in schema.meta.metadata.tables[name].columns}).to_parquet(
            path, index=False
        )
        files.append(path)
    files += _roads(checked, out)
    files.append(_flat_terrain(county, out))
    meta = {
        "notice": NOTICE,
        "county": county.name,
        "as_of_utc": None,
        "timezone": "Asia/Shanghai (UTC+8); stored times are naive UTC",
        "declared": checked.declared,
        "notes": checked.notes + county.notes,
        "counts": checked.counts(),
        "onboarded_on": date.today().isoformat(),
    }
    (out / META).write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
    files.append(out / META)
    digests = {p.name: _sha(p) for p in sorted(files)}
    (out / MANIFEST).write_text(json.dumps(digests, indent=2), encoding="utf-8")
    return out


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _roads(checked: Checked, out: Path) -> list[Path]:
    source = checked.files["roads"]
    graphml = RoadNetwork.graphml_of(source, cache_dir=checked.cache_dir)
    if graphml is None:  # read without a cache: read again, into the folder
        RoadNetwork.from_file(source, cache_dir=out / ".cache")
        graphml = RoadNetwork.graphml_of(source, cache_dir=out / ".cache")
    assert graphml is not None
    shutil.copyfile(graphml, out / ROADS_GRAPHML)
    lines = road_lines(ox.load_graphml(out / ROADS_GRAPHML))
    write_geojson(lines, out / ROADS_MAP, precision=5)
    return [out / ROADS_GRAPHML, out / ROADS_MAP]


def _flat_terrain(county: County, out: Path) -> Path:
    """No elevation model yet: level ground with no river, so no low ground floods by
    itself (flood areas are drawn by hand on the flood page)."""
    outline = county.layers["outline"].to_crs(METRIC_CRS)
    x0, y0, x1, y1 = outline.total_bounds
    cell = max(x1 - x0, y1 - y0, 1.0)
    terrain = Terrain(
        np.full((1, 1), 100.0, dtype=np.float32), x0, y0, cell, np.zeros((1, 1), bool), 0.0
    )
    terrain.save(out / TERRAIN)
    return out / TERRAIN


def files_digest(checked: Checked) -> str:
    """One hash of the county's own files and what was declared for them: the same files
    onboarded again are the same county (the folder written from them holds the time
    it was written, so its manifest differs)."""
    sha = hashlib.sha256()
    paths = sorted({*checked.files.values(), checked.folder / DECLARED})
    for path in paths:
        if path.exists():
            sha.update(path.name.encode("utf-8") + b"\0" + _sha(path).encode() + b"\n")
    return sha.hexdigest()


def onboard(
    engine: Engine,
    raw: Path,
    out: Path,
    *,
    cache_dir: Path | None = None,
    write: bool = True,
    load: bool = True,
) -> Onboarded:
    """Check ``raw``; when nothing is wrong, make the county and (with ``write``) write
    its folder ``out`` and (with ``load``) load it into the store. Raises
    `store.load.StoreOccupiedError` for a store that holds another county."""
    started = time.perf_counter()
    checked = check_folder(raw, cache_dir=cache_dir)
    done = Onboarded(checked, seconds={"check": time.perf_counter() - started})
    if checked.problems:
        return done
    digest = files_digest(checked)
    if write and load and loaded_demo(engine) == digest:
        done.seconds["total"] = time.perf_counter() - started
        return done  # this county, from these same files, is loaded: nothing changes
    step = time.perf_counter()
    done.county = build(checked)
    done.seconds["build"] = time.perf_counter() - step
    if not write:
        return done
    step = time.perf_counter()
    done.folder = write_folder(done.county, checked, out)
    done.seconds["write"] = time.perf_counter() - step
    if load:
        step = time.perf_counter()
        lo, hi = done.county.grid_households
        settings = {
            "onboarded": done.county.name,
            "county_folder": str(out.resolve()),
            "grid_households_min": str(lo),
            "grid_households_max": str(hi),
        }
        done.loaded = load_demo(engine, read_tables(out), digest, settings=settings)
        done.seconds["load"] = time.perf_counter() - step
    done.seconds["total"] = time.perf_counter() - started
    return done
