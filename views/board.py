"""Dispatch board: open jobs and crews on the map, planning with the solver, intake,
each job's life, and task sheets. The parts live in ui/board*.py."""

import streamlit as st

from store import queries
from ui import auth, board, board_header, board_jobs, data

auth.require("views/board.py")

st.title("Dispatch board 调度台")
folder = str(data.data_folder())
engine = data.engine()
now = board_header.now()
jobs = queries.board_jobs(engine)
members = queries.member_positions(engine)
board_header.figures(jobs, members, now)
board_header.notice()
board_header.flagged(jobs)
board_header.demo_day(folder)

view = st.segmented_control(
    "View",
    ["Board", "Intake", "Job", "Task sheets"],
    default="Board",
    key="board.view",
    label_visibility="collapsed",
)
if view == "Intake":
    board_jobs.intake(folder, now)
elif view == "Job":
    board_jobs.job_steps(jobs, now)
elif view == "Task sheets":
    board_jobs.task_sheets(folder, jobs, members, now)
else:
    shown = board.filters(jobs, data.grids())
    board.plan_controls(folder, now)
    proposal = st.session_state.get(board.PROPOSAL)
    if proposal is not None:
        routes, etas = board.proposal_view(proposal)
        name = "Proposed routes 建议路线"
    else:
        routes, etas = board.committed_view(jobs, members)
        name = "Committed routes 已派路线"
    lines = board.route_lines(data.network(folder), routes)
    board.show_map(folder, shown, now, lines, etas, name, members)
    if proposal is not None:
        board.review(proposal)
    st.markdown(
        f"**Open jobs** ({len(shown)} shown of {len(jobs)}) — by deadline; click a column to sort"
    )
    board.job_table(shown, now, etas)
    st.caption("Times in China Standard Time (UTC+8). Customer contacts are masked.")
