"""The planning page's parts: run the partitioner on the county or one station, see
the plan on the map, compare it with the current grids, export it."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import streamlit as st
from shapely.geometry import mapping
from streamlit_folium import st_folium

from geo.partition import Units, compactness, partition
from geo.partition_io import units_from_features
from ui import data
from ui.assets import localize
from ui.layers import base_map, context_layers, esc, grids_layer

PLAN = "planning.plan"


@st.cache_resource(show_spinner="Finding which districts are neighbours…")
def units(folder: str) -> tuple[Units, list[dict]]:
    """The county's districts as partition units with their current grids (shared)."""
    districts = data.layers(folder).districts
    current = data.district_grids().set_index("id")
    stations = districts.set_index("id")["station_id"]
    features = [
        {
            "type": "Feature",
            "geometry": mapping(g),
            "properties": {
                "id": i,
                "households": int(current.loc[i, "households"]),
                "station": str(stations[i]),
                "grid": str(current.loc[i, "grid_id"]),
            },
        }
        for i, g in zip(districts["id"], districts.geometry, strict=True)
    ]
    return units_from_features(features, "districts"), features


def controls(folder: str) -> None:
    u, _ = units(folder)
    a, b, c, d = st.columns([1.4, 1, 1, 1])
    stations = ["all stations", *sorted(set(u.station))]
    station = a.selectbox("Plan for", stations, key="planning.station")
    lo = b.number_input("Min households", 1000, 100_000, 12_000, 500, key="planning.lo")
    hi = c.number_input("Max households", 1000, 100_000, 15_000, 500, key="planning.hi")
    keep = d.toggle("Keep close to the current grids", value=True, key="planning.keep")
    seconds = st.select_slider("Time limit (s)", [2, 5, 10, 30], value=10, key="planning.seconds")
    if st.button("Run the plan", type="primary"):
        if lo > hi:
            st.error("the minimum is above the maximum")
            return
        chosen = u if station == stations[0] else _only(u, station)
        with st.spinner("Partitioning…"):
            plan = partition(chosen, int(lo), int(hi), keep_current=keep, time_limit=float(seconds))
        grid = dict(zip(u.ids, [c or "" for c in u.current], strict=True))
        grid.update(zip(chosen.ids, plan.grid, strict=True))
        st.session_state[PLAN] = {
            "grid": [grid[i] for i in u.ids],
            "seconds": plan.seconds,
            "problems": [f"{r.station}: {r.problem}" for r in plan.stations if r.problem],
            "lo": int(lo),
            "hi": int(hi),
        }


def _only(u: Units, station: str) -> Units:
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


def comparison(u: Units, grid: list[str], lo: int, hi: int) -> pd.DataFrame:
    """Per grid: households now and in the plan, compactness now and in the plan."""
    now = [c or "" for c in u.current]
    rows = []
    spread_now, spread_plan = compactness(u, now), compactness(u, grid)
    labels_now, labels_plan = np.asarray(now), np.asarray(grid)
    for g in sorted(set(now) | set(grid)):
        hh_now = int(u.households[labels_now == g].sum())
        hh_plan = int(u.households[labels_plan == g].sum())
        rows.append(
            {
                "grid": g,
                "households now": hh_now,
                "households in plan": hh_plan,
                "within bounds": lo <= hh_plan <= hi,
                "compactness now (m)": round(spread_now.get(g, 0.0)),
                "compactness in plan (m)": round(spread_plan.get(g, 0.0)),
            }
        )
    return pd.DataFrame(rows)


def show(folder: str) -> None:
    plan = st.session_state.get(PLAN)
    if plan is None:
        st.info("Run a plan to see it on the map and compared with the current grids.")
        return
    u, features = units(folder)
    grid = plan["grid"]
    moved = int(sum(h for h, c, g in zip(u.households, u.current, grid, strict=True) if c != g))
    st.success(
        f"Plan ready in {plan['seconds']:.1f} s: {len(set(grid))} grids; "
        f"households moving grid {moved:,} ({100 * moved / u.households.sum():.1f}%)."
    )
    for problem in plan["problems"]:
        st.warning(problem)
    lay = data.layers(folder)
    shapes = data.grid_shapes(folder, tuple(zip(u.ids, grid, strict=True)))
    m = base_map(lay.bounds)
    table = comparison(u, grid, plan["lo"], plan["hi"]).set_index("grid")
    feats = []
    for f in shapes.features["features"]:
        g = f["properties"]["grid_id"]
        props = {
            "grid_id": esc(g),
            "name": esc(g),
            "station": "",
            "households": f"{int(table.loc[g, 'households in plan']):,}",
            "leader": "—",
            "n_staff": "",
            "x_members": "",
            "colour": f["properties"]["colour"],
        }
        feats.append({**f, "properties": props})
    grids_layer({"type": "FeatureCollection", "features": feats}).add_to(m)
    context_layers(m, lay.base["mask"], lay.base["water"], lay.base["roads"], lay.base["outline"])
    st_folium(
        localize(m), key="planning-map", height=560, use_container_width=True, returned_objects=[]
    )
    st.dataframe(table.reset_index(), hide_index=True, width="stretch")
    out = [
        {**f, "properties": {**f["properties"], "grid": g}}
        for f, g in zip(features, grid, strict=True)
    ]
    st.download_button(
        "Plan as GeoJSON",
        json.dumps({"type": "FeatureCollection", "features": out}, ensure_ascii=False),
        file_name="grid-plan.geojson",
        mime="application/geo+json",
    )
