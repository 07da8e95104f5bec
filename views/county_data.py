"""The county in figures: stations, grids and what the store holds."""

import streamlit as st

from i18n import _
from ui import auth, data

auth.require("views/county_data.py")

st.title(_("County in figures"))
meta = data.store_meta()
if meta.get("demo_notice"):
    st.caption(meta["demo_notice"])

st.subheader("Stations 供电所")
st.dataframe(
    data.stations()[["id", "name", "kind", "households", "grids"]], hide_index=True, width="stretch"
)

st.subheader("Service grids 服务网格")
grids = data.grids()
st.dataframe(
    grids[["id", "name", "station", "households", "districts", "leader", "n_staff", "x_members"]],
    hide_index=True,
    width="stretch",
    column_config={"households": st.column_config.NumberColumn(format="%d")},
)
lo, hi = int(grids["households"].min()), int(grids["households"].max())
st.caption(f"Households per grid: {lo:,} to {hi:,} (target 12,000–15,000).")

st.subheader("What the store holds")
st.dataframe({"table": list(data.counts()), "rows": list(data.counts().values())}, hide_index=True)
