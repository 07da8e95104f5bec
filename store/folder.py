"""A county folder as the store loads it: the tables' files, the manifest that hashes
them, the build's notes (meta.json). The demo writes one (`python -m demo`); onboarding
a real county writes the same shape."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from pathlib import Path

import geopandas as gpd
import pandas as pd

MANIFEST = "manifest.json"
META = "meta.json"


def is_built(out: Path) -> bool:
    """True when a complete county folder is present (its manifest lists files that all exist)."""
    manifest = out / MANIFEST
    if not manifest.exists():
        return False
    names = json.loads(manifest.read_text(encoding="utf-8"))
    return all((out / name).exists() for name in names)


#: Files of a built demo that fill the store, by table.
STORE_FILES = {
    "stations": "stations.geojson",
    "townships": "townships.geojson",
    "grids": "grids.geojson",
    "communities": "communities.geojson",
    "districts": "districts.geojson",
    "members": "members.parquet",
    "service_windows": "windows.geojson",
    "critical_customers": "critical.geojson",
    "customers": "customers.parquet",
    "jobs": "jobs.parquet",
    "requests": "requests.parquet",
    "job_events": "job_events.parquet",
    "assignments": "assignments.parquet",
    "member_status": "member_status.parquet",
    "attendance": "attendance.parquet",
    "billing": "billing.parquet",
}


def read_tables(out: Path) -> dict[str, pd.DataFrame]:
    """A county folder's tables as plain frames, one per store table (points as lon/lat columns)."""
    if not is_built(out):
        msg = f"no complete county folder in {out}: run `make demo` (python -m demo)"
        raise FileNotFoundError(msg)
    tables: dict[str, pd.DataFrame] = {}
    for table, name in STORE_FILES.items():
        path = out / name
        if path.suffix == ".parquet":
            tables[table] = pd.read_parquet(path)
            continue
        frame = gpd.read_file(path, engine="pyogrio")
        if (frame.geom_type == "Point").all() and "lon" not in frame:
            frame["lon"] = frame.geometry.x.round(6)
            frame["lat"] = frame.geometry.y.round(6)
        tables[table] = pd.DataFrame(frame.drop(columns="geometry"))
    leaders = tables["members"].query("role == 'leader'").set_index("grid_id")["id"]
    tables["grids"]["leader_id"] = tables["grids"]["id"].map(leaders)
    members = tables["members"]
    tables["member_history"] = pd.DataFrame(
        {
            "member_id": members["id"],
            "grid_id": members["grid_id"],
            "kind": members["kind"],
            "role": members["role"],
            "start_day": members["joined_on"],
            "end_day": None,
            "reason": "on the roster when the demo begins",
        }
    )
    return tables


def folder_as_of(out: Path) -> datetime | None:
    """The folder's "now" (naive UTC) as its build recorded it (the demo's), or None."""
    try:
        text = json.loads((out / META).read_text(encoding="utf-8")).get("as_of_utc")
    except (OSError, ValueError):
        return None
    return datetime.fromisoformat(text) if text else None


def manifest_digest(out: Path) -> str:
    """One hash for a whole folder (the hash of its manifest)."""
    return hashlib.sha256((out / MANIFEST).read_bytes()).hexdigest()


def notice(out: Path) -> str:
    """The folder's notice about its data (the demo's: synthetic, none of it real)."""
    try:
        return str(json.loads((out / META).read_text(encoding="utf-8")).get("notice") or "")
    except (OSError, ValueError):
        return ""
