"""The administrator's onboarding page: the utility's files uploaded, the datum of each
chosen, everything checked and summarised (counts, notes, every problem, a map preview)
before anything is written; then one click loads the county into the empty store."""

from __future__ import annotations

from pathlib import Path, PurePath
from typing import Any

import folium
import streamlit as st
from streamlit_folium import st_folium

from actions import onboard as actions
from dispatch.onboard import NAMES, Checked
from dispatch.onboard_tables import TABLES
from geo import display
from geo.datum import BD09, DATUMS, GCJ02, WGS84_DATUM
from i18n import N_, Words, _
from store.load import StoreOccupiedError
from ui import auth, data, keys
from ui.assets import localize
from ui.format import md

DATUM_LABELS = Words(
    {
        WGS84_DATUM: N_("WGS-84 (GPS, OpenStreetMap)"),
        GCJ02: N_("GCJ-02 (AMap/Gaode, Tencent)"),
        BD09: N_("BD-09 (Baidu)"),
    }
)
SUFFIXES = [
    "csv",
    "xlsx",
    "geojson",
    "json",
    "zip",
    "gpkg",
    "kml",
    "pbf",
    "osm",
    "gz",
    "bz2",
    "graphml",
]
COUNT_LABELS = Words(
    {
        "townships": N_("Townships"),
        "districts": N_("Transformer districts"),
        "stations": N_("Stations"),
        "staff": N_("Staff"),
        "members": N_("Community grid members"),
        "customers": N_("Customers"),
        "households": N_("Households"),
        "road_nodes": N_("Road nodes"),
    }
)


def page() -> None:
    st.caption(
        _(
            "The files the utility has: roads (OpenStreetMap), county and township "
            "boundaries, transformer districts or points, stations, service windows, "
            "staff, community members and customers (Excel or CSV, Chinese or English "
            "headers). Every file is checked before anything is written; see "
            "formats/onboarding.md for the columns."
        )
    )
    files = st.file_uploader(
        _("The county's files"),
        type=SUFFIXES,
        accept_multiple_files=True,
        key=keys.ONBOARD_FILES,
    )
    a, b, c = st.columns([2, 1, 1])
    name = a.text_input(_("County"), key=keys.ONBOARD_NAME, max_chars=64)
    lo = b.number_input(
        _("Min households per grid"), 100, 100_000, 12_000, 100, key=keys.ONBOARD_LO
    )
    hi = c.number_input(
        _("Max households per grid"), 100, 100_000, 15_000, 100, key=keys.ONBOARD_HI
    )
    datums = _datums(files or [])
    if st.button(_("Check the files"), key=keys.ONBOARD_CHECK, disabled=not files, type="primary"):
        if lo >= hi:
            st.error(_("The minimum households per grid must be below the maximum."))
            return
        declared: dict[str, object] = {"grid_households": [int(lo), int(hi)], "datum": datums}
        if name.strip():
            declared["county"] = name.strip()
        with st.spinner(_("Reading and checking every file…")):
            raw = actions.stage(((f.name, f.getvalue()) for f in files or []), declared)
            checked = actions.check(raw)
        st.session_state[keys.ONBOARD_CHECKED] = (_ids(files or []), str(raw), checked)
    held = st.session_state.get(keys.ONBOARD_CHECKED)
    if held is None or held[0] != _ids(files or []):
        return  # nothing checked yet, or the files changed since
    _summary(held[2])
    _load(held)


def _ids(files: list[Any]) -> tuple[str, ...]:
    return tuple(sorted(f.file_id for f in files))


def _datums(files: list[Any]) -> dict[str, str]:
    """The datum of each file with coordinates (tables and boundaries), WGS-84 unless
    chosen otherwise."""
    placed = [f for f in files if _has_points(f.name)]
    if not placed:
        return {}
    chosen = {}
    chosen_any = any(
        st.session_state.get(keys.onboard_datum(f.name), WGS84_DATUM) != WGS84_DATUM for f in placed
    )
    with st.expander(
        _("Coordinates: the datum of each file"), expanded=chosen_any or len(placed) <= 4
    ):
        for f in placed:
            datum = st.selectbox(
                md(f.name),
                list(DATUMS),
                format_func=lambda d: DATUM_LABELS[d],
                key=keys.onboard_datum(f.name),
            )
            if datum != WGS84_DATUM:
                chosen[f.name] = datum
    return chosen


def _has_points(name: str) -> bool:
    stem = PurePath(name.lower()).name.split(".")[0]
    kinds = [k for k, stems in NAMES.items() if stem in stems]
    return (
        bool(kinds)
        and kinds[0] != "roads"
        and (kinds[0] in TABLES or kinds[0] in ("county", "townships", "communities", "districts"))
    )


def _summary(checked: Checked) -> None:
    counts = checked.counts()
    shown = [k for k in COUNT_LABELS if k in counts]
    for column, key in zip(st.columns(len(shown) or 1), shown, strict=False):
        column.metric(COUNT_LABELS[key], f"{counts[key]:,}")
    if checked.problems:
        st.error(
            _("{n} problem(s): nothing can be loaded until they are fixed.").format(
                n=len(checked.problems)
            )
        )
        st.markdown("\n".join(f"- {md(p)}" for p in checked.problems[:200]))
    else:
        st.success(_("Every file reads and they agree with each other."))
    if checked.notes:
        st.markdown("\n".join(f"- {md(n)}" for n in checked.notes))
    if "county" in checked.layers:
        _preview(checked)


def _preview(checked: Checked) -> None:
    county = checked.layers["county"]
    m = folium.Map(tiles=None, zoom_control=True, prefer_canvas=True)
    folium.GeoJson(
        display.feature_collection(county, []),
        style_function=lambda _f: {"color": "#2c3e50", "weight": 3, "fill": False},
    ).add_to(m)
    for layer, colour in (("townships", "#607d8b"), ("districts", "#2e7d32")):
        if layer in checked.layers:
            folium.GeoJson(
                display.feature_collection(checked.layers[layer], []),
                style_function=lambda _f, c=colour: {"color": c, "weight": 1, "fillOpacity": 0.05},
            ).add_to(m)
    m.fit_bounds(display.bounds_latlon(county))
    st_folium(
        localize(m), height=420, use_container_width=True, returned_objects=[], key=keys.ONBOARD_MAP
    )


def _load(held: tuple[tuple[str, ...], str, Checked]) -> None:
    _files, raw, checked = held
    may = auth.can("onboard")
    if st.button(
        _("Load the county into the store"),
        key=keys.ONBOARD_LOAD,
        disabled=bool(checked.problems) or not may,
        help=auth.why_not("onboard"),
    ):
        try:
            with st.spinner(_("Writing the county and loading the store…")):
                done = actions.load(data.engine(), Path(raw))
        except StoreOccupiedError:
            st.error(
                _(
                    "This store already holds a county: a county is onboarded into an "
                    "empty store (a database of its own)."
                )
            )
            return
        if done.checked.problems:
            st.error(_("The files changed since they were checked: check them again."))
            return
        data.forget_county_folder()
        st.cache_data.clear()
        st.cache_resource.clear()
        st.session_state.pop(keys.ONBOARD_CHECKED, None)
        st.success(
            _("Loaded {county} in {seconds} s. Open the app again to work on it.").format(
                county=md(done.county.name if done.county else ""),
                seconds=f"{done.seconds.get('total', 0):.1f}",
            )
        )
