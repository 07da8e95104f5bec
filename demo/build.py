"""Build the whole demo county into a folder: geography, people, customers, a year of history.

Deterministic for given parameters: the same seed writes byte-identical files
(checked by the test suite through ``manifest.json``).
"""

from __future__ import annotations

import hashlib
import json
import time
import zlib
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from demo import handling, history, people
from demo.billing import billing
from demo.county import County, build_county
from demo.customers import customers
from demo.params import DemoParams
from demo.raw import write_raw
from demo.write import write_county
from geo.layers import write_geojson
from geo.projection import to_metric_xy
from store.folder import MANIFEST, META

#: "Now" in the demo: Thursday 26 November 2026, 09:30 in Qiyang (01:30 UTC).
DEMO_AS_OF = pd.Timestamp("2026-11-26 01:30:00")
OPEN_JOBS = 36
SYNTHETIC_NOTICE = (
    "Synthetic demo data shaped on public facts about Qiyang (../shared/facts/qiyang.md). "
    "Township seats, stations, people, customers, phone and ID numbers are generated; "
    "none is real."
)


def _rng(params: DemoParams, stage: str) -> np.random.Generator:
    return np.random.default_rng([params.seed, zlib.crc32(stage.encode())])


def build_demo(
    out: Path, params: DemoParams | None = None, *, log: Callable[[str], None] = print
) -> dict[str, object]:
    """Generate everything into ``out``; returns the summary written to ``meta.json``."""
    params = params or DemoParams()
    started = time.perf_counter()

    def step(message: str) -> None:
        log(f"{time.perf_counter() - started:6.1f} s  {message}")

    county = build_county(params, log=step)
    out.mkdir(parents=True, exist_ok=True)
    files = write_county(county, out)
    step("geography written")

    members = pd.concat(
        [
            people.staff(county.grids, _rng(params, "staff")),
            people.community_members(
                county.communities, county.grids, _rng(params, "community members")
            ),
        ],
        ignore_index=True,
    )
    windows = people.service_windows(
        county.communities, county.townships, county.districts, members
    )
    heights = _district_heights(county)
    critical = people.critical_customers(
        county.townships, county.districts, county.water, heights, _rng(params, "critical")
    )
    year = history.Year(DEMO_AS_OF)
    accounts = customers(
        county.districts,
        county.communities,
        county.townships,
        members,
        _rng(params, "customers"),
        year.start,
        year.as_of,
    )
    step(f"{len(members)} members, {len(windows)} windows, {len(accounts)} customer accounts")
    write_raw(county, members, windows, accounts, out)
    step("the utility's raw files written (raw/)")

    districts = pd.DataFrame(county.districts.drop(columns="geometry"))
    rng = _rng(params, "history")
    seeds = history.year_of_jobs(districts, year, rng)
    requests, jobs = history.requests_and_jobs(seeds, districts, accounts, members, rng)
    jobs, events, assignments = handling.handle(jobs, members, rng)
    rng = _rng(params, "now")
    recent = history.recent_jobs(districts, year.as_of, OPEN_JOBS, rng)
    open_requests, open_jobs = history.requests_and_jobs(
        recent,
        districts,
        accounts,
        members,
        rng,
        first_job=len(jobs) + 1,
        first_request=len(requests) + 1,
    )
    open_jobs, open_events, open_assignments = handling.handle(
        open_jobs, members, rng, as_of=year.as_of
    )
    status = handling.member_status_now(
        members, open_jobs, windows, _communities(county), year.as_of, rng
    )
    shifts = handling.attendance(members, year, _rng(params, "attendance"))
    bills = billing(districts, year, _rng(params, "billing"))
    step(f"{len(jobs)} closed and {len(open_jobs)} open jobs from {len(requests)} requests")

    tables = {
        "members": members,
        "customers": accounts,
        "requests": pd.concat([requests, open_requests], ignore_index=True),
        "jobs": pd.concat([jobs, open_jobs], ignore_index=True),
        "job_events": pd.concat([events, open_events], ignore_index=True),
        "assignments": pd.concat([assignments, open_assignments], ignore_index=True),
        "attendance": shifts,
        "billing": bills,
        "member_status": status,
    }
    for name, frame in tables.items():
        path = out / f"{name}.parquet"
        frame.to_parquet(path, index=False)
        files.append(path)
    for name, frame in (("windows", windows), ("critical", critical)):
        path = out / f"{name}.geojson"
        write_geojson(frame, path)
        files.append(path)
    meta = _summary(params, county, tables, windows, critical)
    (out / META).write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
    write_manifest(out, [*files, out / META])
    step("done")
    return meta


def _district_heights(county: County) -> np.ndarray:
    x, y = to_metric_xy(county.districts["lon"].to_numpy(), county.districts["lat"].to_numpy())
    return county.terrain.height_at(x, y)


def _communities(county: County) -> pd.DataFrame:
    frame = pd.DataFrame(county.communities.drop(columns="geometry"))
    frame["lon"] = county.communities.geometry.x.round(6)
    frame["lat"] = county.communities.geometry.y.round(6)
    return frame


def _summary(
    params: DemoParams,
    county: County,
    tables: dict[str, pd.DataFrame],
    windows: gpd.GeoDataFrame,
    critical: gpd.GeoDataFrame,
) -> dict[str, object]:
    grids = county.grids
    members = tables["members"]
    return {
        "notice": SYNTHETIC_NOTICE,
        "seed": params.seed,
        "as_of_utc": DEMO_AS_OF.isoformat(),
        "timezone": "Asia/Shanghai (UTC+8); stored times are naive UTC",
        "area_km2": float(county.outline["area_km2"].iloc[0]),
        "households": int(county.districts["households"].sum()),
        "districts": len(county.districts),
        "stations": len(county.stations),
        "grids": len(grids),
        "grid_households_min": int(grids["households"].min()),
        "grid_households_max": int(grids["households"].max()),
        "communities": len(county.communities),
        "staff": int((members["kind"] == "staff").sum()),
        "community_members": int((members["kind"] == "community").sum()),
        "service_windows": len(windows),
        "critical_customers": len(critical),
        "customers": len(tables["customers"]),
        "requests": len(tables["requests"]),
        "jobs": len(tables["jobs"]),
        "road_nodes": county.roads.number_of_nodes(),
        "road_edges": county.roads.number_of_edges(),
    }


def write_manifest(out: Path, files: list[Path]) -> None:
    """SHA-256 of every written file, so a rebuild can be compared byte for byte."""
    digests = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(files)}
    (out / MANIFEST).write_text(json.dumps(digests, indent=2), encoding="utf-8")
