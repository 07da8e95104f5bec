"""The flood scenario a county can load to try the emergency pages (the demo's: the
Xiang's low ground at the July-2017 level, the seat's bridge closed, a few hundred calls
through the ordinary intake)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from sqlalchemy import Engine

from dispatch.clock import local_iso
from dispatch.intake import validate
from geo.projection import geometry_to_metric, metric_crs_of, to_metric_xy
from store import past, queries
from store.board import clock
from store.errors import StoreError
from store.flood import (
    add_area,
    add_areas,
    add_household_checks,
    clear_areas,
    pin_priority,
    set_isolated,
)
from store.intake import ImportResult, StoreLocator, import_records

if TYPE_CHECKING:  # geo.flood stays a lazy import of start_demo_flood's
    from geo.flood import ClosedRoads
    from geo.network_data import NetworkData

#: The gauge level of the demo scenario: the 祁阳 gauge was forecast at 88.4–88.8 m on
#: 3 July 2017 (../shared/facts/qiyang.md).
DEMO_LEVEL_M = 88.5
DEMO_CALLS = 300
SEAT = (111.857, 26.586)  # the county seat, on the Xiang
NO_MEMBERS = pd.DataFrame({"id": [], "lon": [], "lat": []})


class FloodableRoads(Protocol):
    """What the demo flood needs of the road network: its arrays (to find the bridge)
    and a view with areas' roads closed (a `geo.network.RoadNetwork`, or the app's
    wrapper around one)."""

    @property
    def data(self) -> NetworkData:
        """The network's arrays."""
        ...

    def without(self, areas: Sequence[shapely.Geometry], /) -> ClosedRoads:
        """A view with the roads in these (WGS-84) areas closed."""
        ...


def demo_calls(
    engine: Engine,
    locator: StoreLocator,
    districts: Sequence[str],
    *,
    now: datetime,
    calls: int = DEMO_CALLS,
    hours: float = 3.0,
    seed: int = 2017,
) -> ImportResult:
    """A few hundred calls within hours from the affected districts (mostly outages,
    some repairs and hazards), through the ordinary intake."""
    if not districts:
        return ImportResult()
    rng = np.random.default_rng(seed)
    accounts = past.accounts_in(engine, list(districts))
    if not accounts:
        return ImportResult()
    # a flood darkens whole districts: most calls come from a few dozen of them
    hit = sorted({a.district_id for a in accounts})
    dark = set(rng.choice(hit, size=min(40, len(hit)), replace=False).tolist())
    pool = [k for k, a in enumerate(accounts) if a.district_id in dark]
    picks = rng.choice(pool, size=min(calls, len(pool)), replace=False)
    kinds = rng.choice(["outage", "repair", "hazard"], size=len(picks), p=[0.8, 0.12, 0.08])
    ages = np.sort(rng.uniform(0, hours * 60, size=len(picks)))[::-1]
    channels = rng.choice(["95598", "grid", "hotline"], size=len(picks), p=[0.55, 0.4, 0.05])
    rows = []
    for k, (i, kind, age, channel) in enumerate(zip(picks, kinds, ages, channels, strict=True)):
        when = now - timedelta(minutes=float(age))
        rows.append(
            {
                "_row": k + 1,
                "order_no": f"FLOOD-{now:%Y%m%d}-{seed}-{k + 1:04d}",
                "channel": str(channel),
                "received_at": local_iso(when),
                "type": str(kind),
                "account_no": accounts[int(i)].account_no,
                "description": {
                    "outage": "洪水停电 power out, water rising",
                    "repair": "线路受损 line damaged",
                    "hazard": "电杆倾斜 pole leaning in the water",
                }[str(kind)],
            }
        )
    records = validate(rows, locator, now=now + timedelta(minutes=1), source="demo flood")
    return import_records(engine, records, by="flood demo", now=now)


def demo_bridge(network: FloodableRoads, folder: Path) -> shapely.Geometry:
    """A small closure over the Xiang bridge nearest the county seat (WGS-84)."""
    water = gpd.read_file(folder / "water.geojson", engine="pyogrio")
    xiang = water.geometry.iloc[0]
    edges = network.data.edges_intersecting(geometry_to_metric(xiang, network.data.crs))
    if len(edges) == 0:
        msg = "no road crosses the river in this county's data"
        raise StoreError(msg)
    lines = network.data.edge_lines(edges)
    seat = shapely.Point(*SEAT)
    nearest = min(lines, key=lambda line: line.distance(seat))
    return nearest.interpolate(0.5, normalized=True).buffer(0.0008)


def start_demo_flood(
    engine: Engine,
    network: FloodableRoads,
    folder: str | Path,
    *,
    by: str,
    level_m: float = DEMO_LEVEL_M,
) -> ImportResult:
    """The demo scenario: the Xiang's low ground under water at the July-2017 level, the
    seat's bridge closed, and a few hundred calls from the districts hit and nearby."""
    from actions.situation import bases
    from geo.flood import assess, low_ground
    from geo.terrain import Terrain

    folder = Path(folder)
    outline = gpd.read_file(folder / "outline.geojson", engine="pyogrio").geometry.iloc[0]
    water = low_ground(Terrain.load(folder / "terrain.npz"), level_m, outline)
    bridge = demo_bridge(network, folder)
    now = clock(engine).now()
    add_area(engine, f"湘江洪水 Xiang flood at {level_m:g} m", water, source="demo", by=by, now=now)
    add_area(
        engine, "封闭桥梁 bridge closed", bridge, source="demo", by=by, kind="closure", now=now
    )
    view = network.without([water, bridge])
    districts = queries.district_grids(engine)
    impact = assess(
        view,
        districts,
        queries.critical_customers(engine),
        NO_MEMBERS,
        bases(engine),
    )
    crs = metric_crs_of(water)
    near = geometry_to_metric(water, crs).buffer(1_000)
    x, y = to_metric_xy(districts["lon"].to_numpy(float), districts["lat"].to_numpy(float), crs)
    close = districts.loc[shapely.contains_xy(near, x, y), "id"].tolist()
    hit = sorted(set(impact.districts["id"]) | set(close))
    locator = StoreLocator.from_folder(engine, folder)
    result = demo_calls(engine, locator, hit, now=now)
    add_household_checks(engine, impact.districts["id"].tolist(), by=by, now=now)
    return result


# ---- the coordinator's writes: apply or clear a flood, isolate an area, pin a job -------


def apply_flood(
    engine: Engine,
    areas: list[tuple[str, shapely.Geometry]],
    *,
    source: str,
    by: str,
    kind: str = "flood",
) -> list[str]:
    """Flood areas (or road closures) in force from now, all or none; their ids."""
    return add_areas(engine, areas, source=source, by=by, kind=kind)


def mark_isolated(engine: Engine, area_id: str, isolated: bool, *, by: str) -> None:
    """An area's lines isolated (de-energised): repairs inside it may go ahead."""
    set_isolated(engine, area_id, isolated, by=by)


def clear_flood(engine: Engine, *, by: str) -> int:
    """Every flood area and closure lifted; how many."""
    return clear_areas(engine, by=by)


def pin(engine: Engine, job_id: str, priority: int, *, by: str, version: int | None) -> None:
    """A job's priority pinned by the coordinator, on the version the screen showed."""
    pin_priority(engine, job_id, priority, by=by, version=version)
