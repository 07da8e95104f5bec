"""Spatial defaults stated in one place, and the one place geo reads the environment.

The environment variables are read when asked for (not at import), so a change made
after import, by a test or a launcher, still counts:

- ``DUALGRID_ROUTER=dijkstra`` forces the plain Dijkstra router (`dijkstra_forced`);
- ``DUALGRID_OFFLINE`` (any non-empty value) forbids downloads (`offline`);
- ``DUALGRID_CACHE`` is where downloaded road networks are cached (`network_cache_dir`);
- ``DUALGRID_LANGUAGE`` is the app's language for a user who has chosen none
  (`app_language`; ``zh_CN`` unless set, ``en`` for a kiosk or the tests that speak English);
- ``DUALGRID_METRIC_CRS`` (e.g. ``EPSG:4547``) is the metric CRS for every distance and
  area, instead of the UTM zone of the data's centre (`metric_crs_setting`);
- ``DUALGRID_MAX_SNAP_M`` is how far a point may be from the nearest road and still be
  reached, metres (`max_snap_m`; `MAX_SNAP_M` unless set);
- ``DUALGRID_SERVICE_ROADS=0`` leaves ``highway=service`` out of networks read from OSM
  (`service_roads`; they are kept unless set).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final

#: Coordinates are stored and exchanged in WGS-84 longitude/latitude.
WGS84: Final = "EPSG:4326"

#: Metric work (areas, distances, buffers) happens in the UTM zone of the data's centre
#: (`geo.projection.metric_crs_for`). For the demo county (Qiyang, about 111.6°E–112.2°E)
#: that is zone 49N (108°E–114°E): the default of the projection functions.
METRIC_CRS: Final = "EPSG:32649"

#: Speeds by OSM ``highway`` class, used where the data has no ``maxspeed``.
#: Rural Chinese county roads: class-I highways 60–80 km/h, county roads (县道)
#: about 50, township roads (乡道) about 40, village roads 20–30; town streets slower.
HIGHWAY_SPEEDS_KPH: Final[dict[str, float]] = {
    "motorway": 100.0,
    "motorway_link": 50.0,
    "trunk": 70.0,
    "trunk_link": 40.0,
    "primary": 60.0,
    "primary_link": 40.0,
    "secondary": 50.0,
    "secondary_link": 30.0,
    "tertiary": 40.0,
    "tertiary_link": 25.0,
    "unclassified": 30.0,
    "residential": 25.0,
    "living_street": 10.0,
    "service": 15.0,
}

#: Fallback speed for a class not listed above (osmnx's ``fallback``).
FALLBACK_SPEED_KPH: Final = 25.0

#: Speed of the short leg between a point and the road node it is snapped to
#: (a track, a yard, a walk to the door), km/h.
ACCESS_SPEED_KPH: Final = 15.0

#: A point further than this from every road node cannot be reached (m): a walk of
#: 2 km from the road is not a drive, and a point 150 km away is a wrong coordinate.
MAX_SNAP_M: Final = 2_000.0


# ---- the environment ----------------------------------------------------------------


def dijkstra_forced() -> bool:
    """True when ``DUALGRID_ROUTER`` is ``dijkstra`` (any case): skip the hierarchy."""
    return os.environ.get("DUALGRID_ROUTER", "").lower() == "dijkstra"


def offline() -> bool:
    """True when ``DUALGRID_OFFLINE`` is set to a non-empty value: never download."""
    return bool(os.environ.get("DUALGRID_OFFLINE"))


def app_language() -> str | None:
    """``$DUALGRID_LANGUAGE`` when set (``zh_CN`` or ``en``), else None: the app's default."""
    return os.environ.get("DUALGRID_LANGUAGE") or None


def metric_crs_setting() -> str | None:
    """``$DUALGRID_METRIC_CRS`` when set, else None (the data's UTM zone)."""
    return os.environ.get("DUALGRID_METRIC_CRS") or None


def max_snap_m() -> float:
    """``$DUALGRID_MAX_SNAP_M`` when set to a positive number, else `MAX_SNAP_M`."""
    text = os.environ.get("DUALGRID_MAX_SNAP_M", "")
    try:
        value = float(text)
    except ValueError:
        return MAX_SNAP_M
    return value if value > 0 else MAX_SNAP_M


def service_roads() -> bool:
    """False when ``DUALGRID_SERVICE_ROADS`` is 0/no/false: leave ``highway=service`` out."""
    return os.environ.get("DUALGRID_SERVICE_ROADS", "").lower() not in ("0", "no", "false")


def network_cache_dir() -> Path:
    """Where downloaded road networks are cached: ``$DUALGRID_CACHE``, else
    ``~/.cache/dualgrid``."""
    return Path(os.environ.get("DUALGRID_CACHE") or Path.home() / ".cache" / "dualgrid")
