"""A plan as GeoJSON and GeoPackage downloads (built when clicked, cached per plan).

The GeoJSON is the partition format (../shared/formats/partition.md): its property
names stay as other systems read them. The GeoPackage's layers are described in the
language of the page the planner clicked on (the file is built on a server thread,
which speaks English until told otherwise)."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import streamlit as st
from shapely.geometry import mapping

from geo.layers import read_layer
from geo.partition_io import plan_geojson, plan_geopackage
from i18n import _, language, using
from ui import keys, planning


@st.cache_resource(show_spinner=False)
def _frame(folder: str) -> gpd.GeoDataFrame:
    """The districts at full resolution (the map's are simplified), in the units' order."""
    u = planning.base_units(folder)[0]
    raw = read_layer(Path(folder), "districts").set_index("id").loc[u.ids].reset_index()
    return gpd.GeoDataFrame(
        {"id": u.ids, "households": u.households, "station": u.station},
        geometry=raw.geometry.to_numpy(),
        crs=raw.crs,
    ).to_crs("EPSG:4326")


@st.cache_data(max_entries=8, show_spinner=False)
def _geojson(folder: str, grid: tuple[str, ...], locked: tuple[bool, ...]) -> str:
    frame = _frame(folder)
    features = [
        {
            "type": "Feature",
            "geometry": mapping(g),
            "properties": {"id": i, "households": int(h), "station": s},
        }
        for i, h, s, g in zip(
            frame["id"], frame["households"], frame["station"], frame.geometry, strict=True
        )
    ]
    return plan_geojson(features, list(grid), list(locked))


@st.cache_data(max_entries=8, show_spinner=False)
def _geopackage(folder: str, grid: tuple[str, ...], locked: tuple[bool, ...], lang: str) -> bytes:
    with using(lang):
        return plan_geopackage(_frame(folder), list(grid), list(locked))


def downloads(folder: str, grid: list[str], locked: list[bool], name: str) -> None:
    a, b, _rest = st.columns([1, 1, 2])
    key = (folder, tuple(grid), tuple(locked))
    lang = language()  # the page's: the download runs on another thread
    a.download_button(
        _("Plan as GeoJSON"),
        lambda: _geojson(*key),
        file_name=f"{name}.geojson",
        mime="application/geo+json",
        on_click="ignore",
        key=keys.plan_download(name, "geojson"),
    )
    b.download_button(
        _("Plan as GeoPackage"),
        lambda: _geopackage(*key, lang),
        file_name=f"{name}.gpkg",
        mime="application/geopackage+sqlite3",
        on_click="ignore",
        key=keys.plan_download(name, "gpkg"),
    )
