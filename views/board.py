"""Dispatch board: open jobs and crews on the map, planning with the solver, intake,
each job's life, and task sheets. The parts live in ui/board*.py."""

import streamlit as st

from i18n import N_, _
from ui import (
    auth,
    board,
    board_crews,
    board_header,
    board_intake,
    board_job,
    board_review,
    board_sheets,
    data,
    keys,
    state,
)

auth.require("views/board.py")

st.title(_("Dispatch board"))
folder = str(data.data_folder())
now = board_header.now()
jobs = data.board_jobs()
members = data.board_members()
board_header.figures(jobs, members, now)
board_header.flagged(jobs)
board_header.demo_day(folder)
board_header.watch()  # a field step shows without a click

view = st.segmented_control(
    _("View"),
    [N_("Board"), N_("Intake"), N_("Job"), N_("Crews"), N_("Task sheets")],
    default="Board",
    format_func=_,
    key=keys.BOARD_VIEW,
    label_visibility="collapsed",
)
if view == "Intake":
    board_intake.intake(folder, now)
elif view == "Job":
    board_job.job_steps(jobs, now)
elif view == "Crews":
    board_crews.crews(now)
elif view == "Task sheets":
    board_sheets.task_sheets(folder, jobs, members, now)
else:
    shown = board.filters(jobs, data.grids())
    board.plan_controls(folder, now)
    proposal = st.session_state.get(keys.BOARD_PROPOSAL)
    if proposal is not None:
        lines, etas = board.proposal_view(proposal, data.network(folder))
        name = _("Proposed routes")
    else:
        lines, etas = board.committed_view(jobs, members, data.network(folder))
        name = _("Committed routes")
    board.show_map(folder, shown, now, lines, etas, name, members)
    state.shown_at(keys.BOARD_REVIEW)
    if proposal is not None:
        board_review.review(proposal, keys.BOARD_PROPOSAL, keys.BOARD_REVIEW)
    st.markdown(
        _("**Open jobs** ({shown} shown of {all}) — by deadline; click a column to sort").format(
            shown=len(shown), all=len(jobs)
        )
    )
    board.job_table(shown, now, etas, data.on_site_model())
    st.caption(_("Times in China Standard Time (UTC+8). Customer contacts are masked."))
