"""The county map page's parts: the map itself, click-to-select, the roster panel."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from dispatch.domain import SPECIALTY_LABELS, Specialty
from geo.display import area_at
from ui import data, keys, layers
from ui.format import md


def grid_label(table: pd.DataFrame) -> dict[str, str]:
    return {r.id: f"{r.id} · {r.name}" for r in table.itertuples()}


def show_map(folder: str, shapes: data.GridShapes, grid_table: pd.DataFrame) -> None:
    """Draw the map; a click on a grid selects it (and reruns so the outline follows)."""
    lay = data.layers(folder)
    online = st.toggle(
        "Online base map (OpenStreetMap tiles)",
        key=keys.MAP_ONLINE_TILES,
        help="Off by default: the map needs no internet. Switch on only where the control "
        "room is online; without a connection the tiles stay blank, the rest works.",
    )
    m = layers.county_map(
        lay.base,
        lay.bounds,
        layers.grid_features(shapes.features, grid_table),
        data.stations(),
        data.service_windows(),
        data.member_positions(),
        data.open_jobs(),
        online_tiles=online,
    )
    out = st_folium(
        m,
        key=keys.MAP,
        height=660,
        use_container_width=True,
        returned_objects=["last_clicked"],
        feature_group_to_add=layers.selection_layer(
            shapes.features, st.session_state.get(keys.MAP_GRID)
        ),
    )
    click = (out or {}).get("last_clicked")
    if click and click != st.session_state.get(keys.MAP_LAST_CLICK):
        st.session_state[keys.MAP_LAST_CLICK] = click
        grid = area_at(shapes.frame, click["lng"], click["lat"], column="grid_id")
        if grid and grid != st.session_state.get(keys.MAP_GRID):
            st.session_state[keys.MAP_GRID] = grid
            st.rerun()


def show_roster(grid_table: pd.DataFrame) -> None:
    """The selected grid's 1 + n + x roster (phones masked)."""
    labels = grid_label(grid_table)
    grid_id = st.selectbox(
        "Grid 网格",
        options=list(labels),
        format_func=labels.__getitem__,
        key=keys.MAP_GRID,
        index=None,
        placeholder="Click a grid on the map, or pick one",
    )
    if grid_id is None:
        st.caption(
            "The roster of the selected grid appears here: its leader (the 1), the "
            "utility staff placed in it (n), the community members (x) and its "
            "service windows."
        )
        return
    row = grid_table.set_index("id").loc[grid_id]
    a, b, c = st.columns(3)
    a.metric("Households", f"{int(row['households']):,}")
    b.metric("n staff", int(row["n_staff"]))
    c.metric("x community", int(row["x_members"]))
    st.markdown(f"**{md(row['station'])}** · leader 网格长 **{md(row['leader'])}**")
    roster = data.roster(grid_id)
    staff = roster["staff"].copy()
    staff["specialty"] = staff["specialty"].map(lambda s: SPECIALTY_LABELS[Specialty(s)])
    st.markdown("**n — staff 员工**")
    st.dataframe(
        staff[["name", "role", "specialty", "phone"]].rename(columns=str.capitalize),
        hide_index=True,
        width="stretch",
    )
    st.markdown(f"**x — community members 社区网格员** ({len(roster['community'])})")
    st.dataframe(
        roster["community"][["name", "community", "phone"]].rename(columns=str.capitalize),
        hide_index=True,
        width="stretch",
        height=220,
    )
    st.markdown("**Service windows 服务窗口**")
    st.dataframe(
        roster["windows"][["name", "responsible"]].rename(columns=str.capitalize),
        hide_index=True,
        width="stretch",
    )
