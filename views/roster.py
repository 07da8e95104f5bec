"""The 1 + n + x roster: each grid's leader, staff, community members and windows; add,
move and retire members (history kept); the roster as CSV/Excel in and out."""

import streamlit as st

from i18n import _
from ui import auth, data, keys, roster

auth.require("views/roster.py")

st.title(_("Roster 1 + n + x"))
grids = data.grids()
labels = dict(
    zip(
        grids["id"],
        grids["id"] + " · " + grids["name"] + " (" + grids["station"] + ")",
        strict=True,
    )
)
choices = auth.own_grids(list(labels))  # a grid leader: their own grid only
if not choices:
    st.error(_("Your user names no grid; an administrator sets it under Users."))
    st.stop()
grid = st.selectbox(_("Grid"), choices, format_func=labels.__getitem__, key=keys.ROSTER_GRID)
if grid is None:  # not offered (the box has no empty choice): nothing to show
    st.stop()
roster.show_grid(grid)
st.divider()
roster.add_form(grid)
roster.change_form(grid, grids)
st.divider()
roster.files()
