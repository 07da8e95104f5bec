"""Figures per grid for comparing plans: households, area, compactness, the members'
travel time from the service window to the farthest district, last year's workload,
and the households that change grid against a reference plan.

Everything is computed from per-unit arrays, so a plan is cheap to measure: the road
travel times from each service window to each unit are computed once, outside.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.partition import Units, compactness
from i18n import _


@dataclass(frozen=True)
class Context:
    """What does not change from plan to plan.

    ``window_unit`` is the unit each service window stands in; ``window_times`` the
    road travel time in seconds from each window (rows) to each unit's centre point
    (columns), ``inf`` where no road leads; ``area_km2`` and ``workload`` are per unit.
    """

    area_km2: np.ndarray
    workload: np.ndarray
    window_unit: np.ndarray
    window_times: np.ndarray


def _farthest_minutes(
    units: Units, labels: np.ndarray, name: str, ctx: Context
) -> tuple[float, str]:
    """Minutes from the grid's nearest service window to its farthest unit, and where
    the windows were taken from (the grid's own, else its station's)."""
    inside = np.flatnonzero(labels == name)
    if ctx.window_times.size == 0 or len(inside) == 0:
        return float("nan"), "no service window"
    own = np.isin(ctx.window_unit, inside)
    source = "own window"
    if not own.any():
        station = units.station[inside[0]]
        own = np.array([units.station[u] == station for u in ctx.window_unit], dtype=bool)
        source = "station's nearest window"
    if not own.any():
        return float("nan"), "no service window"
    times = ctx.window_times[own][:, inside].min(axis=0)
    return float(times.max() / 60.0), source


def grid_table(
    units: Units,
    grid: Sequence[str],
    ctx: Context,
    *,
    reference: Sequence[str] | None = None,
    lo: int | None = None,
    hi: int | None = None,
) -> pd.DataFrame:
    """One row per grid of the plan, sorted by grid id."""
    labels = np.asarray(grid)
    spread = compactness(units, list(grid))
    ref = None if reference is None else np.asarray(reference)
    rows = []
    for name in sorted(set(grid)):
        inside = labels == name
        hh = int(units.households[inside].sum())
        minutes, source = _farthest_minutes(units, labels, name, ctx)
        row = {
            "grid": name,
            "station": units.station[int(np.flatnonzero(inside)[0])],
            "districts": int(inside.sum()),
            "households": hh,
            "area (km²)": round(float(ctx.area_km2[inside].sum()), 1),
            "compactness (m)": round(spread[name]),
            "farthest from window (min)": round(minutes, 1),
            "window": source,
            "requests last year": int(ctx.workload[inside].sum()),
        }
        if ref is not None:
            row["households moved in"] = int(units.households[inside & (ref != name)].sum())
        if lo is not None and hi is not None:
            row["within bounds"] = lo <= hh <= hi
        rows.append(row)
    return pd.DataFrame(rows)


def summary(table: pd.DataFrame, units: Units) -> dict[str, object]:
    """The plan in one line: grids, share within bounds, household-weighted compactness,
    worst travel time, households moved, spread of workload."""
    total = float(units.households.sum()) or 1.0
    out: dict[str, object] = {
        "grids": len(table),
        "compactness (m, household-weighted)": round(
            float((table["compactness (m)"] * table["households"]).sum() / total)
        ),
        "farthest from window (min, worst)": round(
            float(table["farthest from window (min)"].max()), 1
        ),
        "requests per grid (max / min)": (
            f"{table['requests last year'].max():,} / {table['requests last year'].min():,}"
        ),
    }
    if "within bounds" in table:
        out["grids within bounds"] = _("{k} of {n}").format(
            k=int(table["within bounds"].sum()), n=len(table)
        )
    if "households moved in" in table:
        moved = int(table["households moved in"].sum())
        out["households moved"] = f"{moved:,} ({100 * moved / total:.1f}%)"
    return out
