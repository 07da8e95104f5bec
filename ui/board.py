"""The dispatch board's main view: filters, the map with routes and ETAs, the job
table, and planning (the proposal's review and commit are `ui.board_review`)."""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Final, cast

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from actions import board as actions_board
from dispatch.board import BoardJob, held_in_order
from dispatch.clock import CHINA_OFFSET, local
from dispatch.domain import CHANNEL_LABELS, JOB_TYPES, Channel, type_label
from dispatch.job_notes import said
from dispatch.lifecycle import status_label
from dispatch.live import DEFAULT_MOVES, MOVES, SCOPES
from dispatch.restoration import RESTORED_TYPES, OnSite
from i18n import N_, _, _n
from ui import auth, board_map, data, keys, layers, state
from ui.board_map import RouteLine
from ui.board_review import Proposal
from ui.data import SharedNetwork

#: The plan's settings at the click: who may serve a job, search seconds, what may move.
PlanSettings = tuple[str, float, frozenset[str]]
#: The job table's columns.
COLUMNS: Final = (
    N_("job"), N_("type"), N_("priority"), N_("status"), N_("overdue"), N_("due"),
    N_("waiting (min)"), N_("grid"), N_("channels"), N_("calls"), N_("member"), N_("ETA"),
    N_("power back (est.)"), N_("place"), N_("flag"),
)  # fmt: skip


def _channel(value: str) -> str:
    return CHANNEL_LABELS[Channel(value)] if value in _CHANNELS else value


_CHANNELS: Final = frozenset(Channel)


def hhmm(when: datetime | None) -> str:
    return (
        "—"
        if when is None or pd.isna(when)
        else (pd.Timestamp(when) + CHINA_OFFSET).strftime("%H:%M")
    )


# ---- the table and its filters ----------------------------------------------------


def filters(jobs: Sequence[BoardJob], grids: pd.DataFrame) -> list[BoardJob]:
    """Grid, type and channel filters; returns the jobs that pass."""
    a, b, c = st.columns(3)
    names = grids.set_index("id")["name"]
    grid = a.multiselect(
        _("Grid"), grids["id"].tolist(), format_func=lambda g: f"{g} {names[g]}",
        placeholder=_("Every grid"),
    )  # fmt: skip
    kind = b.multiselect(
        _("Type"), list(JOB_TYPES), format_func=lambda t: JOB_TYPES[t].label,
        placeholder=_("Every type"),
    )  # fmt: skip
    channel = c.multiselect(
        _("Channel"), [ch.value for ch in Channel],
        format_func=lambda ch: CHANNEL_LABELS[Channel(ch)], placeholder=_("Every channel"),
    )  # fmt: skip
    return [
        j
        for j in jobs
        if (not grid or j.grid_id in grid)
        and (not kind or j.type in kind)
        and (not channel or any(ch in j.channels for ch in channel))
    ]


def power_back(job: BoardJob, model: OnSite, now: datetime | None = None) -> str:
    """When a repair or outage should be done: its crew's arrival (as recorded once on
    site, else the committed ETA) plus the on-site time such jobs took here, with the
    range (`dispatch.restoration`); blank without an arrival or any history. Flagged
    once even the range's end is past ``now`` (naive UTC): the crew should be asked."""
    arrival = job.on_site_at or job.eta
    if job.type not in RESTORED_TYPES or arrival is None:
        return ""
    back = model.finish(job.type, job.area_class, arrival)
    if back is None:
        return ""
    said = f"{hhmm(back.at)} ({hhmm(back.earliest)}–{hhmm(back.latest)})"
    if now is not None and back.latest < now:
        return _("⚠ {estimate} late").format(estimate=said)
    return said


def job_table(jobs: Sequence[BoardJob], now: datetime, etas: dict[str, str], model: OnSite) -> None:
    """Open jobs by deadline; overdue rows stand out (red), flagged ones say why."""
    table = pd.DataFrame(
        [
            {
                _("job"): j.id,
                _("type"): type_label(j.type),
                _("priority"): j.priority,
                _("status"): status_label(j.status),
                _("overdue"): _("⚠ overdue") if j.deadline < now else "",
                _("due"): f"{local(j.deadline):%Y-%m-%d %H:%M}",
                _("waiting (min)"): int((now - j.created_at).total_seconds() // 60),
                _("grid"): j.grid_id,
                _("channels"): ",".join(_channel(c) for c in j.channels),
                _("calls"): j.calls,
                _("member"): j.member_name,
                _("ETA"): etas.get(j.id, ""),
                _("power back (est.)"): power_back(j, model, now),
                _("place"): j.place,
                _("flag"): said(j.flag),
            }
            for j in jobs
        ],
        columns=[_(c) for c in COLUMNS],
    )

    def paint(row: pd.Series) -> list[str]:
        colour = "background-color: #ffd6d6" if row[_("overdue")] else ""
        return [colour] * len(row)

    st.dataframe(
        table.style.apply(paint, axis=1),
        hide_index=True,
        width="stretch",
        height=320,
        column_config={_("power back (est.)"): st.column_config.TextColumn(width="medium")},
    )


# ---- the map ----------------------------------------------------------------------------


def _line(
    network: SharedNetwork | None,
    k: int,
    member: str,
    summary: str,
    start: tuple[float, float],
    stops: Sequence[tuple[str, float, float]],
) -> RouteLine:
    """The ``k``-th route to draw: from ``start`` through the stops (job, lon, lat), legs
    on the roads when the network is there, else straight."""
    coords: list[tuple[float, float]] = []
    here = start
    for _job, lon, lat in stops:
        if network is not None:
            coords += network.leg(here, (lon, lat))
        else:
            coords += [(here[1], here[0]), (lat, lon)]
        here = (lon, lat)
    return {
        "member": member,
        "summary": summary,
        "colour": board_map.route_colour(k),
        "coords": coords,
        "stops": len(stops),
        "stop_points": [(lat, lon, job) for job, lon, lat in stops],
    }


def show_map(
    folder: str,
    jobs: Sequence[BoardJob],
    now: datetime,
    lines: list[RouteLine],
    etas: dict[str, str],
    name: str,
    members: pd.DataFrame,
    *,
    key: str = keys.BOARD_MAP,
    height: int = 680,
    bounds: list[list[float]] | None = None,
) -> None:
    """The board's map; ``bounds`` fits it to a part of the county (a member's route)."""
    lay = data.layers(folder)
    assignment = data.district_grids()
    shapes = data.grid_shapes(
        folder, tuple(zip(assignment["id"], assignment["grid_id"], strict=True))
    )
    m = board_map.board_map(
        lay.base,
        bounds or lay.bounds,
        layers.grid_features(shapes.features, data.grids()),
        data.service_windows(),
        members,
        jobs,
        lines,
        now=now,
        etas=etas,
        routes_name=name,
        legend_shown=height >= 500,  # folded on a small map (a task sheet's), a click away
    )
    st_folium(m, key=key, height=height, use_container_width=True, returned_objects=[])


def committed_view(
    jobs: Sequence[BoardJob], members: pd.DataFrame, network: SharedNetwork | None
) -> tuple[list[RouteLine], dict[str, str]]:
    """The committed plan's routes (from the store) to draw, and ETAs."""
    held = held_in_order(jobs)
    positions = members.set_index("id")
    routes: list[RouteLine] = []
    for member_id in sorted(held):
        if member_id not in positions.index:
            continue
        p = positions.loc[member_id]
        routes.append(
            _line(
                network,
                len(routes),
                f"{p['name']} ({member_id})",
                _n("{n} job", "{n} jobs", len(held[member_id])).format(n=len(held[member_id])),
                (float(p["lon"]), float(p["lat"])),
                [(j.id, j.lon, j.lat) for j in held[member_id]],
            )
        )
    etas = {j.id: hhmm(j.eta) for route in held.values() for j in route if j.eta is not None}
    return routes, etas


def proposal_view(
    proposal: Proposal, network: SharedNetwork | None
) -> tuple[list[RouteLine], dict[str, str]]:
    """The proposed plan's routes to draw, and ETAs."""
    board = proposal.board
    plan = proposal.plan
    problem = board.problem
    routes: list[RouteLine] = []
    for k, r in enumerate(plan.routes):
        start = problem.locations[problem.member[r.member].start]
        routes.append(
            _line(
                network,
                k,
                f"{board.name(r.member)} ({r.member})",
                _("last stop {time}").format(
                    time=hhmm(board.start + timedelta(seconds=r.stops[-1].start))
                ),
                start,
                [(s.job, *problem.locations[problem.job[s.job].location]) for s in r.stops],
            )
        )
    etas = {
        s.job: hhmm(board.start + timedelta(seconds=s.arrival))
        for r in plan.routes
        for s in r.stops
    }
    return routes, etas


# ---- planning --------------------------------------------------------------------------


def run_plan(folder: str, scope: str, seconds: float, now: datetime, moves: frozenset[str]) -> None:
    """Solve the open jobs on the on-duty members, with a progress bar."""
    started = time.perf_counter()
    bar = st.progress(0.0, text=_("Reading the board…"))
    network = data.network(folder)

    def travel(jobs: int) -> None:
        bar.progress(0.05, text=_("Travel times on the roads for {n} jobs…").format(n=jobs))

    def progress(count: int, elapsed: float) -> None:
        bar.progress(
            min(0.05 + 0.9 * elapsed / seconds, 0.95),
            text=_("Searching: {n} plans tried, {seconds} s").format(
                n=count, seconds=f"{elapsed:.1f}"
            ),
        )

    board, plan = actions_board.plan(
        data.engine(), scope=scope, seconds=seconds, moves=moves, now=now, network=network,
        on_travel=travel, on_progress=progress,
    )  # fmt: skip
    bar.empty()
    st.session_state[keys.BOARD_PROPOSAL] = Proposal.of(board, plan, time.perf_counter() - started)


def moves_control(key: str) -> frozenset[str]:
    """Which assigned work a re-plan may take from its crew (priority-1 work and work
    under way stay unless ticked)."""
    picked = st.pills(
        _("The plan may move"), list(MOVES), default=sorted(DEFAULT_MOVES), key=key,
        selection_mode="multi", format_func=MOVES.__getitem__,
        help=_("Assigned work not ticked here stays with its crew. Every job the plan takes "
               "off a crew is listed for review and needs a tick before the commit."),
    )  # fmt: skip
    return frozenset(picked or ())


def _plan_settings() -> PlanSettings:
    """The plan's settings as the controls hold them at the click."""
    ss = st.session_state
    moves = ss.get(keys.BOARD_MOVES, sorted(DEFAULT_MOVES))
    scope = ss.get(keys.BOARD_SCOPE, list(SCOPES)[1])
    return str(scope), float(ss.get(keys.BOARD_SECONDS, 5)), frozenset(moves or ())


def plan_controls(folder: str, now: datetime) -> None:
    a, b, c = st.columns([2.2, 1.4, 1])
    a.selectbox(
        _("Who may serve a job"),
        list(SCOPES),
        index=1,
        format_func=SCOPES.__getitem__,
        key=keys.BOARD_SCOPE,
    )
    b.select_slider(
        _("Search time (s)"), options=[2, 3, 5, 10, 20, 30], value=5, key=keys.BOARD_SECONDS
    )
    c.write("")
    pressed = c.button(
        _("Plan"), type="primary", width="stretch", key=keys.BOARD_PLAN,
        on_click=state.ask_on_click(keys.BOARD_PLAN, _plan_settings),
        disabled=not auth.can("dispatch"),
        help=auth.why_not("dispatch") or _("Assign and route the open jobs"),
    )  # fmt: skip
    moves_control(keys.BOARD_MOVES)
    state.pressed_without_callback(pressed, keys.BOARD_PLAN, _plan_settings)
    request = state.asked(keys.BOARD_PLAN, False, None)
    if request is None:
        return
    if auth.allowed("dispatch"):
        with state.attempt(keys.BOARD_PLAN):
            # what `_plan_settings` read at the click, held in the session state
            scope, seconds, moves = cast(PlanSettings, request)
            run_plan(folder, scope, seconds, now, moves)
    state.done(keys.BOARD_PLAN)
