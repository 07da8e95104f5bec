"""Folium layers: data in, folium objects out. No data access, no streamlit.

Every text that reaches the map is escaped; every asset is served by the app
(`ui.assets.localize`), so nothing is fetched from the internet unless the user
switches the online base map on.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

import folium
import pandas as pd
from branca.element import Figure
from folium.map import CustomPane

from i18n import _
from ui.assets import localize
from ui.map_controls import (
    LABEL_PANE,
    CooperativeScroll,
    Legend,
    MetricScale,
    ZoomClasses,
    grid_labels_layer,
    label_css,
)
from ui.map_style import (
    CSS,
    PRIORITY_HEX,
    STATUS_COLOURS,
    STATUS_LABELS,
    Section,
    calls_section,
    community_icon,
    esc,
    legend_html,
    member_section,
    places_section,
    priority_section,
)
from ui.marks import community_layer, jobs_layer, staff_layer, windows_layer

__all__ = ["PRIORITY_HEX", "STATUS_COLOURS", "STATUS_LABELS", "esc", "grid_labels_layer"]

ROAD_STYLE = {
    "trunk": ("#c0392b", 4.0),
    "primary": ("#e67e22", 3.2),
    "secondary": ("#d4ac0d", 2.4),
    "tertiary": ("#7f8c8d", 1.4),
    "residential": ("#b3b6b7", 0.8),
}
OPEN_OSM = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"


#: Panes above our own base (context, 420): routes, grid labels (clicks pass), jobs.
PANES = (("context", 420, False), ("routes", 425, True), (LABEL_PANE, 430, False),
         ("jobs", 440, True))  # fmt: skip


def page(m: folium.Map) -> Figure:
    """The page a map is drawn in: folium puts every map in a `Figure` (branca types
    ``get_root`` as any element)."""
    root = m.get_root()
    assert isinstance(root, Figure)
    return root


def base_map(bounds: list[list[float]], *, online_tiles: bool = False) -> folium.Map:
    """An empty map framed on the county, with no tile server unless asked for: a
    metric scale, wheel zoom only once the map is clicked, zoom classes for the labels."""
    centre = [(bounds[0][0] + bounds[1][0]) / 2, (bounds[0][1] + bounds[1][1]) / 2]
    m = folium.Map(
        location=centre,
        tiles=None,
        zoom_start=10,
        control_scale=False,  # folium's adds miles: MetricScale below instead
        scroll_wheel_zoom=False,  # CooperativeScroll turns it on when the map is clicked
        min_zoom=8,
        max_zoom=18,
        zoom_snap=0.25,  # fit the county snugly, not a whole zoom level too far out
    )
    m.fit_bounds(bounds)
    page(m).header.add_child(folium.Element(CSS + label_css()))
    for name, z_index, clickable in PANES:
        CustomPane(name, z_index=z_index, pointer_events=clickable).add_to(m)
    MetricScale().add_to(m)
    CooperativeScroll().add_to(m)
    ZoomClasses().add_to(m)
    if online_tiles:
        folium.TileLayer(
            OPEN_OSM,
            attr="© OpenStreetMap contributors",
            name=_("OpenStreetMap (online)"),
            overlay=False,
            control=True,
        ).add_to(m)
    return m


def context_layers(
    m: folium.Map,
    mask: dict[str, Any],
    water: dict[str, Any],
    roads: dict[str, Any],
    outline: dict[str, Any],
) -> None:
    """Our own vector base: the county outline (outside faded), rivers and main roads.
    Drawn in a pane that lets clicks through to the grids below."""
    folium.GeoJson(
        mask,
        name="outside",
        pane="context",
        control=False,
        style_function=lambda _: {"fillColor": "#ffffff", "fillOpacity": 0.55, "weight": 0},
    ).add_to(m)
    folium.GeoJson(
        water,
        name=_("Rivers"),
        pane="context",
        style_function=lambda _: {
            "fillColor": "#7fb8e6",
            "color": "#4a90c8",
            "weight": 1,
            "fillOpacity": 0.9,
        },
    ).add_to(m)
    folium.GeoJson(
        roads,
        name=_("Roads"),
        pane="context",
        style_function=lambda f: {
            "color": ROAD_STYLE[f["properties"]["highway"]][0],
            "weight": ROAD_STYLE[f["properties"]["highway"]][1],
            "opacity": 0.9,
        },
    ).add_to(m)
    folium.GeoJson(
        outline,
        name=_("County outline"),
        pane="context",
        style_function=lambda _: {
            "color": "#2c3e50",
            "weight": 3,
            "fill": False,
            "dashArray": "8 4",
        },
    ).add_to(m)


def grid_features(shapes: dict[str, Any], table: pd.DataFrame) -> dict[str, Any]:
    """Grid polygons with the live figures for their tooltips (name, households, leader,
    n and x), escaped. Returns a new collection; the cached shapes are not touched."""
    rows = table.set_index("id")
    features = []
    for feature in shapes["features"]:
        gid = feature["properties"]["grid_id"]
        row = rows.loc[gid]
        props = {
            "grid_id": esc(gid),
            "name": esc(row["name"]),
            "station": esc(row["station"]),
            "households": f"{int(row['households']):,}",
            "leader": esc(row["leader"]),
            "n_staff": int(row["n_staff"]),
            "x_members": int(row["x_members"]),
            "colour": feature["properties"]["colour"],
        }
        features.append({**feature, "properties": props})
    return {"type": "FeatureCollection", "features": features}


def grids_layer(features: dict[str, Any]) -> folium.GeoJson:
    """Service grids coloured per grid, with name, households, leader and 1 + n + x."""
    return folium.GeoJson(
        features,
        name=_("Service grids"),
        style_function=lambda f: {
            "fillColor": f["properties"]["colour"],
            "color": "#37474f",
            "weight": 1.6,
            "fillOpacity": 0.35,
        },
        highlight_function=lambda _: {"weight": 3.5, "fillOpacity": 0.5},
        tooltip=folium.GeoJsonTooltip(
            fields=["name", "grid_id", "station", "households", "leader", "n_staff", "x_members"],
            aliases=[
                _("Grid"),
                _("Id"),
                _("Station"),
                _("Households"),
                _("Grid leader"),
                _("n staff"),
                _("x community grid members"),
            ],
            sticky=True,
        ),
    )


def districts_layer(features: dict[str, Any]) -> folium.GeoJson:
    """Transformer districts (台区) with name and households; off by default."""
    return folium.GeoJson(
        features,
        name=_("Transformer districts"),
        show=False,
        style_function=lambda _: {"color": "#546e7a", "weight": 0.6, "fillOpacity": 0.0},
        tooltip=folium.GeoJsonTooltip(
            fields=["name", "id", "households"],
            aliases=[_("Transformer district"), _("Id"), _("Households")],
        ),
    )


def townships_layer(features: dict[str, Any]) -> folium.GeoJson:
    """Township boundaries (approximate), off by default."""
    return folium.GeoJson(
        features,
        name=_("Townships (approximate)"),
        show=False,
        style_function=lambda _: {
            "color": "#6d4c41",
            "weight": 1.5,
            "fill": False,
            "dashArray": "3 5",
        },
        tooltip=folium.GeoJsonTooltip(fields=["name", "name_en"], aliases=[_("Township"), ""]),
    )


def stations_layer(stations: pd.DataFrame) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name=_("Power supply stations"))
    for s in stations.itertuples():
        folium.Marker(
            [s.office_lat, s.office_lon],
            tooltip=f"<b>{esc(s.name)}</b><br>{int(s.households):,} households · {s.grids} grids",
            icon=folium.Icon(color="darkgreen", icon="building", prefix="fa"),
        ).add_to(group)
    return group


def selection_layer(shapes: dict[str, Any], grid_id: str | None) -> folium.FeatureGroup:
    """The selected grid's outline, added without rebuilding the map."""
    group = folium.FeatureGroup(name=_("Selected grid"), control=False)
    if grid_id is not None:
        chosen = [
            copy.deepcopy(f) for f in shapes["features"] if f["properties"]["grid_id"] == grid_id
        ]
        folium.GeoJson(
            {"type": "FeatureCollection", "features": chosen},
            style_function=lambda _: {"color": "#d81b60", "weight": 5, "fill": False},
        ).add_to(group)
    return group


def legend(
    sections: Iterable[Section], title: str | None = None, *, columns: int = 2, shown: bool = True
) -> Legend:
    """The legend control: one block per section of (symbol, label) rows."""
    return Legend(legend_html(sections, title, columns=columns, shown=shown))


def county_map(
    base: dict[str, dict[str, Any]],
    bounds: list[list[float]],
    grid_features: dict[str, Any],
    stations: pd.DataFrame,
    windows: pd.DataFrame,
    members: pd.DataFrame,
    jobs: pd.DataFrame,
    *,
    online_tiles: bool = False,
) -> folium.Map:
    """The county map: our vector base, grids, districts, stations, windows, members and
    open requests as toggleable layers, a legend, every asset served locally.

    ``base`` holds the static GeoJSON collections: mask, water, roads, outline,
    townships, districts.
    """
    m = base_map(bounds, online_tiles=online_tiles)
    grids_layer(grid_features).add_to(m)
    context_layers(m, base["mask"], base["water"], base["roads"], base["outline"])
    townships_layer(base["townships"]).add_to(m)
    districts_layer(base["districts"]).add_to(m)
    stations_layer(stations).add_to(m)
    windows_layer(windows).add_to(m)
    community_layer(members).add_to(m)
    staff_layer(members).add_to(m)
    jobs_layer(jobs).add_to(m)
    grid_labels_layer(grid_features).add_to(m)
    title, staff = member_section()
    members = (title, [*staff, (community_icon(), _("community grid member"))])
    sections = [places_section(), members, priority_section(_("Open requests ● priority"))]
    legend([*sections, calls_section()]).add_to(m)
    folium.LayerControl(collapsed=True, position="topright").add_to(m)
    return localize(m)
