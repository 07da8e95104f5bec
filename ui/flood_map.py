"""The flood map: water and closures, closed roads, districts under water or cut off,
critical customers, stranded members, triaged jobs and the surge plan's routes.
Data in, folium out; every text escaped, every asset local (drawing included)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import folium
import geopandas as gpd
import pandas as pd
import shapely
from folium.map import CustomPane
from folium.plugins import Draw
from shapely.geometry import mapping

from dispatch.board import BoardJob
from dispatch.surge import FloodArea
from geo.flood import CRITICAL_KINDS, DISTRICT_STATES
from i18n import _
from ui.assets import localize
from ui.board_map import RouteLine, job_sections, jobs_layer, routes_layer
from ui.layers import base_map, context_layers, esc, grid_labels_layer, legend
from ui.map_style import area, line, member_section
from ui.marks import staff_layer

STATE_COLOURS = {"flooded": "#1565c0", "cut off": "#ef6c00"}
CRITICAL_ICONS = {"hospital": "hospital", "water_works": "faucet", "shelter": "house"}


def areas_layer(areas: list[FloodArea]) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name=_("Flood areas and closures"))
    for a in areas:
        closure = a.kind == "closure"
        colour = "#b71c1c" if closure else ("#2e7d32" if a.isolated else "#0d47a1")
        state = (
            _("road closure")
            if closure
            else (_("isolated (de-energised)") if a.isolated else _("lines live"))
        )
        folium.GeoJson(
            mapping(a.geometry),
            pane="flood",  # above our own rivers and roads: the water must read at a glance
            style_function=lambda _, c=colour, cl=closure: {
                "color": c,
                "weight": 3,
                "fillColor": "#b71c1c" if cl else "#1e88e5",
                "fillOpacity": 0.55,
                "dashArray": "6 4" if cl else None,
            },
            tooltip=f"<b>{esc(a.name)}</b> ({esc(a.id)})<br>{esc(state)}",
        ).add_to(group)
    return group


def closed_roads_layer(lines: list[shapely.LineString]) -> folium.GeoJson:
    collection = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "geometry": mapping(line), "properties": {}} for line in lines
        ],
    }
    return folium.GeoJson(
        collection,
        name=_("Closed roads"),
        style_function=lambda _: {"color": "#d50000", "weight": 3, "dashArray": "4 4"},
        tooltip=esc(_("closed: under water or shut")),
    )


def districts_layer(shapes: gpd.GeoDataFrame, states: dict[str, str]) -> folium.map.Layer:
    if not states:
        return folium.FeatureGroup(name=_("Districts hit"))
    hit = shapes[shapes["id"].isin(states)].copy()
    hit["state"] = hit["id"].map(states)
    hit["said"] = hit["state"].map(lambda s: esc(DISTRICT_STATES.get(s, s)))
    hit["label"] = hit["name"].map(esc)
    return folium.GeoJson(
        hit[["id", "label", "households", "state", "said", "geometry"]].to_json(),
        name=_("Districts hit"),
        style_function=lambda f: {
            "color": STATE_COLOURS[f["properties"]["state"]],
            "weight": 1,
            "fillColor": STATE_COLOURS[f["properties"]["state"]],
            "fillOpacity": 0.25,
        },
        tooltip=folium.GeoJsonTooltip(
            fields=["label", "households", "said"],
            aliases=[_("Transformer district"), _("Households"), _("State")],
        ),
    )


def critical_layer(critical: pd.DataFrame, states: dict[str, str]) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name=_("Critical customers hit"))
    for c in critical.itertuples():
        state = states.get(c.id, "")
        if not state:
            continue
        folium.Marker(
            [c.lat, c.lon],
            tooltip=f"<b>{esc(c.name)}</b> ({esc(CRITICAL_KINDS.get(c.kind, c.kind))})"
            + f"<br><b>{esc(DISTRICT_STATES.get(state, state))}</b>",
            icon=folium.Icon(
                color="red",
                icon=CRITICAL_ICONS.get(c.kind, "star"),
                prefix="fa",
            ),
        ).add_to(group)
    return group


def stranded_layer(members: pd.DataFrame, stranded: list[str]) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name=_("Members stranded"))
    for m in members[members["id"].isin(stranded)].itertuples():
        folium.CircleMarker(
            [m.lat, m.lon],
            radius=11,
            color="#d50000",
            weight=3,
            fill=False,
            tooltip=f"<b>{esc(m.name)}</b> ({esc(m.id)}): "
            + esc(_("stranded — no open road to a station")),
        ).add_to(group)
    return group


def grid_outlines(features: dict[str, Any]) -> folium.GeoJson:
    """The service grids' boundaries only (the flood's colours stay readable)."""
    return folium.GeoJson(
        features,
        name=_("Service grids"),
        interactive=False,
        style_function=lambda _: {"color": "#37474f", "weight": 1.2, "fill": False},
    )


def flood_section() -> tuple[str, list[tuple[str, str]]]:
    return _("Water and roads"), [
        (area("#1e88e5", "#0d47a1"), _("water, lines live")),
        (area("#1e88e5", "#2e7d32"), _("water, isolated")),
        (area("#b71c1c", "#b71c1c"), _("road closure")),
        (line("#d50000", dash=True), _("closed road")),
        (area(STATE_COLOURS["flooded"] + "40", STATE_COLOURS["flooded"]),
         _("district under water")),
        (area(STATE_COLOURS["cut off"] + "40", STATE_COLOURS["cut off"]), _("district cut off")),
        ('<span class="dg-dot" style="width:16px;height:16px;border:3px solid #d50000">'
         "</span>", _("member stranded")),
        ('<i class="fa-solid fa-location-pin" style="color:#d63e2a;font-size:17px"></i>',
         _("critical customer hit")),
    ]  # fmt: skip


def flood_map(
    base: dict[str, dict[str, Any]],
    bounds: list[list[float]],
    areas: list[FloodArea],
    closed: list[shapely.LineString],
    districts: gpd.GeoDataFrame,
    states: dict[str, str],
    critical: pd.DataFrame,
    critical_states: dict[str, str],
    members: pd.DataFrame,
    jobs: Sequence[BoardJob],
    lines: list[RouteLine],
    *,
    now: datetime,
    etas: dict[str, str],
    stranded: list[str] = (),  # type: ignore[assignment]
    grid_features: dict[str, Any] | None = None,
) -> folium.Map:
    """The flood map; with ``grid_features`` (`ui.layers.grid_features`) the service
    grids' outlines and names too."""
    m = base_map(bounds)
    CustomPane("flood", z_index=425).add_to(m)
    context_layers(m, base["mask"], base["water"], base["roads"], base["outline"])
    if grid_features is not None:
        grid_outlines(grid_features).add_to(m)
        grid_labels_layer(grid_features).add_to(m)
    districts_layer(districts, states).add_to(m)
    areas_layer(areas).add_to(m)
    closed_roads_layer(closed).add_to(m)
    routes_layer(lines, _("Surge routes")).add_to(m)
    critical_layer(critical, critical_states).add_to(m)
    staff_layer(members, now).add_to(m)
    stranded_layer(members, list(stranded)).add_to(m)
    jobs_layer(jobs, now, etas).add_to(m)
    Draw(  # type: ignore[no-untyped-call]  # folium's plugins: no annotations
        export=False,
        draw_options={
            "polyline": False,
            "circle": False,
            "circlemarker": False,
            "marker": False,
            "rectangle": True,
            "polygon": {"allowIntersection": False},
        },
        edit_options={"edit": False},
    ).add_to(m)
    jobs_, routes, badges = job_sections()
    sections = [flood_section(), member_section(), routes, badges, jobs_]  # columns balance
    legend(sections, _("Flood"), columns=3).add_to(m)
    if areas:  # frame the water, not the whole county
        minx, miny, maxx, maxy = shapely.union_all([a.geometry for a in areas]).bounds
        m.fit_bounds([[miny, minx], [maxy, maxx]], padding=(30, 30))
    folium.LayerControl(collapsed=True, position="topright").add_to(m)
    return localize(m)
