"""The board's header: the control room's clock, the day in figures and the demo-day
controls."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import pandas as pd
import streamlit as st

from actions.replay import replay_state, replay_step, start_replay, stop_replay
from dispatch.board import BoardJob
from dispatch.clock import CHINA_OFFSET
from dispatch.domain import JobStatus, type_label
from dispatch.job_notes import said
from i18n import N_, _
from store import queries
from store.board import clock
from ui import auth, data, keys
from ui.format import md

SPEEDS = {N_("×1 (real time)"): 1, "×30": 30, "×60": 60, "×300": 300, "×600": 600}


def now() -> datetime:
    return clock(data.engine()).now()


def figures(jobs: Sequence[BoardJob], members: pd.DataFrame, at: datetime) -> None:
    overdue = sum(1 for j in jobs if j.deadline < at)
    staff = members[members["kind"] == "staff"]
    cols = st.columns(6)
    cols[0].metric(_("Clock (CST)"), f"{at + CHINA_OFFSET:%H:%M}", help=_("China Standard Time"))
    cols[1].metric(_("Open jobs"), len(jobs))
    cols[2].metric(
        _("Overdue"),
        overdue,
        delta=None if not overdue else _("need action"),
        delta_color="inverse",
    )
    cols[3].metric(_("Not assigned"), sum(1 for j in jobs if j.status == JobStatus.NEW))
    cols[4].metric(_("Staff available"), int((staff["status"] == "available").sum()))
    cols[5].metric(
        _("En route / on site"),
        f"{(staff['status'] == 'en_route').sum()} / {(staff['status'] == 'on_site').sum()}",
    )


def flagged(jobs: Sequence[BoardJob]) -> None:
    flags = [j for j in jobs if j.flag]
    if flags:
        with st.expander(
            _("⚑ {n} urgent job(s) placed automatically — review").format(n=len(flags)),
            expanded=True,
        ):
            for j in flags:
                kind = md(type_label(j.type))
                st.markdown(f"**{md(j.id)}** ({kind}, {j.grid_id}): {md(said(j.flag))}")


def demo_day(folder: str) -> None:
    """Start, re-speed or stop the replay; while it runs, a step every few seconds. Only
    for the demo county (an onboarded county has no day of requests to replay)."""
    if data.store_meta().get("onboarded"):
        return
    engine = data.engine()
    state = replay_state(engine)
    with st.sidebar:
        st.markdown(_("**Demo day** — replay a day of requests"))
        label = st.selectbox(
            _("Speed"), list(SPEEDS), index=3, key=keys.REPLAY_SPEED, format_func=_
        )
        a, b = st.columns(2)
        may, why = auth.can("dispatch"), auth.why_not("dispatch")
        if a.button(
            _("Play") if state is None else _("Re-speed"), width="stretch", key=keys.REPLAY_PLAY,
            disabled=not may, help=why,
        ) and auth.allowed("dispatch"):  # fmt: skip
            start_replay(engine, float(SPEEDS[label]))
            st.rerun()
        if (
            state is not None
            and b.button(
                _("Stop"), width="stretch", key=keys.REPLAY_STOP, disabled=not may, help=why
            )
            and auth.allowed("dispatch")
        ):
            stop_replay(engine)
            st.rerun()
        if state is not None:
            until = datetime.fromisoformat(state["end"]) + CHINA_OFFSET
            st.caption(
                _("Playing at ×{speed} until {until} CST").format(
                    speed=f"{state['speed']:g}", until=f"{until:%H:%M}"
                )
            )
            if auth.can("dispatch"):  # a read-only role's open board drives nothing
                _ticker(folder)


#: How often an open board looks for what the field did (a step, a report).
WATCH_EVERY_S = 5


@st.fragment(run_every=WATCH_EVERY_S)
def watch() -> None:
    """Redraw the board when the field changed the store — a member's step from their
    phone, a report — so it shows within seconds, untouched. What this user has chosen
    or typed stays (it is in the session)."""
    mark = queries.field_mark(data.engine())
    seen = st.session_state.get(keys.BOARD_MARK)
    st.session_state[keys.BOARD_MARK] = mark
    if seen is not None and seen != mark:
        st.rerun(scope="app")


@st.fragment(run_every=4)
def _ticker(folder: str) -> None:
    step = replay_step(data.engine(), data.locator(folder), data.network(folder))
    if step is None:
        return
    result, moved = step
    if result.new or moved:
        data.clear_live()
        st.rerun(scope="app")
