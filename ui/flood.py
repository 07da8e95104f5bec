"""The flood page's parts: what the flood areas cut (the figures and the map), triage
with pinning, and the surge plan; the areas come in through ui/flood_areas.py and the
situation report is ui/flood_report.py."""

from __future__ import annotations

from typing import Final, cast

import pandas as pd
import shapely
import streamlit as st
from streamlit_folium import st_folium

from actions import flood as actions_flood
from actions.situation import Situation, plan_surge, situation
from dispatch.domain import type_label
from dispatch.errors import DualGridError
from dispatch.lifecycle import status_label
from dispatch.live import DEFAULT_MOVES, SCOPES
from dispatch.surge import FloodArea
from i18n import N_, _, _n
from store import flood as store_flood
from store import queries
from ui import auth, board, board_review, data, flood_map, keys, layers, state
from ui.data import SharedNetwork

#: The surge plan's settings at the click: one pool, shift (h), staging, search (s), moves.
SurgeSettings = tuple[bool, float, bool, float, frozenset[str]]


#: The columns of the triage table.
TRIAGE_COLUMNS: Final = (
    N_("rank"), N_("job"), N_("type"), N_("priority"), N_("status"), N_("grid"), N_("score"),
    N_("why"),
)  # fmt: skip


def may(write: str) -> auth.Control:
    """A control's ``disabled`` and ``help`` for a write the user's role may not make."""
    return {"disabled": not auth.can(write), "help": auth.why_not(write)}


def network_view(folder: str) -> tuple[SharedNetwork | None, list[FloodArea]]:
    areas = store_flood.areas(data.engine())
    key = tuple((a.id, shapely.to_wkb(a.geometry), a.isolated) for a in areas)
    return data.flood_network(folder, tuple((k[0], k[1]) for k in key)), areas


def roads(network: SharedNetwork | None) -> SharedNetwork:
    """The road network the flood page works on (a county needs roads.graphml for it)."""
    if network is None:
        msg = "the flood page needs the county's road network: no roads.graphml in its folder"
        raise RuntimeError(msg)
    return network


def current(folder: str) -> tuple[Situation, SharedNetwork]:
    view, _areas = network_view(folder)
    view = roads(view)
    return situation(data.engine(), view), view


def figures(sit: Situation) -> None:
    impact = sit.impact
    cols = st.columns(6)
    cols[0].metric(_("Under water (households)"), f"{impact.households_flooded:,}")
    cols[1].metric(_("Cut off (households)"), f"{impact.households_cut_off:,}")
    cols[2].metric(_("Critical customers hit"), len(impact.critical))
    cols[3].metric(_("Road segments closed"), f"{len(impact.closed_edges) // 2:,}")
    cols[4].metric(_("Members stranded"), len(impact.stranded))
    cols[5].metric(_("Open jobs"), len(sit.snapshot.jobs))


def show_map(folder: str, sit: Situation, view: SharedNetwork | None) -> None:
    lay = data.layers(folder)
    jobs = data.board_jobs()
    proposal = st.session_state.get(keys.FLOOD_PROPOSAL)
    if proposal is not None:
        lines, etas = board.proposal_view(proposal, view)
        # a job held for safety says so where the ETA would be
        etas |= {job: why.said() for job, why in proposal.board.held.items()}
    else:
        lines, etas = board.committed_view(jobs, queries.member_positions(data.engine()), view)
    assignment = data.district_grids()
    shapes = data.grid_shapes(
        folder, tuple(zip(assignment["id"], assignment["grid_id"], strict=True))
    )
    closed = list(view.data.edge_lines(sit.impact.closed_edges)) if view is not None else []
    m = flood_map.flood_map(
        lay.base,
        lay.bounds,
        sit.areas,
        closed,
        lay.districts,
        sit.affected,
        sit.critical,
        dict(zip(sit.impact.critical["id"], sit.impact.critical["state"], strict=True)),
        queries.member_positions(data.engine()),
        jobs,
        lines,
        now=sit.now,
        etas=etas,
        stranded=sit.impact.stranded,
        grid_features=layers.grid_features(shapes.features, data.grids()),
    )
    out = st_folium(
        m,
        key=keys.FLOOD_MAP,
        height=620,
        use_container_width=True,
        returned_objects=["last_active_drawing"],
    )
    drawing = (out or {}).get("last_active_drawing")
    if drawing and drawing.get("geometry"):
        st.session_state[keys.FLOOD_DRAWN] = drawing["geometry"]


def triage_table(sit: Situation) -> None:
    jobs = {j.id: j for j in sit.snapshot.jobs}
    rows = [
        [
            k,
            r.job,
            type_label(jobs[r.job].type),
            jobs[r.job].priority,
            status_label(jobs[r.job].status),
            jobs[r.job].grid_id,
            r.score,
            r.why,
        ]
        for k, r in enumerate(sit.ranked, start=1)
    ]
    n = len(rows)
    st.markdown(
        _n(
            "**Triage** — most important first ({n} open job)",
            "**Triage** — most important first ({n} open jobs)",
            n,
        ).format(n=n)
    )
    st.dataframe(
        pd.DataFrame(rows, columns=[_(c) for c in TRIAGE_COLUMNS]),
        hide_index=True,
        width="stretch",
        height=260,
    )
    # the versions the screen showed: a pin on a job changed since is refused
    shown = state.seen(keys.FLOOD_PIN, {j: (job.version, job.priority) for j, job in jobs.items()})
    with st.form(keys.FLOOD_PIN):
        a, b, c = st.columns([2, 1, 1])
        job = a.selectbox(
            _("Pin a job's priority"), sorted(jobs), key=keys.FLOOD_PIN_JOB,
            format_func=lambda j: f"{j} · {type_label(jobs[j].type)} · {jobs[j].grid_id}",
        )  # fmt: skip
        level = b.selectbox(_("Priority"), [1, 2, 3, 4], key=keys.FLOOD_PIN_LEVEL)
        c.write("")
        pressed = c.form_submit_button(_("Pin"), **may("flood"))
        result = st.container()
    with result:
        state.shown_at(keys.FLOOD_PIN)
    if not pressed or not auth.allowed("flood"):
        return
    seen = shown.get(job) if isinstance(shown, dict) else None
    if seen is None:
        result.error(_("{job} is no longer open; nothing pinned.").format(job=job))
        return
    try:
        actions_flood.pin(data.engine(), job, int(level), by=auth.username(), version=seen[0])
    except DualGridError as exc:
        result.error(_("Not pinned: {error}").format(error=exc))
        return
    st.session_state.pop(keys.FLOOD_PROPOSAL, None)
    said = _("{job}: priority pinned at {level} (was {was}).")
    state.flash(keys.FLOOD_PIN, "success", said.format(job=job, level=level, was=seen[1]))
    st.rerun()


def plan_controls(sit: Situation, view: SharedNetwork) -> None:
    a, b, c, d = st.columns([1.4, 1.1, 1.1, 1])
    a.toggle(_("Break the walls: one pool for all grids"), value=True, key=keys.FLOOD_POOL)
    b.slider(_("Shift (h)"), 4, 14, 10, key=keys.FLOOD_SHIFT)
    c.select_slider(_("Search (s)"), [10, 20, 30, 60, 120, 300], value=20, key=keys.FLOOD_SECONDS)
    a.checkbox(_("Stage at the nearest service window"), value=True, key=keys.FLOOD_STAGE)
    d.write("")
    pressed = d.button(
        _("Plan the surge"), type="primary", width="stretch", key=keys.FLOOD_PLAN,
        on_click=state.ask_on_click(keys.FLOOD_PROPOSAL, _plan_settings), **may("dispatch"),
    )  # fmt: skip  # the run after the click plans in the map's place (`planning_asked`)
    state.pressed_without_callback(pressed, keys.FLOOD_PROPOSAL, _plan_settings)
    board.moves_control(keys.FLOOD_MOVES)
    st.caption(
        _(
            "Nobody is routed over a closed road or through water; without the pool, "
            "members serve {scope}."
        ).format(scope=SCOPES["station"])
    )


def _plan_settings() -> SurgeSettings:
    """The surge plan's settings as the controls hold them at the click."""
    ss = st.session_state
    moves = ss.get(keys.FLOOD_MOVES, sorted(DEFAULT_MOVES))
    return (
        bool(ss.get(keys.FLOOD_POOL, True)), float(ss.get(keys.FLOOD_SHIFT, 10)),
        bool(ss.get(keys.FLOOD_STAGE, True)), float(ss.get(keys.FLOOD_SECONDS, 20)),
        frozenset(moves or ()),
    )  # fmt: skip


def planning_asked() -> bool:
    """A surge plan was asked for and is not made yet."""
    return state.asked(keys.FLOOD_PROPOSAL, False, None) is not None


def plan_now(sit: Situation, view: SharedNetwork) -> None:
    """Make the surge plan asked for, with a progress bar where the map is drawn: the map
    is left out of this run, so it cannot report back and stop the search half-way."""
    request = state.asked(keys.FLOOD_PROPOSAL, False, None)
    if not auth.allowed("dispatch"):
        state.done(keys.FLOOD_PROPOSAL)
        return
    # what `_plan_settings` read at the click, held in the session state
    pooled, shift, stage, seconds, moves = cast(SurgeSettings, request)
    st.info(_("Planning the surge: the map returns with the routes when it is ready."))
    bar = st.progress(0.0, text=_("Triage, closures, travel times on the open roads…"))

    def progress(count: int, elapsed: float) -> None:
        bar.progress(
            min(0.05 + 0.9 * elapsed / seconds, 0.95),
            text=_("Searching: {count} plans found, {elapsed:.0f} s of {seconds:g} s").format(
                count=count, elapsed=elapsed, seconds=seconds
            ),
        )

    windows = queries.service_windows(data.engine())
    with state.attempt(keys.FLOOD_PROPOSAL):
        board_problem, plan, took = plan_surge(
            sit, view, list(zip(windows["lon"], windows["lat"], strict=True)),
            scope="county" if pooled else "station", shift_h=float(shift), stage=stage,
            seconds=float(seconds), on_progress=progress, moves=moves,
        )  # fmt: skip
    st.session_state[keys.FLOOD_PROPOSAL] = board_review.Proposal.of(board_problem, plan, took)
    state.done(keys.FLOOD_PROPOSAL)
    routed = sum(len(r.stops) for r in plan.routes)
    said = _(
        "Surge plan ready in {seconds:.1f} s: {routed} jobs on {members} members, drawn on "
        "the map; review and commit it below."
    )
    state.flash(
        keys.FLOOD_REVIEW,
        "info",
        said.format(seconds=took, routed=routed, members=len(plan.routes)),
    )
    st.rerun()  # the map draws the proposed routes


def plan_review() -> None:
    """The surge plan for review (full width: routes, changes, what waits and why), and
    the confirmation of its commit in the same place."""
    state.shown_at(keys.FLOOD_REVIEW)
    proposal = st.session_state.get(keys.FLOOD_PROPOSAL)
    if proposal is not None:
        board_review.review(proposal, keys.FLOOD_PROPOSAL, keys.FLOOD_REVIEW)
