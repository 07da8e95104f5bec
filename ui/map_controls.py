"""Map furniture every map gets from the shared base (`ui.layers.base_map`): a metric-only
scale, scroll-wheel zoom only after the map is clicked, zoom classes on the map's
container, and the legend as a Leaflet control; plus the grids' name labels, each shown
from the zoom at which it fits inside its grid.

A few lines of plain Leaflet each, so no plugin (and no asset) is needed offline.
"""

from __future__ import annotations

import html
import math
import unicodedata
from typing import Any, Final

import folium
import shapely
from branca.element import MacroElement
from folium.template import Template
from shapely.geometry import shape
from shapely.ops import polylabel

#: Zoom levels the label classes cover (the maps allow 8-18).
LABEL_ZOOMS: Final = range(8, 19)
LABEL_PANE: Final = "labels"
#: Width of a character in the labels' 12 px font (CJK and full-width, others), line height.
WIDE_PX, NARROW_PX, LINE_PX = 12.5, 7.5, 15.0
PAD_PX = 8.0


class _Control(MacroElement):
    """branca's ``MacroElement`` with a typed constructor (branca's is unannotated)."""

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # branca: no annotations


class MetricScale(_Control):
    """Leaflet's scale in metres and kilometres only (folium's ``control_scale`` adds
    miles and feet)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        L.control.scale({imperial: false, metric: true, maxWidth: 160, position: "bottomleft"})
            .addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )


class CooperativeScroll(_Control):
    """The mouse wheel scrolls the page, not the map, until the map is clicked (or
    dragged); leaving the map turns wheel zoom off again. A wheel over an idle map shows
    a short hint. The map is made with ``scrollWheelZoom: false``."""

    HINT: Final = "Click the map to zoom with the wheel · 点击地图后可用滚轮缩放"

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map) {
            var box = map.getContainer();
            var hint = L.DomUtil.create("div", "dg-scroll-hint", box);
            hint.textContent = {{ this.HINT|tojson }};
            var timer = null;
            box.addEventListener("pointerdown", function () {
                map.scrollWheelZoom.enable();
                hint.classList.remove("dg-show");
            }, true);
            box.addEventListener("mouseleave", function () {
                map.scrollWheelZoom.disable();
            });
            box.addEventListener("wheel", function () {
                if (map.scrollWheelZoom.enabled()) { return; }
                hint.classList.add("dg-show");
                clearTimeout(timer);
                timer = setTimeout(function () { hint.classList.remove("dg-show"); }, 1600);
            }, {passive: true, capture: true});
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )


class ZoomClasses(_Control):
    """Puts ``dg-zgeK`` on the map's container for every K up to the current zoom, so that
    CSS can show a mark only from some zoom on (the grid labels)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map) {
            var box = map.getContainer();
            function mark() {
                var zoom = map.getZoom();
                for (var k = {{ this.low }}; k <= {{ this.high }}; k++) {
                    box.classList.toggle("dg-zge" + k, zoom >= k);
                }
            }
            map.on("zoomend viewreset", mark);
            map.whenReady(mark);
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "ZoomClasses"
        self.low, self.high = LABEL_ZOOMS[0], LABEL_ZOOMS[-1]


class Legend(_Control):
    """A legend box as a Leaflet control (bottom left, above the scale); clicks and the
    wheel on it stay off the map. ``body`` is HTML of our own making (map_style)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var legend = L.control({position: "bottomleft"});
            legend.onAdd = function () {
                var box = L.DomUtil.create("div", "dg-legend");
                box.innerHTML = {{ this.body|tojson }};
                L.DomEvent.disableClickPropagation(box);
                L.DomEvent.disableScrollPropagation(box);
                return box;
            };
            legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, body: str) -> None:
        super().__init__()
        self._name = "Legend"
        self.body = body


def label_css() -> str:
    """Grid labels: hidden until the zoom their class names; the name under the id."""
    shown = "".join(
        f".dg-zge{k} .dg-lz{k}{{display:block}}.dg-zge{k} .dg-nz{k}{{display:block}}"
        for k in LABEL_ZOOMS
    )
    return (
        "<style>.dg-grid-label{display:none}.dg-gname{display:none}"
        ".dg-gl{position:absolute;left:0;top:0;transform:translate(-50%,-50%);"
        "white-space:nowrap;text-align:center;font:600 12px/15px 'Noto Sans SC',sans-serif;"
        "color:#1b2631;"
        "text-shadow:0 0 2px #fff,0 0 2px #fff,0 0 3px #fff,0 0 4px #fff;}"
        f"{shown}</style>"
    )


def text_px(text: str) -> float:
    """About how wide ``text`` is in the labels' font, in pixels."""
    return sum(WIDE_PX if unicodedata.east_asian_width(c) in "WF" else NARROW_PX for c in text)


def fit_zoom(
    polygon: shapely.Geometry, point: shapely.Point, width_px: float, height_px: float
) -> int:
    """The lowest zoom at which a box of ``width_px`` × ``height_px`` centred on ``point``
    lies inside ``polygon`` (lon/lat; Web Mercator's scale at the point); the highest
    zoom when it never does."""
    cos = math.cos(math.radians(point.y))
    for zoom in LABEL_ZOOMS:
        deg = 360 / (256 * 2**zoom)  # degrees of longitude per pixel
        half_w, half_h = width_px / 2 * deg, height_px / 2 * deg * cos
        box = shapely.box(point.x - half_w, point.y - half_h, point.x + half_w, point.y + half_h)
        if polygon.contains(box):
            return zoom
    return LABEL_ZOOMS[-1]


def label_place(geometry: dict[str, Any]) -> tuple[shapely.Polygon, shapely.Point]:
    """The grid's largest part and the point deepest inside it (pole of inaccessibility)."""
    area = shape(geometry)
    part = max(getattr(area, "geoms", [area]), key=lambda p: p.area)
    return part, polylabel(part, tolerance=0.0005)


def grid_labels_layer(
    features: dict[str, Any], *, name: str = "Grid names 网格名称"
) -> folium.FeatureGroup:
    """Each grid's id, and under it its name, at the grid's deepest point: the id from the
    zoom at which it fits inside the grid, the name from the zoom at which both lines fit
    (so labels of neighbouring grids never overlap). ``features`` come from
    `ui.layers.grid_features`: their texts are escaped already."""
    group = folium.FeatureGroup(name=name)
    for feature in features["features"]:
        gid, title = feature["properties"]["grid_id"], feature["properties"]["name"]
        part, point = label_place(feature["geometry"])
        id_w = text_px(html.unescape(gid)) + PAD_PX
        name_w = max(id_w, text_px(html.unescape(title)) + PAD_PX)
        id_zoom = fit_zoom(part, point, id_w, LINE_PX + 2)
        name_zoom = max(id_zoom, fit_zoom(part, point, name_w, 2 * LINE_PX + 2))
        folium.Marker(
            [point.y, point.x],
            icon=folium.DivIcon(
                html=(
                    f'<div class="dg-gl"><b>{gid}</b>'
                    f'<span class="dg-gname dg-nz{name_zoom}">{title}</span></div>'
                ),
                icon_size=(0, 0),
                class_name=f"dg-grid-label dg-lz{id_zoom}",
            ),
            interactive=False,
            keyboard=False,
            pane=LABEL_PANE,
        ).add_to(group)
    return group
