"""Grid planning: edit a working plan (automatic partition, painting, locks), compare
plans side by side, save plans and make one live. The parts live in ui/planning*.py."""

import streamlit as st

from i18n import _
from ui import auth, data, keys, planning, planning_compare, planning_edit, planning_saved

auth.require("views/planning.py")

st.title(_("Grid planning"))
st.caption(
    "Grids from transformer districts: contiguous, one station each, within the household "
    "bounds, compact, and close to today's grids."
)
folder = str(data.data_folder())
lo, hi = planning.bounds()
views = {
    "Edit": planning_edit.show,
    "Compare": planning_compare.show,
    "Saved plans": planning_saved.show,
}
view = st.segmented_control("View", list(views), default="Edit", key=keys.PLANNING_PANE) or "Edit"
if view == "Edit":
    with st.expander("Automatic plan", expanded=False):
        planning.auto_plan(folder, planning.working(folder), lo, hi)
views[view](folder, lo, hi)
