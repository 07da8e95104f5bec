"""The planning page's state and shared parts: the county's districts as partition
units, the figures that do not change from plan to plan, the working plan a planner
edits (with undo), and the automatic partitioner run on the county or one station."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import numpy as np
import streamlit as st
from shapely.geometry import mapping

from dispatch.readable import DASH
from geo.partition import Units, partition
from geo.partition_io import units_from_features
from geo.plan_metrics import Context
from geo.projection import metric_crs_of_bounds
from i18n import N_, _
from store import board as store_board
from store import queries
from ui import data, keys

UNDO_DEPTH = 50
#: The automatic plan's choice for the whole county (the others are station codes).
ALL_STATIONS = "all stations"


@dataclass(frozen=True)
class Origin:
    """Where a working plan came from, kept as a message id (marked with `N_`) and its
    values, and said in the language of the page that shows it."""

    message: str
    values: tuple[tuple[str, str], ...] = ()

    def said(self) -> str:
        return _(self.message).format(**dict(self.values))


LIVE = Origin(N_("the live grids"))
HAND = Origin(N_("hand edits"))


def saved_origin(name: str) -> Origin:
    """A saved plan opened for editing (its name as typed: escape it where shown)."""
    return Origin(N_("saved plan “{name}”"), (("name", name),))


@dataclass
class Working:
    """The plan being edited: a grid and a lock per district (in ``Units.ids`` order)."""

    grid: list[str]
    locked: list[bool]
    source: Origin
    history: list[tuple[list[str], list[bool], Origin]] = field(default_factory=list)
    version: int = 0  # counts every change and undo: an edit made on an older view is refused

    @property
    def origin(self) -> str:
        """Where the plan came from, in the active language (raw text: escape it)."""
        return self.source.said()

    def change(self, grid: list[str], locked: list[bool], origin: Origin) -> None:
        self.history = [*self.history, (self.grid, self.locked, self.source)][-UNDO_DEPTH:]
        self.grid, self.locked, self.source = grid, locked, origin
        self.version += 1

    def undo(self) -> bool:
        if not self.history:
            return False
        self.grid, self.locked, self.source = self.history[-1]
        self.history = self.history[:-1]
        self.version += 1
        return True


@st.cache_resource(show_spinner="Finding which districts are neighbours…")
def base_units(folder: str) -> tuple[Units, list[dict[str, Any]]]:
    """The county's districts as partition units (no current grid) and their features,
    with households from the store (shared by all sessions, read-only)."""
    districts = data.layers(folder).districts
    households = data.district_grids().set_index("id")["households"]
    features = [
        {
            "type": "Feature",
            "geometry": mapping(g),
            "properties": {
                "id": i,
                "name": str(name),
                "households": int(households[i]),
                "station": str(st_id),
            },
        }
        for i, name, st_id, g in zip(
            districts["id"],
            districts["name"],
            districts["station_id"],
            districts.geometry,
            strict=True,
        )
    ]
    return units_from_features(features, _("transformer districts")), features


def names(folder: str) -> list[str]:
    """Each district's name, in ``Units.ids`` order (raw text: escape it for a map)."""
    features = base_units(folder)[1]
    return [f["properties"]["name"] for f in features]


def label(district_id: str, name: str) -> str:
    """A district as a picker shows it: typing part of its id or of its name finds it."""
    return f"{district_id} · {name}" if name else district_id


def live_grid(folder: str) -> list[str]:
    u = base_units(folder)[0]
    grid_of = data.district_grids().set_index("id")["grid_id"]
    return [str(grid_of[i]) for i in u.ids]


def units_for(folder: str, grid: list[str], locked: list[bool] | None = None) -> Units:
    u = base_units(folder)[0]
    held = np.zeros(len(u.ids), dtype=bool) if locked is None else np.asarray(locked, dtype=bool)
    return dataclasses.replace(u, current=list(grid), locked=held)


def working(folder: str) -> Working:
    """This session's working plan; starts as the live grids."""
    if keys.PLANNING_WORK not in st.session_state:
        grid = live_grid(folder)
        st.session_state[keys.PLANNING_WORK] = Working(grid, [False] * len(grid), LIVE)
    work: Working = st.session_state[keys.PLANNING_WORK]
    return work


@st.cache_resource(ttl=3600, show_spinner="Measuring road times from the service windows…")
def context(folder: str) -> Context:
    """Per district: area, last year's requests, and road minutes from each window."""
    u = base_units(folder)[0]
    districts = data.layers(folder).districts.set_index("id").loc[u.ids]
    metric = districts.geometry.to_crs(metric_crs_of_bounds(districts.total_bounds))
    area = metric.area.to_numpy() / 1e6
    now = store_board.clock(data.engine()).now()
    counts = queries.requests_per_district(data.engine(), now - timedelta(days=365), now)
    workload = counts.reindex(u.ids).fillna(0).to_numpy(dtype=np.int64)
    windows = data.service_windows()
    where = {d: k for k, d in enumerate(u.ids)}
    window_unit = np.array([where[d] for d in windows["district_id"]], dtype=np.int64)
    points = data.district_grids().set_index("id").loc[u.ids, ["lon", "lat"]].to_numpy()
    net = data.network(folder)
    if net is None or windows.empty:
        times = np.zeros((0, len(u.ids)))
    else:
        times = net.travel_times(windows[["lon", "lat"]].to_numpy(), points)
    return Context(area, workload, window_unit, times)


def bounds() -> tuple[int, int]:
    """The household bounds, starting at the county's own (an onboarded county's, as its
    files declared them; the demo's 12,000–15,000)."""
    meta = data.store_meta()
    first_lo = int(meta.get("grid_households_min") or 12_000)
    first_hi = int(meta.get("grid_households_max") or 15_000)
    a, b = st.columns(2)
    lo = a.number_input(
        _("Min households per grid"), 100, 100_000, first_lo, 100, key=keys.PLANNING_LO
    )
    hi = b.number_input(
        _("Max households per grid"), 100, 100_000, first_hi, 100, key=keys.PLANNING_HI
    )
    return int(lo), int(hi)


def auto_plan(folder: str, work: Working, lo: int, hi: int) -> None:
    """Run the partitioner on the county or one station, starting from the working plan
    and keeping its locked districts."""
    u = base_units(folder)[0]
    a, b, c = st.columns([1.3, 1, 1])
    stations = [ALL_STATIONS, *sorted(set(u.station))]
    station = a.selectbox(
        _("Plan for"), stations, key=keys.PLANNING_STATION, format_func=station_label
    )
    keep = b.toggle(_("Keep close to the working plan"), value=True, key=keys.PLANNING_KEEP)
    seconds = c.select_slider(
        _("Time limit (s)"), [2, 5, 10, 30], value=10, key=keys.PLANNING_SECONDS
    )
    if not st.button(_("Run the automatic plan"), type="primary"):
        return
    if lo > hi:
        st.error(
            _("The minimum ({lo}) is above the maximum ({hi}); nothing was run.").format(
                lo=f"{lo:,}", hi=f"{hi:,}"
            )
        )
        return
    units = units_for(folder, work.grid, work.locked)
    whole = station == ALL_STATIONS
    chosen = units if whole else only(units, station)
    with st.spinner(
        _("Partitioning {where} (up to {seconds} s)…").format(
            where=station_label(station), seconds=seconds
        )
    ):
        plan = partition(chosen, lo, hi, keep_current=keep, time_limit=float(seconds))
    grid = dict(zip(units.ids, work.grid, strict=True))
    grid.update(zip(chosen.ids, plan.grid, strict=True))
    bounds_said = (("lo", f"{lo:,}"), ("hi", f"{hi:,}"))
    origin = (
        Origin(N_("automatic plan for all stations, {lo}–{hi} households"), bounds_said)
        if whole
        else Origin(
            N_("automatic plan for {station}, {lo}–{hi} households"),
            (("station", station), *bounds_said),
        )
    )
    work.change([grid[i] for i in units.ids], list(work.locked), origin)
    problems = [
        _("Station {station}: {problem}").format(station=r.station or DASH, problem=said)
        for r in plan.stations
        for said in ([r.problem] if r.problem else []) + r.notes
    ]
    st.session_state[keys.PLANNING_RAN] = (plan.seconds, problems)


def station_label(station: str) -> str:
    """A choice of the automatic plan's station box: a station by code and name
    ("S01 观音滩供电所"), or the county."""
    if station == ALL_STATIONS:
        return _("all stations")
    return data.station_label(station)


def only(u: Units, station: str) -> Units:
    """The units of one station (neighbours re-indexed)."""
    keep = [i for i, s in enumerate(u.station) if s == station]
    where = {g: n for n, g in enumerate(keep)}
    return Units(
        [u.ids[i] for i in keep],
        u.households[keep],
        u.x[keep],
        u.y[keep],
        [u.station[i] for i in keep],
        [u.current[i] for i in keep],
        u.locked[keep],
        [[where[j] for j in u.neighbours[i] if j in where] for i in keep],
    )
