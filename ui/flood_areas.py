"""The flood page's areas: every way one comes in (the demo, the low ground at a gauge
level, an uploaded GeoJSON, a drawing on the map) and the list of areas with their
isolation, and the water gone."""

from __future__ import annotations

from typing import Final

import shapely
import streamlit as st
from shapely.geometry import shape

from actions import flood as actions_flood
from dispatch.errors import DualGridError
from geo.flood import FloodAreaError, areas_from_geojson, clean_area, low_ground
from geo.terrain import Terrain
from i18n import N_, Words, _
from store import flood as store_flood
from store.errors import StoreError
from ui import auth, data, keys, state
from ui.flood import may, roads
from ui.format import md

MAX_UPLOAD_MB: Final = 5
#: What an area is, as the choice of a new one says it and as the list of areas does.
NEW_KINDS: Final = Words({"flood": N_("water (flood)"), "closure": N_("a road closure")})
KINDS: Final = Words({"flood": N_("water"), "closure": N_("road closure")})


def _outline(folder: str) -> shapely.Geometry:
    return data.layers(folder).outline


def area_controls(folder: str) -> None:
    """Every way an area comes in, and the list of areas with their isolation."""
    engine = data.engine()
    areas = store_flood.areas(engine)
    with st.expander(_("Flood areas and closures"), expanded=not areas):
        a, b = st.columns(2)
        with a:
            _demo_and_low_ground(folder, bool(areas))
        with b:
            _upload_and_drawing(folder)
        if areas:
            st.markdown(
                _(
                    "**Areas** — tick *isolated* once the lines inside are de-energised: "
                    "repairs there may then start"
                )
            )
            for area in areas:
                c1, c2 = st.columns([3, 1])
                c1.markdown(f"{md(area.id)} · {md(area.name)} · {KINDS.get(area.kind, area.kind)}")
                if area.kind == "flood":
                    on = c2.checkbox(
                        _("isolated"), value=area.isolated, key=keys.flood_isolated(area.id),
                        **may("flood"),
                    )  # fmt: skip
                    if on != area.isolated and auth.allowed("flood"):
                        actions_flood.mark_isolated(engine, area.id, on, by=auth.username())
                        st.session_state.pop(keys.FLOOD_PROPOSAL, None)
                        st.rerun()
            if st.button(
                _("The water has gone: clear every area"), key=keys.FLOOD_CLEAR, **may("flood")
            ) and auth.allowed("flood"):
                actions_flood.clear_flood(engine, by=auth.username())
                st.session_state.pop(keys.FLOOD_PROPOSAL, None)
                state.flash(keys.FLOOD_AREAS, "success", _("Every flood area was cleared."))
                st.rerun()
    state.shown_at(keys.FLOOD_AREAS)  # below the expander, which closes once areas are in


def _demo_and_low_ground(folder: str, any_areas: bool) -> None:
    """The demo flood, and the low ground under water at a gauge level."""
    engine = data.engine()
    st.markdown(_("**Demo scenario** — July 2017 on the Xiang"))
    if st.button(
        _("Load the demo flood"), type="primary", key=keys.FLOOD_DEMO,
        disabled=any_areas or not auth.can("flood"), help=auth.why_not("flood"),
    ) and auth.allowed("flood"):  # fmt: skip
        with st.spinner(_("Flooding the low ground, closing the bridge, taking the calls…")):
            result = actions_flood.start_demo_flood(
                engine, roads(data.network(folder)), folder, by=auth.username()
            )
        data.clear_live()
        said = _("Demo flood: imported: {new} new, {present} already present.")
        state.flash(
            keys.FLOOD_AREAS, "success", said.format(new=result.new, present=result.present)
        )
        st.rerun()
    level = st.slider(_("Gauge level (m)"), 84.0, 91.0, 88.5, 0.5, key=keys.FLOOD_LEVEL)
    if st.button(
        _("Put the low ground under water"), key=keys.FLOOD_LOW, **may("flood")
    ) and auth.allowed("flood"):
        try:
            terrain = Terrain.load(data.data_folder() / "terrain.npz")
            water = low_ground(terrain, level, _outline(folder))
            actions_flood.apply_flood(
                engine,
                [(_("low ground at {level:g} m").format(level=level), water)],
                source="low ground",
                by=auth.username(),
            )
        except (DualGridError, OSError) as exc:
            st.error(md(str(exc)))
        else:
            said = _("Low ground at {level:g} m added.").format(level=level)
            state.flash(keys.FLOOD_AREAS, "success", said)
            st.rerun()


def _upload_and_drawing(folder: str) -> None:
    """An uploaded GeoJSON's areas or the area drawn on the map, water or a closure."""
    engine = data.engine()
    st.markdown(_("**Upload GeoJSON** or **draw on the map** (polygon or rectangle tool)"))
    kind = st.radio(
        _("It is"), list(NEW_KINDS), horizontal=True, key=keys.FLOOD_KIND,
        format_func=lambda k: NEW_KINDS[k],
    )  # fmt: skip
    name = st.text_input(
        _("Area name"), key=keys.FLOOD_NAME, placeholder=_("e.g. 白水 riverside"),
        max_chars=store_flood.NAME_MAX,
    )  # fmt: skip
    upload = st.file_uploader(
        _("GeoJSON"), type=["geojson", "json"], key=keys.FLOOD_UPLOAD, **may("flood")
    )
    if (
        upload is not None
        and st.button(_("Add the uploaded areas"), key=keys.FLOOD_ADD_UPLOAD, **may("flood"))
        and auth.allowed("flood")
    ):
        if upload.size > MAX_UPLOAD_MB * 2**20:
            st.error(
                _("{file}: larger than {mb} MB").format(file=md(upload.name), mb=MAX_UPLOAD_MB)
            )
        else:
            try:
                found = areas_from_geojson(upload.getvalue(), _outline(folder), upload.name)
                actions_flood.apply_flood(
                    engine,
                    [(f"{name or upload.name} {k + 1}", g) for k, g in enumerate(found)],
                    source="upload",
                    by=auth.username(),
                    kind=kind,
                )
            except (FloodAreaError, StoreError) as exc:
                st.error(md(str(exc)))
            else:
                said = _("{file}: areas added.").format(file=md(upload.name))
                state.flash(keys.FLOOD_AREAS, "success", said)
                st.rerun()
    drawn = st.session_state.get(keys.FLOOD_DRAWN)
    if (
        drawn
        and st.button(_("Add the drawn area"), key=keys.FLOOD_ADD_DRAWN, **may("flood"))
        and auth.allowed("flood")
    ):
        try:
            geom = clean_area(shape(drawn), _("the drawing"), _outline(folder))
            actions_flood.apply_flood(
                engine,
                [(name or _("drawn area"), geom)],
                source="drawn",
                by=auth.username(),
                kind=kind,
            )
        except StoreError as exc:
            st.error(md(str(exc)))
        except (FloodAreaError, ValueError, AttributeError) as exc:
            st.error(
                str(exc)
                if isinstance(exc, FloodAreaError)
                else _("the drawing is not a polygon ({error})").format(error=exc)
            )
        else:
            st.session_state.pop(keys.FLOOD_DRAWN, None)
            state.flash(keys.FLOOD_AREAS, "success", _("The drawn area was added."))
            st.rerun()
