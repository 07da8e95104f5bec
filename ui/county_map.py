"""The county map page's parts: the map itself, click-to-select, the roster panel."""

from __future__ import annotations

from typing import Final

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from dispatch.readable import or_dash
from geo.display import area_at
from i18n import N_, Words, _
from ui import data, keys, layers, roster_tables
from ui.format import md

#: A staff member's role in the panel, said short (the panel's header names the grid).
ROLES: Final = Words({"leader": N_("leader"), "staff": N_("staff")})


def _role(role: str) -> str:
    return ROLES.get(role, role)


def show_map(folder: str, shapes: data.GridShapes, grid_table: pd.DataFrame) -> None:
    """Draw the map; a click on a grid selects it (and reruns so the outline follows)."""
    lay = data.layers(folder)
    online = st.toggle(
        _("Online base map (OpenStreetMap tiles)"),
        key=keys.MAP_ONLINE_TILES,
        help=_(
            "Off by default: the map needs no internet. Switch on only where the control "
            "room is online; without a connection the tiles stay blank, the rest works."
        ),
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
    grid_id = st.selectbox(
        _("Grid"),
        options=grid_table["id"].tolist(),
        format_func=data.grid_label,
        key=keys.MAP_GRID,
        index=None,
        placeholder=_("Click a grid on the map, or pick one"),
    )
    if grid_id is None:
        st.caption(
            _(
                "The roster of the selected grid appears here: its leader (the 1), the "
                "utility staff placed in it (n), the community members (x) and its "
                "service windows."
            )
        )
        return
    row = grid_table.set_index("id").loc[grid_id]
    a, b, c = st.columns(3)
    a.metric(_("Households"), f"{int(row['households']):,}")
    b.metric(_("n staff"), int(row["n_staff"]))
    c.metric(_("x community"), int(row["x_members"]))
    st.markdown(
        _("**{station}** · leader 网格长 **{leader}**").format(
            station=md(row["station"]), leader=md(or_dash(row["leader"]))
        )
    )
    roster = data.roster(grid_id)
    staff, community, windows = roster["staff"], roster["community"], roster["windows"]
    st.markdown("**" + _("n — staff 员工") + "**")
    roster_tables.staff_table(staff, _role)
    st.markdown(_("**x — community members** ({n})").format(n=len(community)))
    roster_tables.community_table(community, height=220)
    st.markdown("**" + _("Service windows") + "**")
    st.dataframe(
        {
            _("Service window"): windows["name"].tolist(),
            _("Responsible"): [or_dash(x) for x in windows["responsible"]],
        },
        hide_index=True,
        width="stretch",
    )
