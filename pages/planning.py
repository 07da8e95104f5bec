"""Grid planning: run the partitioner, see the plan, compare it with today's grids,
export it. The parts live in ui/planning.py."""

import streamlit as st

from ui import data, planning

st.title("Grid planning 网格规划")
st.caption(
    "Grids from transformer districts: contiguous, one station each, within the household "
    "bounds, compact. Painting districts, locking, saving plans and making one live come next "
    "(issue #7)."
)
folder = str(data.data_folder())
planning.controls(folder)
planning.show(folder)
