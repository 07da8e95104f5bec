"""Coordinates from Chinese web maps are not WGS-84: AMap/Gaode and Tencent use GCJ-02
and Baidu BD-09, offset by a few hundred metres. A file that says so (its ``crs`` or a
coordinate-system field) is refused with how to fix it, rather than drawn wrongly."""

from __future__ import annotations

import re

from i18n import _

OFFSET_DATUM = re.compile(r"gcj[-_ ]?0?2|bd[-_ ]?0?9|火星坐标|百度坐标|高德", re.IGNORECASE)
FIELDS = ("crs", "coordinate_system", "coordinateSystem", "coordsys", "srs", "datum")


def offset_datum(data: object) -> str | None:
    """The GCJ-02 or BD-09 label a GeoJSON object declares at its top level, or None."""
    if not isinstance(data, dict):
        return None
    for key in FIELDS:
        value = data.get(key)
        text = str(value) if value is not None else ""
        found = OFFSET_DATUM.search(text)
        if found:
            return found.group(0)
    return None


def datum_problem(data: object) -> str | None:
    label = offset_datum(data)
    if label is None:
        return None
    return _(
        "its coordinates are declared as {label} (Chinese web-map offsets), not WGS-84; "
        "convert them to WGS-84 first (e.g. with the map service's own converter)"
    ).format(label=label)
