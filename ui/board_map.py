"""The dispatch board's map: jobs by priority and age, members by status, and each
member's route on the roads in its own colour. Data in, folium out; every text
escaped, every asset local. The marks are explained in the legend (ui/map_style.py
says why they look as they do)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, TypedDict

import folium
import pandas as pd

from dispatch.board import BoardJob
from dispatch.clock import CHINA_OFFSET
from dispatch.domain import type_label
from dispatch.lifecycle import status_label
from dispatch.readable import DASH, clock_time
from i18n import _, _n
from ui import marks
from ui.assets import localize
from ui.layers import (
    base_map,
    context_layers,
    esc,
    grid_labels_layer,
    grids_layer,
    legend,
)
from ui.map_style import (
    JOB_OUTLINE,
    OVERDUE_RING,
    PRIORITY_HEX,
    Section,
    calls_badge,
    calls_section,
    dot,
    line,
    member_section,
    places_section,
    priority_section,
    stop_badge,
)

#: Distinct, readable route colours (cycled when there are more members).
ROUTE_COLOURS = (
    "#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#42d4f4", "#f032e6",
    "#9a6324", "#469990", "#800000", "#808000", "#000075", "#bfef45", "#dcbeff",
    "#fabed4", "#ffd8b1", "#aaffc3", "#a9a9a9", "#ffe119", "#000000",
)  # fmt: skip


class RouteLine(TypedDict):
    """One member's route to draw (`ui.board.committed_view`, `ui.board.proposal_view`)."""

    member: str
    summary: str
    colour: str
    coords: list[tuple[float, float]]  # (lat, lon) along the roads
    stops: int
    stop_points: list[tuple[float, float, str]]  # (lat, lon, job) in order


def route_colour(index: int) -> str:
    return ROUTE_COLOURS[index % len(ROUTE_COLOURS)]


def local(when: datetime, now: datetime) -> str:
    """A naive-UTC time as the county reads it, with its date when not ``now``'s day."""
    return clock_time(when + CHINA_OFFSET, now + CHINA_OFFSET)


def _radius(created_at: datetime, deadline: datetime, now: datetime) -> float:
    """Older jobs are bigger; overdue ones bigger still."""
    age_h = max(0.0, (now - created_at).total_seconds() / 3600)
    radius = 7 + min(age_h, 12) * 0.6
    return radius + 4 if deadline < now else radius


def jobs_layer(
    jobs: Sequence[BoardJob], now: datetime, etas: dict[str, str]
) -> folium.FeatureGroup:
    """Open jobs as circles: colour = priority, size = age, a thick black ring = overdue;
    outages with more than one call carry the number of calls (a dark phone pill)."""
    group = folium.FeatureGroup(name=_("Open jobs"))
    overdue_word = _("OVERDUE")
    circles: list[tuple[float, float, dict[str, Any]]] = []
    pills: list[tuple[float, float, str, str]] = []
    for j in jobs:
        overdue = j.deadline < now
        calls = _n(" · {n} call", " · {n} calls", j.calls).format(n=j.calls) if j.calls > 1 else ""
        late = f" · <b style='color:#b71c1c'>{esc(overdue_word)}</b>" if overdue else ""
        lines = (
            _("priority {p}").format(p=j.priority) + " · " + status_label(j.status),
            _("due {due}").format(due=local(j.deadline, now)) + f" · {j.place}",
            _("member {member} · ETA {eta}").format(
                member=j.member_name or DASH, eta=etas.get(j.id, DASH)
            ),
        )
        tip = (
            f"<b>{esc(j.id)}</b> {esc(type_label(j.type))}{calls}<br>"
            f"{esc(lines[0])}{late}<br>{esc(lines[1])}<br>{esc(lines[2])}"
        )
        style = {
            "radius": _radius(j.created_at, j.deadline, now),
            "color": OVERDUE_RING if overdue else JOB_OUTLINE,
            "weight": 4 if overdue else 1.5,
            "fillColor": PRIORITY_HEX[j.priority],
            "fillOpacity": 0.92,
            "pane": "jobs",  # above the roads and the grid names
        }
        circles.append((j.lat, j.lon, {"tip": tip, "style": style}))
        if j.calls > 1:
            pills.append((j.lat, j.lon, calls_badge(j.calls), tip))
    drawn = marks.points(circles)
    folium.GeoJson(
        drawn,
        marker=folium.CircleMarker(fill=True),
        style_function=lambda f: f["properties"]["style"],
        tooltip=marks.tip(drawn),
    ).add_to(group)
    if pills:
        marks.badge_layer(pills, marks.CALLS_SIZE, marks.CALLS_ANCHOR).add_to(group)
    return group


def routes_layer(lines: list[RouteLine], name: str) -> folium.FeatureGroup:
    """Each member's route as a line on the roads, its stops numbered in order on squares
    of the route's colour, above the job."""
    group = folium.FeatureGroup(name=name)
    stops_at: list[tuple[float, float, str, str]] = []
    for route in lines:
        stops = _n("{n} stop", "{n} stops", route["stops"]).format(n=route["stops"])
        tip = f"<b>{esc(route['member'])}</b> · {esc(stops)} · {esc(route['summary'])}"
        if route["coords"]:
            folium.PolyLine(  # type: ignore[no-untyped-call]  # folium: no annotations
                route["coords"],
                color=route["colour"],
                weight=5,
                opacity=0.85,
                tooltip=tip,
                pane="routes",
            ).add_to(group)
        stops_at.extend(
            (
                lat,
                lon,
                stop_badge(k, route["colour"]),
                esc(_("{member} stop {k}: {job}").format(member=route["member"], k=k, job=label)),
            )
            for k, (lat, lon, label) in enumerate(route["stop_points"], start=1)
        )
    if stops_at:
        marks.badge_layer(stops_at, (18, 18), (9, 27)).add_to(group)
    return group


def job_sections() -> list[Section]:
    """The legend of jobs, routes and both badges (the board's and the flood map's)."""
    heading, rows = priority_section()
    rows = [
        *rows,
        (dot("#ffffff", ring=OVERDUE_RING, width=3.5, size=16), _("thick black ring: overdue")),
        (dot("#ffffff", size=9) + dot("#ffffff", size=16), _("bigger: waiting longer")),
    ]
    badges = [
        (stop_badge(2, ROUTE_COLOURS[2]), _("stop number on a member's route")),
        *calls_section()[1],
    ]
    return [
        (heading, rows),
        (_("Routes"), [(line(ROUTE_COLOURS[0]), _("one colour per member"))]),
        (_("Badges"), badges),
    ]


def board_map(
    base: dict[str, dict[str, Any]],
    bounds: list[list[float]],
    grid_features: dict[str, Any],
    windows: pd.DataFrame,
    members: pd.DataFrame,
    jobs: Sequence[BoardJob],
    lines: list[RouteLine],
    *,
    now: datetime,
    etas: dict[str, str],
    routes_name: str,
    online_tiles: bool = False,
    legend_shown: bool = True,
) -> folium.Map:
    m = base_map(bounds, online_tiles=online_tiles)
    grids_layer(grid_features).add_to(m)
    context_layers(m, base["mask"], base["water"], base["roads"], base["outline"])
    marks.windows_layer(windows).add_to(m)
    routes_layer(lines, routes_name).add_to(m)
    marks.staff_layer(members, now).add_to(m)
    jobs_layer(jobs, now, etas).add_to(m)
    grid_labels_layer(grid_features).add_to(m)
    sections = [member_section(), *job_sections(), places_section(stations=False)]
    legend(sections, shown=legend_shown).add_to(m)
    if lines:
        bounds_pts = [c for line in lines for c in line["coords"]]
        if bounds_pts:
            lats = [p[0] for p in bounds_pts]
            lons = [p[1] for p in bounds_pts]
            m.fit_bounds([[min(lats), min(lons)], [max(lats), max(lons)]], padding=(20, 20))
    folium.LayerControl(collapsed=True, position="topright").add_to(m)
    return localize(m)
