"""Flood emergency: flood areas and closures, what they cut, surge triage, the surge
plan across grids, and the situation report. The parts live in ui/flood*.py."""

import streamlit as st

from i18n import _
from ui import auth, data, flood, flood_report, keys

auth.require("views/flood.py")

st.title(_("Flood emergency"))
folder = str(data.data_folder())
flood.area_controls(folder)
sit, view = flood.current(folder)
flood.figures(sit)
part = st.segmented_control(
    "View", ["Situation", "Report"], default="Situation", key=keys.FLOOD_VIEW,
    label_visibility="collapsed",
)  # fmt: skip
if part == "Report":
    flood_report.report_view(sit)
elif flood.planning_asked():
    flood.plan_now(sit, view)
else:
    flood.show_map(folder, sit, view)
    left, right = st.columns([1, 1.2], gap="medium")
    with left:
        flood.triage_table(sit)
    with right:
        flood.plan_controls(sit, view)
    flood.plan_review()
