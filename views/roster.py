"""The 1 + n + x roster: each grid's leader, staff, community members and windows; add,
move and retire members (history kept); the roster as CSV/Excel in and out."""

import streamlit as st

from ui import auth, data, roster

auth.require("views/roster.py")

st.title("Roster 1 + n + x 花名册")
grids = data.grids()
labels = dict(
    zip(
        grids["id"],
        grids["id"] + " · " + grids["name"] + " (" + grids["station"] + ")",
        strict=True,
    )
)
grid = st.selectbox("Grid", list(labels), format_func=labels.get, key="roster.grid")
roster.show_grid(grid)
st.divider()
roster.add_form(grid)
roster.change_form(grid, grids)
st.divider()
roster.files()
