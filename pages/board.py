"""Dispatch board (issue #5). Until planning lands, the real open jobs, by deadline."""

import streamlit as st

from ui import data
from ui.coming import coming
from ui.format import local_time

coming(
    "Dispatch board 调度台",
    "Intake from every channel, the solver's plan on the map, and each request followed to done.",
    5,
)
jobs = data.open_jobs()
st.subheader(f"Open jobs now ({len(jobs)})")
table = jobs.sort_values("deadline")[
    ["id", "type", "priority", "status", "grid_id", "calls", "created_at", "deadline", "member"]
].copy()
table["created_at"] = local_time(table["created_at"])
table["deadline"] = local_time(table["deadline"])
st.dataframe(table, hide_index=True, width="stretch")
st.caption("Times in China Standard Time (UTC+8).")
