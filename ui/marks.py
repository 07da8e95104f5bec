"""The marks on the maps: service windows, staff, community members, open requests and
their badges. Each kind is one GeoJSON layer, its icons and tooltips drawn in the
browser from the features: branca compiles a template per element, so a marker per
job would cost a page of hundreds of jobs seconds to build. Every text is escaped
before it goes into a feature."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import folium
import pandas as pd

from dispatch.domain import (
    SPECIALTY_LABELS,
    MemberStatus,
    Specialty,
    roster_role_label,
    type_label,
)
from dispatch.lifecycle import status_label
from dispatch.readable import DASH, span
from geo import display
from i18n import _, _n
from ui.map_style import (
    STATUS_COLOURS,
    STATUS_LABELS,
    WINDOW_COLOURS,
    calls_badge,
    community_icon,
    esc,
    job_icon,
    member_icon,
    square,
)

JOB_ICONS = {
    "repair": "wrench",
    "outage": "bolt",
    "hazard": "triangle-exclamation",
    "complaint": "comment",
    "meter": "gauge",
    "billing": "yen-sign",
    "connection": "plug",
    "contract": "file-signature",
    "verification": "phone",
    "survey": "house",
}

#: The calls pill sits at the job's lower right.
CALLS_SIZE, CALLS_ANCHOR = (34, 17), (-5, -4)


def points(at: list[tuple[float, float, dict[str, Any]]]) -> dict[str, Any]:
    """A FeatureCollection of (lat, lon, properties), each feature numbered: one layer
    for every mark of a kind keeps the page small and quick to build, however many."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": k,
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": props,
            }
            for k, (lat, lon, props) in enumerate(at)
        ],
    }


def tooltip(points: dict[str, Any], **kwargs: Any) -> folium.GeoJsonTooltip | None:
    """A layer's tooltip, or None for a layer with no features (folium refuses to name
    fields an empty layer does not have: a county with no service windows yet)."""
    return folium.GeoJsonTooltip(**kwargs) if points["features"] else None


def tip(points: dict[str, Any]) -> folium.GeoJsonTooltip | None:
    """The feature's own tooltip, escaped HTML written when the layer was built."""
    return tooltip(points, fields=["tip"], labels=False)


def badge_layer(
    marks: list[tuple[float, float, str, str]], size: tuple[int, int], anchor: tuple[int, int]
) -> folium.GeoJson:
    """Badges of our own HTML at (lat, lon, html, tip), one layer for them all (only our
    HTML goes into the icon; the tip is escaped)."""
    badges = points([(lat, lon, {"html": html, "tip": said}) for lat, lon, html, said in marks])
    return folium.GeoJson(
        badges,
        control=False,
        marker=folium.Marker(icon=folium.DivIcon(icon_size=size, icon_anchor=anchor)),
        style_function=lambda f: {"html": f["properties"]["html"]},
        tooltip=tip(badges),
    )


def _symbol(html: str, size: int) -> folium.Marker:
    """A marker drawn as our own HTML symbol, centred on its point."""
    return folium.Marker(
        icon=folium.DivIcon(html=html, icon_size=(size, size), icon_anchor=(size // 2, size // 2))
    )


def windows_layer(windows: pd.DataFrame) -> folium.GeoJson:
    """Service windows as small teal squares, with their responsible person."""
    frame = windows.copy()
    for column in ("name", "responsible"):
        frame[column] = frame[column].map(esc)
    points = display.point_collection(frame, ["name", "responsible"])
    return folium.GeoJson(
        points,
        name=_("Service windows"),
        marker=_symbol(square(*WINDOW_COLOURS), 11),
        tooltip=tooltip(
            points, fields=["name", "responsible"], aliases=[_("Service window"), _("Responsible")]
        ),
    )


def staff_layer(members: pd.DataFrame, now: datetime | None = None) -> folium.GeoJson:
    """Staff at their positions as diamonds coloured by status (one layer, however many
    staff); with ``now``, each tooltip says how old the position is ("12 min ago")."""
    staff = members[members["kind"] == "staff"].copy()
    staff["colour"] = staff["status"].map(lambda s: STATUS_COLOURS[MemberStatus(s)])
    staff["status_label"] = staff["status"].map(lambda s: STATUS_LABELS[MemberStatus(s)])
    staff["specialty_label"] = staff["specialty"].map(
        lambda s: SPECIALTY_LABELS[Specialty(s)] if isinstance(s, str) else ""
    )
    staff["role"] = staff["role"].map(roster_role_label)
    for column in ("name", "role", "grid_id"):
        staff[column] = staff[column].map(esc)
    fields = ["name", "role", "specialty_label", "status_label", "grid_id"]
    aliases = [_("Staff"), _("Role"), _("Specialty"), _("Status"), _("Grid")]
    if now is not None:
        staff["seen"] = staff["updated_at"].map(lambda at: _seen(at, now))
        fields, aliases = [*fields, "seen"], [*aliases, _("Position")]
    points = display.point_collection(staff, [*fields, "colour"])
    return folium.GeoJson(
        points,
        name=_("Staff"),
        marker=_symbol(member_icon(STATUS_COLOURS[MemberStatus.AVAILABLE]), 18),
        # per member: the diamond in its status colour (our HTML, only a colour goes in)
        style_function=lambda f: {"html": member_icon(f["properties"]["colour"])},
        tooltip=tooltip(points, fields=fields, aliases=aliases),
    )


def _seen(at: object, now: datetime) -> str:
    """How old a member's position is, as the tooltip says it."""
    if not isinstance(at, datetime) or pd.isna(at):
        return DASH
    return _("{span} ago").format(span=span((now - at).total_seconds()))


def community_layer(members: pd.DataFrame) -> folium.GeoJson:
    """Community grid members (the x) at their communities, small lilac diamonds; off by
    default."""
    people = members[members["kind"] == "community"].copy()
    for column in ("name", "grid_id"):
        people[column] = people[column].map(esc)
    points = display.point_collection(people, ["name", "grid_id"])
    return folium.GeoJson(
        points,
        name=_("Community grid members"),
        show=False,
        marker=_symbol(community_icon(), 12),
        tooltip=tooltip(
            points, fields=["name", "grid_id"], aliases=[_("Community grid member"), _("Grid")]
        ),
    )


def jobs_layer(jobs: pd.DataFrame) -> folium.FeatureGroup:
    """Open requests as circles in their priority colour with their type's glyph;
    outages with more than one call carry the number of calls."""
    group = folium.FeatureGroup(name=_("Open requests"))
    glyphs: list[tuple[float, float, str, str]] = []
    pills: list[tuple[float, float, str, str]] = []
    for j in jobs.itertuples():
        calls = _n(" · {n} call", " · {n} calls", j.calls).format(n=j.calls) if j.calls > 1 else ""
        said = _("priority {p}").format(p=j.priority)
        said_tip = (
            f"<b>{esc(j.id)}</b> {esc(type_label(j.type))}{calls}<br>{esc(said)} · "
            f"{esc(status_label(j.status))} · {esc(j.member)}"
        )
        icon = job_icon(int(j.priority), JOB_ICONS.get(str(j.type), "circle"))
        glyphs.append((float(j.lat), float(j.lon), icon, said_tip))
        if j.calls > 1:
            pills.append((float(j.lat), float(j.lon), calls_badge(int(j.calls)), said_tip))
    badge_layer(glyphs, (20, 20), (10, 10)).add_to(group)
    if pills:
        badge_layer(pills, CALLS_SIZE, CALLS_ANCHOR).add_to(group)
    return group
