"""The dispatch board's map: jobs by priority and age, members by status, and each
member's route on the roads in its own colour. Data in, folium out; every text
escaped, every asset local."""

from __future__ import annotations

from datetime import datetime

import folium
import pandas as pd

from dispatch.domain import JOB_TYPES, MemberStatus
from ui.assets import localize
from ui.layers import (
    PRIORITY_HEX,
    STATUS_COLOURS,
    STATUS_LABELS,
    base_map,
    context_layers,
    esc,
    grids_layer,
    legend,
    staff_layer,
    windows_layer,
)

#: Distinct, readable route colours (cycled when there are more members).
ROUTE_COLOURS = (
    "#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#42d4f4", "#f032e6",
    "#9a6324", "#469990", "#800000", "#808000", "#000075", "#bfef45", "#dcbeff",
    "#fabed4", "#ffd8b1", "#aaffc3", "#a9a9a9", "#ffe119", "#000000",
)  # fmt: skip


def route_colour(index: int) -> str:
    return ROUTE_COLOURS[index % len(ROUTE_COLOURS)]


def local(when: object) -> str:
    if when is None or pd.isna(when):
        return "—"
    return (pd.Timestamp(when) + pd.Timedelta(hours=8)).strftime("%H:%M")


def _radius(created_at: object, deadline: object, now: datetime) -> float:
    """Older jobs are bigger; overdue ones bigger still."""
    age_h = max(0.0, (now - pd.Timestamp(created_at)).total_seconds() / 3600)
    radius = 7 + min(age_h, 12) * 0.6
    return radius + 4 if pd.Timestamp(deadline) < now else radius


def jobs_layer(jobs: pd.DataFrame, now: datetime, etas: dict[str, str]) -> folium.FeatureGroup:
    """Open jobs as circles: colour = priority, size = age, a thick dark ring = overdue,
    the number of calls written on outages with more than one."""
    group = folium.FeatureGroup(name="Open jobs 待办工单")
    for j in jobs.itertuples():
        overdue = pd.Timestamp(j.deadline) < now
        calls = f" · {j.calls} calls" if j.calls > 1 else ""
        late = " · <b style='color:#b71c1c'>OVERDUE</b>" if overdue else ""
        tip = (
            f"<b>{esc(j.id)}</b> {esc(JOB_TYPES[j.type].label)}{calls}<br>"
            f"priority {j.priority} · {esc(j.status)}{late}<br>"
            f"due {local(j.deadline)} · {esc(j.place)}<br>"
            f"member {esc(j.member)} · ETA {esc(etas.get(j.id, '—'))}"
        )
        folium.CircleMarker(
            [j.lat, j.lon],
            radius=_radius(j.created_at, j.deadline, now),
            color="#212121" if overdue else "#ffffff",
            weight=4 if overdue else 2,
            fill=True,
            fill_color=PRIORITY_HEX[int(j.priority)],
            fill_opacity=0.9,
            tooltip=tip,
        ).add_to(group)
        if j.calls > 1:
            folium.Marker(
                [j.lat, j.lon],
                icon=folium.DivIcon(
                    html=f'<div class="dg-count">{int(j.calls)}</div>',
                    icon_size=(20, 20),
                    icon_anchor=(10, 10),
                ),
                tooltip=tip,
            ).add_to(group)
    return group


def routes_layer(lines: list[dict], name: str) -> folium.FeatureGroup:
    """Each member's route as a line on the roads, with numbered stops."""
    group = folium.FeatureGroup(name=name)
    for line in lines:
        tip = f"<b>{esc(line['member'])}</b> · {line['stops']} stops · {esc(line['summary'])}"
        if line["coords"]:
            folium.PolyLine(
                line["coords"], color=line["colour"], weight=5, opacity=0.85, tooltip=tip
            ).add_to(group)
        for k, (lat, lon, label) in enumerate(line["stop_points"], start=1):
            folium.Marker(
                [lat, lon],
                icon=folium.DivIcon(
                    html=(f'<div class="dg-stop" style="background:{line["colour"]}">{k}</div>'),
                    icon_size=(18, 18),
                    icon_anchor=(9, 24),
                ),
                tooltip=f"{esc(line['member'])} stop {k}: {esc(label)}",
            ).add_to(group)
    return group


CSS = (
    "<style>.dg-count{background:#fff;border:2px solid #212121;border-radius:50%;"
    "width:20px;height:20px;font:bold 11px/16px sans-serif;text-align:center;}"
    ".dg-stop{color:#fff;border:1px solid #fff;border-radius:50%;width:18px;height:18px;"
    "font:bold 10px/16px sans-serif;text-align:center;box-shadow:0 1px 3px rgba(0,0,0,.5);}"
    "</style>"
)


def board_map(
    base: dict[str, dict],
    bounds: list[list[float]],
    grid_features: dict,
    windows: pd.DataFrame,
    members: pd.DataFrame,
    jobs: pd.DataFrame,
    lines: list[dict],
    *,
    now: datetime,
    etas: dict[str, str],
    routes_name: str,
    online_tiles: bool = False,
) -> folium.Map:
    m = base_map(bounds, online_tiles=online_tiles)
    m.get_root().header.add_child(folium.Element(CSS))
    grids_layer(grid_features).add_to(m)
    context_layers(m, base["mask"], base["water"], base["roads"], base["outline"])
    windows_layer(windows).add_to(m)
    routes_layer(lines, routes_name).add_to(m)
    staff_layer(members).add_to(m)
    jobs_layer(jobs, now, etas).add_to(m)
    entries = [(STATUS_COLOURS[s], f"staff {STATUS_LABELS[s]}") for s in MemberStatus]
    entries += [(PRIORITY_HEX[p], f"job priority {p}") for p in (1, 2, 3, 4)]
    entries += [("#212121", "dark ring: overdue · bigger: older")]
    m.get_root().html.add_child(legend(entries, "Legend 图例"))
    if lines:
        bounds_pts = [c for line in lines for c in line["coords"]]
        if bounds_pts:
            lats = [p[0] for p in bounds_pts]
            lons = [p[1] for p in bounds_pts]
            m.fit_bounds([[min(lats), min(lons)], [max(lats), max(lons)]], padding=(20, 20))
    folium.LayerControl(collapsed=True, position="topright").add_to(m)
    return localize(m)
