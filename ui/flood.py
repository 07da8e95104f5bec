"""The flood page's parts: flood areas in (drawn, uploaded, low ground, the demo),
what they cut, triage with pinning, the surge plan, and the situation report."""

from __future__ import annotations

from typing import cast

import pandas as pd
import shapely
import streamlit as st
from shapely.geometry import shape
from streamlit_folium import st_folium

from actions import flood as actions_flood
from actions.situation import Situation, plan_surge, situation
from dispatch.domain import JOB_TYPES
from dispatch.errors import DualGridError
from dispatch.live import DEFAULT_MOVES, SCOPES
from dispatch.surge import FloodArea
from geo.flood import FloodAreaError, areas_from_geojson, clean_area, low_ground
from geo.terrain import Terrain
from store import flood as store_flood
from store import queries
from store.errors import StoreError
from ui import auth, board, board_review, data, flood_map, keys, layers, state
from ui.data import SharedNetwork
from ui.format import md

MAX_UPLOAD_MB = 5
#: The surge plan's settings at the click: one pool, shift (h), staging, search (s), moves.
SurgeSettings = tuple[bool, float, bool, float, frozenset[str]]


def _may(write: str) -> auth.Control:
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
    view, _ = network_view(folder)
    view = roads(view)
    return situation(data.engine(), view), view


def figures(sit: Situation) -> None:
    impact = sit.impact
    cols = st.columns(6)
    cols[0].metric("Under water (households)", f"{impact.households_flooded:,}")
    cols[1].metric("Cut off (households)", f"{impact.households_cut_off:,}")
    cols[2].metric("Critical customers hit", len(impact.critical))
    cols[3].metric("Road segments closed", f"{len(impact.closed_edges) // 2:,}")
    cols[4].metric("Members stranded", len(impact.stranded))
    cols[5].metric("Open jobs", len(sit.snapshot.jobs))


def _outline(folder: str) -> shapely.Geometry:
    return data.layers(folder).outline


def area_controls(folder: str) -> None:
    """Every way an area comes in, and the list of areas with their isolation."""
    engine = data.engine()
    areas = store_flood.areas(engine)
    with st.expander("Flood areas and closures", expanded=not areas):
        a, b = st.columns(2)
        with a:
            st.markdown("**Demo scenario** — July 2017 on the Xiang")
            if st.button(
                "Load the demo flood", type="primary", key=keys.FLOOD_DEMO,
                disabled=bool(areas) or not auth.can("flood"), help=auth.why_not("flood"),
            ) and auth.allowed("flood"):  # fmt: skip
                with st.spinner("Flooding the low ground, closing the bridge, taking the calls…"):
                    result = actions_flood.start_demo_flood(
                        engine, roads(data.network(folder)), folder, by=auth.username()
                    )
                data.clear_live()
                state.flash(keys.FLOOD_AREAS, "success", f"Demo flood: {result.summary()}.")
                st.rerun()
            level = st.slider("Gauge level (m)", 84.0, 91.0, 88.5, 0.5, key=keys.FLOOD_LEVEL)
            if st.button(
                "Put the low ground under water", key=keys.FLOOD_LOW, **_may("flood")
            ) and auth.allowed("flood"):
                try:
                    terrain = Terrain.load(data.data_folder() / "terrain.npz")
                    water = low_ground(terrain, level, _outline(folder))
                    actions_flood.apply_flood(
                        engine,
                        [(f"低洼 low ground at {level:g} m", water)],
                        source="low ground",
                        by=auth.username(),
                    )
                except (DualGridError, OSError) as exc:
                    st.error(md(str(exc)))
                else:
                    state.flash(keys.FLOOD_AREAS, "success", f"Low ground at {level:g} m added.")
                    st.rerun()
        with b:
            st.markdown("**Upload GeoJSON** or **draw on the map** (polygon or rectangle tool)")
            kind = st.radio(
                "It is",
                ["flood", "closure"],
                horizontal=True,
                key=keys.FLOOD_KIND,
                format_func={"flood": "water (flood)", "closure": "a road closure"}.get,
            )
            name = st.text_input(
                "Name", key=keys.FLOOD_NAME, placeholder="e.g. 白水 riverside",
                max_chars=store_flood.NAME_MAX,
            )  # fmt: skip
            upload = st.file_uploader(
                "GeoJSON", type=["geojson", "json"], key=keys.FLOOD_UPLOAD, **_may("flood")
            )
            if (
                upload is not None
                and st.button("Add the uploaded areas", key=keys.FLOOD_ADD_UPLOAD, **_may("flood"))
                and auth.allowed("flood")
            ):
                if upload.size > MAX_UPLOAD_MB * 2**20:
                    st.error(f"{md(upload.name)}: larger than {MAX_UPLOAD_MB} MB")
                else:
                    try:
                        found = areas_from_geojson(upload.getvalue(), _outline(folder), upload.name)
                        actions_flood.apply_flood(
                            engine,
                            [(f"{name or upload.name} {k + 1}", g) for k, g in enumerate(found)],
                            source="upload",
                            by=auth.username(),
                            kind=kind,
                        )
                    except (FloodAreaError, StoreError) as exc:
                        st.error(md(str(exc)))
                    else:
                        state.flash(keys.FLOOD_AREAS, "success", f"{md(upload.name)}: areas added.")
                        st.rerun()
            drawn = st.session_state.get(keys.FLOOD_DRAWN)
            if (
                drawn
                and st.button("Add the drawn area", key=keys.FLOOD_ADD_DRAWN, **_may("flood"))
                and auth.allowed("flood")
            ):
                try:
                    geom = clean_area(shape(drawn), "the drawing", _outline(folder))
                    actions_flood.apply_flood(
                        engine,
                        [(name or "drawn area", geom)],
                        source="drawn",
                        by=auth.username(),
                        kind=kind,
                    )
                except StoreError as exc:
                    st.error(md(str(exc)))
                except (FloodAreaError, ValueError, AttributeError) as exc:
                    st.error(
                        str(exc)
                        if isinstance(exc, FloodAreaError)
                        else f"the drawing is not a polygon ({exc})"
                    )
                else:
                    st.session_state.pop(keys.FLOOD_DRAWN, None)
                    state.flash(keys.FLOOD_AREAS, "success", "The drawn area was added.")
                    st.rerun()
        if areas:
            st.markdown(
                "**Areas** — tick *isolated* once the lines inside are de-energised: "
                "repairs there may then start"
            )
            for area in areas:
                c1, c2 = st.columns([3, 1])
                c1.write(f"{area.id} · {area.name} · {area.kind}")
                if area.kind == "flood":
                    on = c2.checkbox(
                        "isolated", value=area.isolated, key=keys.flood_isolated(area.id),
                        **_may("flood"),
                    )  # fmt: skip
                    if on != area.isolated and auth.allowed("flood"):
                        actions_flood.mark_isolated(engine, area.id, on, by=auth.username())
                        st.session_state.pop(keys.FLOOD_PROPOSAL, None)
                        st.rerun()
            if st.button(
                "The water has gone: clear every area", key=keys.FLOOD_CLEAR, **_may("flood")
            ) and auth.allowed("flood"):
                actions_flood.clear_flood(engine, by=auth.username())
                st.session_state.pop(keys.FLOOD_PROPOSAL, None)
                state.flash(keys.FLOOD_AREAS, "success", "Every flood area was cleared.")
                st.rerun()
    state.shown_at(keys.FLOOD_AREAS)  # below the expander, which closes once areas are in


def show_map(folder: str, sit: Situation, view: SharedNetwork | None) -> None:
    lay = data.layers(folder)
    jobs = data.board_jobs()
    proposal = st.session_state.get(keys.FLOOD_PROPOSAL)
    if proposal is not None:
        lines, etas = board.proposal_view(proposal, view)
        # a job held for safety says so where the ETA would be
        etas |= {job: why.words() for job, why in proposal.board.held.items()}
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
        {
            "rank": k,
            "job": r.job,
            "type": JOB_TYPES[jobs[r.job].type].label,
            "priority": jobs[r.job].priority,
            "status": jobs[r.job].status.replace("_", " "),
            "grid": jobs[r.job].grid_id,
            "score": r.score,
            "why": r.why,
        }
        for k, r in enumerate(sit.ranked, start=1)
    ]
    st.markdown(f"**Triage** — most important first ({len(rows)} open jobs)")
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", height=260)
    # the versions the screen showed: a pin on a job changed since is refused
    shown = state.seen(keys.FLOOD_PIN, {j: (job.version, job.priority) for j, job in jobs.items()})
    with st.form(keys.FLOOD_PIN):
        a, b, c = st.columns([2, 1, 1])
        job = a.selectbox(
            "Pin a job's priority", sorted(jobs), key=keys.FLOOD_PIN_JOB,
            format_func=lambda j: f"{j} · {JOB_TYPES[jobs[j].type].label} · {jobs[j].grid_id}",
        )  # fmt: skip
        level = b.selectbox("Priority", [1, 2, 3, 4], key=keys.FLOOD_PIN_LEVEL)
        c.write("")
        pressed = c.form_submit_button("Pin", **_may("flood"))
        result = st.container()
    with result:
        state.shown_at(keys.FLOOD_PIN)
    if not pressed or not auth.allowed("flood"):
        return
    seen = shown.get(job) if isinstance(shown, dict) else None
    if seen is None:
        result.error(f"{job} is no longer open; nothing pinned.")
        return
    try:
        actions_flood.pin(data.engine(), job, int(level), by=auth.username(), version=seen[0])
    except DualGridError as exc:
        result.error(f"Not pinned: {exc}")
        return
    st.session_state.pop(keys.FLOOD_PROPOSAL, None)
    state.flash(keys.FLOOD_PIN, "success", f"{job}: priority pinned at {level} (was {seen[1]}).")
    st.rerun()


def plan_controls(sit: Situation, view: SharedNetwork) -> None:
    a, b, c, d = st.columns([1.4, 1.1, 1.1, 1])
    a.toggle("Break the walls: one pool for all grids", value=True, key=keys.FLOOD_POOL)
    b.slider("Shift (h)", 4, 14, 10, key=keys.FLOOD_SHIFT)
    c.select_slider("Search (s)", [10, 20, 30, 60, 120, 300], value=20, key=keys.FLOOD_SECONDS)
    a.checkbox("Stage at the nearest service window", value=True, key=keys.FLOOD_STAGE)
    d.write("")
    d.button(
        "Plan the surge", type="primary", width="stretch", key=keys.FLOOD_PLAN,
        on_click=state.ask_on_click(keys.FLOOD_PROPOSAL, _plan_settings), **_may("dispatch"),
    )  # fmt: skip  # the run after the click plans in the map's place (`planning_asked`)
    board.moves_control(keys.FLOOD_MOVES)
    st.caption(
        "Nobody is routed over a closed road or through water; without the pool, "
        f"members serve {SCOPES['station']}."
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
    st.info("Planning the surge: the map returns with the routes when it is ready.")
    bar = st.progress(0.0, text="Triage, closures, travel times on the open roads…")

    def progress(count: int, elapsed: float) -> None:
        bar.progress(
            min(0.05 + 0.9 * elapsed / seconds, 0.95),
            text=f"Searching: {count} plans found, {elapsed:.0f} s of {seconds:g} s",
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
    state.flash(
        keys.FLOOD_REVIEW, "info",
        f"Surge plan ready in {took:.1f} s: {routed} jobs on {len(plan.routes)} members, "
        "drawn on the map; review and commit it below.",
    )  # fmt: skip
    st.rerun()  # the map draws the proposed routes


def plan_review() -> None:
    """The surge plan for review (full width: routes, changes, what waits and why), and
    the confirmation of its commit in the same place."""
    state.shown_at(keys.FLOOD_REVIEW)
    proposal = st.session_state.get(keys.FLOOD_PROPOSAL)
    if proposal is not None:
        board_review.review(proposal, keys.FLOOD_PROPOSAL, keys.FLOOD_REVIEW)
