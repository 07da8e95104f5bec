"""The flood map: water and closures, closed roads, districts under water or cut off,
critical customers, stranded members, triaged jobs and the surge plan's routes.
Data in, folium out; every text escaped, every asset local (drawing included)."""

from __future__ import annotations

from datetime import datetime

import folium
import geopandas as gpd
import pandas as pd
import shapely
from folium.map import CustomPane
from folium.plugins import Draw
from shapely.geometry import mapping

from dispatch.surge import FloodArea
from ui.assets import localize
from ui.board_map import CSS, jobs_layer, routes_layer
from ui.layers import base_map, context_layers, esc, legend, staff_layer

STATE_COLOURS = {"flooded": "#1565c0", "cut off": "#ef6c00"}
CRITICAL_ICONS = {"hospital": "hospital", "water_works": "faucet", "shelter": "house"}


def areas_layer(areas: list[FloodArea]) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name="Flood areas and closures 淹没区与封闭")
    for a in areas:
        closure = a.kind == "closure"
        colour = "#b71c1c" if closure else ("#2e7d32" if a.isolated else "#0d47a1")
        state = "road closure" if closure else ("isolated (de-energised)" if a.isolated else "live")
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
            tooltip=f"<b>{esc(a.name)}</b> ({esc(a.id)})<br>{state}",
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
        name="Closed roads 封闭道路",
        style_function=lambda _: {"color": "#d50000", "weight": 3, "dashArray": "4 4"},
        tooltip="closed: under water or shut",
    )


def districts_layer(shapes: gpd.GeoDataFrame, states: dict[str, str]) -> folium.map.Layer:
    if not states:
        return folium.FeatureGroup(name="Districts hit 受影响台区")
    hit = shapes[shapes["id"].isin(states)].copy()
    hit["state"] = hit["id"].map(states)
    hit["label"] = hit["name"].map(esc)
    return folium.GeoJson(
        hit[["id", "label", "households", "state", "geometry"]].to_json(),
        name="Districts hit 受影响台区",
        style_function=lambda f: {
            "color": STATE_COLOURS[f["properties"]["state"]],
            "weight": 1,
            "fillColor": STATE_COLOURS[f["properties"]["state"]],
            "fillOpacity": 0.25,
        },
        tooltip=folium.GeoJsonTooltip(
            fields=["label", "households", "state"],
            aliases=["District 台区", "Households", "State"],
        ),
    )


def critical_layer(critical: pd.DataFrame, states: dict[str, str]) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name="Critical customers hit 受影响重要客户")
    for c in critical.itertuples():
        state = states.get(c.id, "")
        if not state:
            continue
        folium.Marker(
            [c.lat, c.lon],
            tooltip=f"<b>{esc(c.name)}</b> ({esc(c.kind)})"
            + (f"<br><b>{esc(state)}</b>" if state else ""),
            icon=folium.Icon(
                color="red",
                icon=CRITICAL_ICONS.get(c.kind, "star"),
                prefix="fa",
            ),
        ).add_to(group)
    return group


def stranded_layer(members: pd.DataFrame, stranded: list[str]) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name="Members stranded 被困人员")
    for m in members[members["id"].isin(stranded)].itertuples():
        folium.CircleMarker(
            [m.lat, m.lon],
            radius=11,
            color="#d50000",
            weight=3,
            fill=False,
            tooltip=f"<b>{esc(m.name)}</b> ({esc(m.id)}): stranded — no open road to a station",
        ).add_to(group)
    return group


def flood_map(
    base: dict[str, dict],
    bounds: list[list[float]],
    areas: list[FloodArea],
    closed: list[shapely.LineString],
    districts: gpd.GeoDataFrame,
    states: dict[str, str],
    critical: pd.DataFrame,
    critical_states: dict[str, str],
    members: pd.DataFrame,
    jobs: pd.DataFrame,
    lines: list[dict],
    *,
    now: datetime,
    etas: dict[str, str],
    stranded: list[str] = (),  # type: ignore[assignment]
) -> folium.Map:
    m = base_map(bounds)
    CustomPane("flood", z_index=425).add_to(m)
    m.get_root().header.add_child(folium.Element(CSS))
    context_layers(m, base["mask"], base["water"], base["roads"], base["outline"])
    districts_layer(districts, states).add_to(m)
    areas_layer(areas).add_to(m)
    closed_roads_layer(closed).add_to(m)
    routes_layer(lines, "Surge routes 抢修路线").add_to(m)
    critical_layer(critical, critical_states).add_to(m)
    staff_layer(members).add_to(m)
    stranded_layer(members, list(stranded)).add_to(m)
    jobs_layer(jobs, now, etas).add_to(m)
    Draw(
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
    entries = [
        ("#1e88e5", "water (dark blue edge: live, green edge: isolated)"),
        ("#b71c1c", "road closure"),
        ("#d50000", "closed road"),
        (STATE_COLOURS["flooded"], "district under water"),
        (STATE_COLOURS["cut off"], "district cut off"),
        ("#d63e2a", "job priority 1 · dark ring overdue"),
    ]
    m.get_root().html.add_child(legend(entries, "Flood 洪水"))
    if areas:  # frame the water, not the whole county
        minx, miny, maxx, maxy = shapely.union_all([a.geometry for a in areas]).bounds
        m.fit_bounds([[miny, minx], [maxy, maxx]], padding=(30, 30))
    folium.LayerControl(collapsed=True, position="topright").add_to(m)
    return localize(m)
