"""The planning maps: a plan's grids coloured apart, its districts clickable, locked
districts shaded, moved (or differing) districts hatched with a dashed outline, the
selected district outlined, and a legend for each mark."""

from __future__ import annotations

from typing import Any

import folium
import pandas as pd
from folium.map import CustomPane

from geo.projection import metric_crs_of_bounds
from i18n import N_, _
from ui import data
from ui.layers import base_map, context_layers, esc, page

LOCKED_COLOUR = "#263238"
SELECTED_COLOUR = "#d81b60"
OUT_COLOUR = "#b71c1c"
MARK_COLOUR = "#111111"
MARK_PANE = "dgmarked"  # hatched districts: above the grids, clicks pass through
RING_PANE = "dgrings"  # a ring of fixed size round each, seen at the county's zoom
RING_MAX = 300  # more marked districts than this: hatching only
#: What a hatched district means on the edit map and on the compare maps (`N_`-marked).
MOVED = N_("Moved from its live grid")
DIFFERS = N_("In another grid in the other plan")
#: An SVG hatch the marked districts' pane fills with (CSS beats the fill attribute).
HATCH = (
    '<svg width="0" height="0" style="position:absolute"><defs>'
    '<pattern id="dg-hatch" patternUnits="userSpaceOnUse" width="6" height="6" '
    'patternTransform="rotate(45)"><rect width="2.5" height="6" fill="#111111"/></pattern>'
    "</defs></svg><style>.leaflet-dgmarked-pane path{fill:url(#dg-hatch);fill-opacity:.85}"
    "</style>"
)
_SAMPLE = (
    "display:inline-block;width:16px;height:12px;margin-right:6px;vertical-align:middle;"
    "border-radius:0;"
)
_HATCHED = (
    f"background:repeating-linear-gradient(45deg,{MARK_COLOUR} 0 2px,transparent 2px 5px);"
    f"border:2px dashed {MARK_COLOUR}"
)
_RING = (
    f"width:10px;height:10px;border-radius:50%;border:2px solid {MARK_COLOUR};"
    "box-shadow:0 0 0 2px #fff"
)


def _legend(marked: str, *, selected: bool) -> folium.Element:
    """The planning map's marks, each with its look."""
    rows = [
        (_HATCHED, _(marked)),
        (f"background:{LOCKED_COLOUR};opacity:.5;border:1px dotted {LOCKED_COLOUR}", _("Locked")),
        (f"border:2px dashed {OUT_COLOUR}", _("Grid outside the household bounds")),
    ]
    if selected:
        rows.append((f"border:3px solid {SELECTED_COLOUR}", _("Selected district")))
    body = "".join(
        f'<div><i style="{_SAMPLE}{css}"></i>'
        + (f'<i style="{_SAMPLE}{_RING}"></i>' if k == 0 else "")
        + f"{esc(text)}</div>"
        for k, (css, text) in enumerate(rows)
    )
    title = esc(_("Legend"))
    return folium.Element(
        '<div class="dg-legend" style="position:absolute;bottom:24px;right:10px;z-index:1000;">'
        f"<b>{title}</b>{body}</div>"
    )


def _marks(m: folium.Map, marked: str, *, selected: bool) -> None:
    CustomPane(MARK_PANE, z_index=410, pointer_events=False).add_to(m)
    CustomPane(RING_PANE, z_index=415, pointer_events=False).add_to(m)
    page(m).html.add_child(folium.Element(HATCH))
    page(m).html.add_child(_legend(marked, selected=selected))


def _marked_layer(folder: str, ids: set[str], name: str) -> folium.FeatureGroup:
    """The marked districts hatched, each with a ring that shows even where the district
    is a few pixels wide."""
    lay = data.layers(folder)
    group = folium.FeatureGroup(name=esc(_(name)), control=False)
    folium.GeoJson(
        _subset(lay.base["districts"], ids),
        pane=MARK_PANE,
        interactive=False,
        style_function=lambda _: {
            "color": MARK_COLOUR,
            "weight": 2.5,
            "dashArray": "5 3",
            "fill": True,
            "fillOpacity": 0.85,
        },
    ).add_to(group)
    if len(ids) <= RING_MAX:
        where = lay.districts.set_index("id").loc[sorted(ids)].geometry
        metric = where.to_crs(metric_crs_of_bounds(where.total_bounds))
        for point in metric.centroid.to_crs("EPSG:4326"):
            for colour, weight in (("#ffffff", 5.0), (MARK_COLOUR, 2.0)):
                ring = folium.CircleMarker(
                    [point.y, point.x], radius=9, color=colour, weight=weight, fill=False
                )
                ring.options.update(pane=RING_PANE, interactive=False)  # folium drops these
                ring.add_to(group)
    return group


def plan_features(
    folder: str, ids: list[str], grid: list[str], table: pd.DataFrame
) -> dict[str, Any]:
    """The plan's grids dissolved (cached per plan), with figures for the tooltips."""
    shapes = data.grid_shapes(folder, tuple(zip(ids, grid, strict=True)))
    rows = table.set_index("grid")
    feats = []
    for f in shapes.features["features"]:
        g = f["properties"]["grid_id"]
        row = rows.loc[g]
        props = {
            "grid": esc(g),
            "station": esc(row["station"]),
            "households": f"{int(row['households']):,}",
            "districts": int(row["districts"]),
            "compactness": _("{metres} m").format(metres=f"{int(row['compactness (m)']):,}"),
            "colour": f["properties"]["colour"],
            "out": bool(row.get("within bounds", True)) is False,
        }
        feats.append({**f, "properties": props})
    return {"type": "FeatureCollection", "features": feats}


def _grids_layer(
    features: dict[str, Any], name: str, *, interactive: bool = True
) -> folium.GeoJson:
    return folium.GeoJson(
        features,
        name=name,
        interactive=interactive,
        style_function=lambda f: {
            "fillColor": f["properties"]["colour"],
            "color": OUT_COLOUR if f["properties"]["out"] else "#37474f",
            "weight": 3.0 if f["properties"]["out"] else 1.6,
            "dashArray": "6 4" if f["properties"]["out"] else None,
            "fillOpacity": 0.4,
        },
        tooltip=folium.GeoJsonTooltip(
            fields=["grid", "station", "households", "districts", "compactness"],
            aliases=[
                esc(_("Grid")),
                esc(_("Station")),
                esc(_("Households")),
                esc(_("Transformer districts")),
                esc(_("Compactness")),
            ],
            sticky=True,
        )
        if interactive
        else None,
    )


def _districts_layer(districts: dict[str, Any], clickable: bool) -> folium.GeoJson:
    return folium.GeoJson(
        districts,
        name=esc(
            _("Transformer districts (click to select)")
            if clickable
            else _("transformer districts")
        ),
        style_function=lambda _: {
            "color": "#546e7a",
            "weight": 0.5,
            "fill": True,
            "fillOpacity": 0.0,
        },
        highlight_function=lambda _: {"weight": 2.5, "color": SELECTED_COLOUR},
        tooltip=folium.GeoJsonTooltip(
            fields=["name", "id", "households"],
            aliases=[esc(_("Transformer district")), esc(_("Id")), esc(_("Households"))],
        ),
    )


def _subset(districts: dict[str, Any], ids: set[str]) -> dict[str, Any]:
    return {
        "type": "FeatureCollection",
        "features": [f for f in districts["features"] if f["properties"]["id"] in ids],
    }


def plan_map(
    folder: str,
    ids: list[str],
    grid: list[str],
    table: pd.DataFrame,
    *,
    locked: list[bool] | None = None,
    selected: str | None = None,
    clickable: bool = False,
    marked: set[str] = frozenset(),  # type: ignore[assignment]
    name: str = "",
) -> folium.Map:
    """A plan on its own map; ``marked`` districts (those in another grid in the plan
    it is compared with) hatched."""
    lay = data.layers(folder)
    m = base_map(lay.bounds)
    _marks(m, DIFFERS, selected=selected is not None)
    name = name or _("Grids in this plan")
    _grids_layer(plan_features(folder, ids, grid, table), esc(name)).add_to(m)  # typed names
    context_layers(m, lay.base["mask"], lay.base["water"], lay.base["roads"], lay.base["outline"])
    districts = lay.base["districts"]
    if locked is not None and any(locked):
        held = {i for i, lk in zip(ids, locked, strict=True) if lk}
        folium.GeoJson(
            _subset(districts, held),
            name=esc(_("Locked districts")),
            style_function=lambda _: {
                "color": LOCKED_COLOUR,
                "weight": 1.2,
                "fillColor": LOCKED_COLOUR,
                "fillOpacity": 0.35,
                "dashArray": "2 3",
            },
        ).add_to(m)
    if marked:
        _marked_layer(folder, set(marked), DIFFERS).add_to(m)
    if clickable:
        _districts_layer(districts, clickable).add_to(m)
    if selected is not None:
        folium.GeoJson(
            _subset(districts, {selected}),
            name=esc(_("Selected district")),
            control=False,
            style_function=lambda _: {"color": SELECTED_COLOUR, "weight": 4, "fillOpacity": 0.1},
        ).add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    return m


def edit_base(folder: str) -> folium.Map:
    """The edit map's constant part — roads, water, the clickable districts — so that a
    click or an edit never redraws it and the planner's zoom and position stay."""
    lay = data.layers(folder)
    m = base_map(lay.bounds)
    _marks(m, MOVED, selected=True)
    _districts_layer(lay.base["districts"], True).add_to(m)
    context_layers(m, lay.base["mask"], lay.base["water"], lay.base["roads"], lay.base["outline"])
    return m


def edit_layers(
    folder: str,
    ids: list[str],
    grid: list[str],
    table: pd.DataFrame,
    locked: list[bool],
    selected: str | None,
    shifted: set[str] = frozenset(),  # type: ignore[assignment]
) -> list[folium.FeatureGroup]:
    """The parts that change with the plan, laid over the base map without redrawing it;
    they let clicks through to the districts beneath. ``shifted``: the districts in
    another grid than their live one, hatched."""
    grids = folium.FeatureGroup(name="Working plan", control=False)
    _grids_layer(plan_features(folder, ids, grid, table), "grids", interactive=False).add_to(grids)
    out = [grids]
    districts = data.layers(folder).base["districts"]
    held = {i for i, lk in zip(ids, locked, strict=True) if lk}
    if held:
        group = folium.FeatureGroup(name="Locked districts", control=False)
        folium.GeoJson(
            _subset(districts, held),
            interactive=False,
            style_function=lambda _: {
                "color": LOCKED_COLOUR,
                "weight": 1.2,
                "fillColor": LOCKED_COLOUR,
                "fillOpacity": 0.35,
                "dashArray": "2 3",
            },
        ).add_to(group)
        out.append(group)
    if shifted:
        out.append(_marked_layer(folder, shifted, MOVED))
    if selected is not None:
        group = folium.FeatureGroup(name="Selected district", control=False)
        folium.GeoJson(
            _subset(districts, {selected}),
            interactive=False,
            style_function=lambda _: {"color": SELECTED_COLOUR, "weight": 4, "fillOpacity": 0.1},
        ).add_to(group)
        out.append(group)
    return out
