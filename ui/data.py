"""Cached loaders: shared read-only resources and copied frames for the pages.

The county's layers are files (the demo's, or a utility's own in the same shape,
see README); what changes while the app runs comes from the store.
"""

from __future__ import annotations

import html
import logging
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from dispatch.board import BoardJob, by_deadline
from dispatch.readable import DASH
from dispatch.restoration import RESTORED_TYPES, OnSite, on_site_history
from geo import display
from geo.layers import ROADS_MAP, read_layer
from i18n import N_
from store import audit, health, past, queries
from store import users as store_users
from store.db import DATA_ENV, describe, make_engine
from store.db import data_folder as store_data_folder
from store.intake import StoreLocator
from store.snapshot import snapshot
from ui.spinner import spinning

if TYPE_CHECKING:  # the network's modules load with the network (`network`), not before
    import numpy as np
    import shapely
    from numpy.typing import NDArray

    from geo.network import Points, RoadNetwork
    from geo.network_data import NetworkData

LOG = logging.getLogger("dualgrid")

#: How long live data (positions, open jobs) may be cached before a rerun reads it again.
LIVE_TTL_S = 15


_COUNTY_FOLDER: dict[str, Path] = {}


def data_folder() -> Path:
    """The folder holding the county's layers: ``$DUALGRID_DATA`` when set, else the one
    onboarding wrote for the store's county (kept in the store's notes), else the
    demo's (`store.db.data_folder`)."""
    if os.environ.get(DATA_ENV):
        return store_data_folder()
    label = store_label()
    if label not in _COUNTY_FOLDER:
        try:
            saved = queries.meta(engine()).get("county_folder")
        except Exception:  # no store yet, or one without its tables: the demo's folder
            saved = None
        _COUNTY_FOLDER[label] = Path(saved) if saved else store_data_folder()
    return _COUNTY_FOLDER[label]


def forget_county_folder() -> None:
    """After onboarding: the store's county folder is looked up again."""
    _COUNTY_FOLDER.clear()
    _HEALTHY.clear()


def awaiting_county() -> bool:
    """A store with its users and no county yet (`store.health.awaiting_county`); False
    for a store that cannot even be reached (its problem is shown instead)."""
    try:
        return health.awaiting_county(engine())
    except Exception:  # DUALGRID_DB is no address an engine can be made from
        return False


@st.cache_resource(show_spinner=False)
def engine() -> Engine:
    """The one engine of this app process (connection pool shared by all sessions)."""
    return make_engine()


@st.cache_resource(show_spinner=False)
def outbox_worker() -> object:
    """The one thread of this app process sending the group robots their posts."""
    from actions.outbox import start_worker

    return start_worker(engine())


#: When each store and layers folder was last found fit to run on (process-wide).
_HEALTHY: dict[tuple[str, str], float] = {}
_LOGGED: set[tuple[tuple[str, str], str]] = set()
HEALTH_TTL_S = 30


def problem() -> str | None:
    """What keeps the app from running on its store and layers (one line saying what to
    run); None when all is well. A good answer is trusted for 30 s; a problem is looked
    at again on every run, so the page recovers as soon as it is fixed."""
    try:
        key = (store_label(), str(data_folder()))
    except Exception as exc:  # DUALGRID_DB is no URL an engine can be made from
        LOG.warning("the app cannot run: DUALGRID_DB: %s", exc)
        return (
            "The store set in DUALGRID_DB is not a database address DualGrid can use: "
            "for example sqlite:///data/dualgrid.db or "
            "postgresql+psycopg://user:password@host/county. (Details in the server log.)"
        )
    if time.monotonic() - _HEALTHY.get(key, -HEALTH_TTL_S) < HEALTH_TTL_S:
        return None
    found = health.problem(engine(), key[1])
    if found is None:
        _HEALTHY[key] = time.monotonic()
        return None
    if (key, found) not in _LOGGED:  # once per problem, not on every run while it lasts
        _LOGGED.add((key, found))
        LOG.warning("the app cannot run: %s", found)
    return health.for_anyone(found, engine(), key[1])


def store_label() -> str:
    return describe(engine())


@dataclass(frozen=True)
class Layers:
    """The county's static map layers, simplified for display, as GeoJSON collections
    ready for the map (``base``), with the frames needed for hit tests and bounds."""

    base: dict[str, dict[str, Any]]
    bounds: list[list[float]]
    districts: gpd.GeoDataFrame
    outline: object  # the county's polygon (shapely), for clipping drawn areas


@spinning(N_("Loading the county's map layers…"))
@st.cache_resource(show_spinner=False)
def layers(folder: str) -> Layers:
    """Read and simplify the layers once per process; shared read-only by all sessions."""
    path = Path(folder)
    outline = read_layer(path, "outline")
    districts = display.round_coordinates(
        display.simplify_coverage(read_layer(path, "districts"), 12.0)
    )
    townships = display.round_coordinates(
        display.simplify_coverage(read_layer(path, "townships"), 25.0)
    )
    roads = gpd.read_file(path / ROADS_MAP, engine="pyogrio")
    mask = gpd.GeoDataFrame(
        {"name": ["outside"]},
        geometry=[display.outside_mask(outline.geometry.iloc[0])],
        crs=outline.crs,
    )
    districts["label"] = districts["name"].map(html.escape)
    townships["label"] = townships["name"].map(html.escape)
    base = {
        "mask": display.feature_collection(mask, ["name"]),
        "outline": display.feature_collection(outline, ["name"]),
        "water": display.feature_collection(
            display.round_coordinates(read_layer(path, "water")), ["name"]
        ),
        "roads": display.feature_collection(roads, ["highway"]),
        "townships": display.feature_collection(
            townships.rename(columns={"name": "raw", "label": "name"}), ["name", "name_en"]
        ),
        "districts": display.feature_collection(
            districts.rename(columns={"name": "raw", "label": "name"}),
            ["id", "name", "households"],
            id_column="id",
        ),
    }
    return Layers(
        base=base,
        bounds=display.bounds_latlon(outline),
        districts=districts,
        outline=outline.geometry.iloc[0],
    )


@dataclass(frozen=True)
class GridShapes:
    """Grid polygons for one assignment of districts: a frame for hit tests and the
    GeoJSON for the map (with a colour per grid, neighbours differing)."""

    frame: gpd.GeoDataFrame
    features: dict[str, Any]


@spinning(N_("Drawing the grids…"))
@st.cache_resource(show_spinner=False, max_entries=8)
def grid_shapes(folder: str, assignment: tuple[tuple[str, str], ...]) -> GridShapes:
    """Shared read-only per assignment (a planner's new plan makes a new entry)."""
    grid_of = pd.Series(dict(assignment))
    shapes = display.dissolve_grids(layers(folder).districts, grid_of)
    shapes["colour"] = display.colour_areas(shapes)
    shapes = display.round_coordinates(shapes)
    features = display.feature_collection(shapes, ["grid_id", "colour"], id_column="grid_id")
    return GridShapes(frame=shapes, features=features)


@st.cache_resource(ttl=3600, show_spinner=False)  # the history grows by the day
def on_site_model() -> OnSite:
    """On-site times of repairs and outages, learnt from the store's history."""
    jobs, events = past.on_site_steps(engine(), RESTORED_TYPES)
    return OnSite(on_site_history(jobs, events))


@st.cache_data(ttl=LIVE_TTL_S, show_spinner=False)
def district_grids() -> pd.DataFrame:
    return queries.district_grids(engine())


@st.cache_data(ttl=LIVE_TTL_S, show_spinner=False)
def grids() -> pd.DataFrame:
    return queries.grids(engine())


@st.cache_data(ttl=LIVE_TTL_S, show_spinner=False)
def stations() -> pd.DataFrame:
    return queries.stations(engine())


@st.cache_data(ttl=LIVE_TTL_S, show_spinner=False)
def grid_names() -> dict[str, str]:
    """Grid code → name (the live grids)."""
    table = grids()
    return dict(zip(table["id"].astype(str), table["name"].astype(str), strict=True))


@st.cache_data(ttl=LIVE_TTL_S, show_spinner=False)
def station_names() -> dict[str, str]:
    """Station code → name."""
    table = stations()
    return dict(zip(table["id"].astype(str), table["name"].astype(str), strict=True))


def _named(code: object, names: dict[str, str]) -> str:
    if not isinstance(code, str) or not code:
        return DASH
    return f"{code} {names[code]}" if names.get(code) else code


def grid_label(grid: object) -> str:
    """A grid by code and name ("G04 下马渡第一网格"): the code alone for a grid the store
    does not name (a new plan's), a dash for none."""
    return _named(grid, grid_names())


def station_label(station: object) -> str:
    """A station by code and name ("S01 观音滩供电所"), like `grid_label`."""
    return _named(station, station_names())


@st.cache_data(ttl=LIVE_TTL_S, show_spinner=False)
def service_windows() -> pd.DataFrame:
    return queries.service_windows(engine())


@st.cache_data(ttl=LIVE_TTL_S, show_spinner=False)
def member_positions() -> pd.DataFrame:
    return queries.member_positions(engine())


@st.cache_data(ttl=LIVE_TTL_S, show_spinner=False)
def open_jobs() -> pd.DataFrame:
    return queries.open_jobs(engine())


@st.cache_data(ttl=LIVE_TTL_S, show_spinner=False)
def roster(grid_id: str) -> dict[str, pd.DataFrame]:
    return queries.roster(engine(), grid_id)


@st.cache_data(ttl=LIVE_TTL_S, show_spinner=False)
def counts() -> dict[str, int]:
    return queries.counts(engine())


@st.cache_data(ttl=LIVE_TTL_S, show_spinner=False)
def store_meta() -> dict[str, str]:
    return queries.meta(engine())


class SharedNetwork:
    """The road network shared by every session of the app, one query at a time (the
    routing library's query objects are not known to be thread-safe)."""

    def __init__(self, network: RoadNetwork) -> None:
        import functools
        import threading

        self._network = network
        self._lock = threading.Lock()
        # a leg's line is the same on every rerun and for every session: draw it once
        self.leg = functools.lru_cache(maxsize=50_000)(self._leg)

    def travel_times(self, origins: Points, destinations: Points) -> NDArray[np.float64]:
        with self._lock:
            return self._network.travel_times(origins, destinations)

    def reachable_from(self, points: Points) -> NDArray[np.bool_]:
        with self._lock:
            return self._network.reachable_from(points)

    def parts(self, points: Points) -> NDArray[np.signedinteger[Any]]:
        with self._lock:
            return self._network.parts(points)

    def without(self, areas: shapely.Geometry | Sequence[shapely.Geometry]) -> SharedNetwork:
        """A view with the roads in these areas closed, shared the same way."""
        with self._lock:
            return SharedNetwork(self._network.without(areas))

    @property
    def areas(self) -> shapely.Geometry | None:
        return self._network.areas

    @property
    def closed_edges(self) -> NDArray[np.int64]:
        return self._network.closed_edges

    @property
    def data(self) -> NetworkData:
        return self._network.data

    def _leg(
        self, origin: tuple[float, float], destination: tuple[float, float]
    ) -> tuple[tuple[float, float], ...]:
        """The fastest road between two (lon, lat) points as (lat, lon) pairs for the map."""
        with self._lock:
            route = self._network.route(origin, destination)
        return tuple((y, x) for x, y in route.geometry.coords)


@spinning(N_("Loading the road network…"))
@st.cache_resource(show_spinner=False)
def network(folder: str) -> SharedNetwork | None:
    """The county's road network (GraphML in the data folder), or None when missing."""
    from geo.network import RoadNetwork

    path = Path(folder) / "roads.graphml"
    if not path.exists():
        return None
    return SharedNetwork(RoadNetwork.from_graphml(path))


@spinning(N_("Closing the flooded roads…"))
@st.cache_resource(show_spinner=False, max_entries=8)
def flood_network(folder: str, areas: tuple[tuple[str, bytes], ...]) -> SharedNetwork | None:
    """The road network with the flood areas' roads closed (one view per set of areas,
    shared by every session)."""
    import shapely

    base = network(folder)
    if base is None or not areas:
        return base
    return base.without([shapely.from_wkb(wkb) for _, wkb in areas])


@st.cache_resource(show_spinner=False)
def locator(folder: str) -> StoreLocator:
    return StoreLocator.from_folder(engine(), folder)


def clear_live() -> None:
    """Forget cached live data after a write, so every page shows it at once."""
    for loader in (open_jobs, member_positions, counts):
        loader.clear()


# ---- reads the pages show as they are (no cache: each run sees the store's now) --------


def board_jobs() -> list[BoardJob]:
    """The open jobs for the board, soonest deadline first (`store.snapshot`)."""
    return by_deadline(snapshot(engine()).jobs)


def board_members() -> pd.DataFrame:
    """Members with their status and last position, as the store holds them now (the
    cached `member_positions` serves the other maps)."""
    return queries.member_positions(engine())


def audit_rows(
    *, about: str, user: str, since: datetime | None, until: datetime | None
) -> pd.DataFrame:
    """The audit trail's rows matching a search, newest first (`store.audit.search`)."""
    return audit.search(engine(), about=about, user=user, since=since, until=until)


def users() -> pd.DataFrame:
    """Every user of the store with role, grid and state (`store.users.users`)."""
    return store_users.users(engine())
