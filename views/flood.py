"""Flood emergency: flood areas and closures, what they cut, surge triage, the surge
plan across grids, and the situation report. The parts live in ui/flood*.py."""

import streamlit as st

from i18n import N_, Words, _
from ui import auth, data, flood, flood_areas, flood_report, keys

auth.require("views/flood.py")
PARTS = Words({"Situation": N_("Situation"), "Report": N_("Report")})

st.title(_("Flood emergency"))
folder = str(data.data_folder())
flood_areas.area_controls(folder)
sit, view = flood.current(folder)
flood.figures(sit)
part = st.segmented_control(
    _("View"), list(PARTS), default="Situation", key=keys.FLOOD_VIEW,
    format_func=lambda p: PARTS[p], label_visibility="collapsed",
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
