"""The planning page's edit view: the working plan on the map; click a district (or
find it by id or name) to paint it into a neighbouring grid or lock it; undo; the
plan's figures per grid; export.

Every edit is a button callback that carries the district and the working plan's
version it was shown with: an edit made on an older view (a double click, a second
tab's change) is refused with the reason instead of changing another district."""

from __future__ import annotations

from typing import Any

import streamlit as st
from streamlit.delta_generator import DeltaGenerator
from streamlit_folium import st_folium

from geo.partition import Units
from geo.plan_edit import check_move, check_plan, differing, moved, targets
from geo.plan_metrics import grid_table, summary
from i18n import _
from ui import data, keys, lang, planning
from ui.assets import localize
from ui.format import md
from ui.planning_export import downloads
from ui.planning_figures import shown
from ui.planning_map import edit_base, edit_layers

UNDO = "undo"  # where the undo's outcome is said (beside its button)


def show(folder: str, lo: int, hi: int) -> None:
    work = planning.working(folder)
    u = planning.base_units(folder)[0]
    units = planning.units_for(folder, work.grid, work.locked)
    ran = st.session_state.pop(keys.PLANNING_RAN, None)
    if ran is not None:
        seconds, problems = ran
        ready = _("Automatic plan ready in {seconds:.1f} s.").format(seconds=seconds)
        st.success(ready)
        st.toast(ready, icon=":material/check_circle:")
        for problem in problems:
            st.warning(problem)
    ctx = planning.context(folder)
    live = planning.live_grid(folder)
    table = grid_table(units, work.grid, ctx, reference=live, lo=lo, hi=hi)
    line = summary(table, units)
    shifted = {u.ids[k] for k in differing(live, work.grid)}
    st.markdown(
        _(
            "**Working plan** — from {origin}: {grids} grids, {within} within {lo}–{hi} "
            "households, {moved} district(s) moved (hatched on the map): {households} "
            "households in another grid than today, {locked} district(s) locked."
        ).format(
            origin=md(work.origin),
            grids=line["grids"],
            within=line["grids within bounds"],
            lo=f"{lo:,}",
            hi=f"{hi:,}",
            moved=len(shifted),
            households=line["households moved"],
            locked=sum(work.locked),
        )
    )
    check = check_plan(units, work.grid, lo, hi)
    for problem in check.blocking:
        st.error(problem)
    _toast()
    _editor(folder, work, units)
    layers = edit_layers(
        folder,
        u.ids,
        work.grid,
        table,
        work.locked,
        st.session_state.get(keys.PLANNING_DISTRICT),
        shifted,
    )
    out = st_folium(
        localize(edit_base(folder)),
        key=keys.PLANNING_EDIT_MAP,
        height=560,
        use_container_width=True,
        feature_group_to_add=layers,
        returned_objects=["last_active_drawing"],
    )
    _follow_click(out or {}, u.ids)
    st.dataframe(shown(table), hide_index=True, width="stretch")
    downloads(folder, work.grid, work.locked, "working-plan")


def _follow_click(out: dict[str, Any], ids: list[str]) -> None:
    """A click on a district selects it (once per click)."""
    feature = out.get("last_active_drawing") or {}
    clicked = (feature.get("properties") or {}).get("id")
    if clicked in ids and clicked != st.session_state.get(keys.PLANNING_CLICKED):
        st.session_state[keys.PLANNING_CLICKED] = clicked
        st.session_state[keys.PLANNING_PENDING] = clicked  # the picker takes it before it is drawn
        st.rerun()


def _editor(folder: str, work: planning.Working, units: Units) -> None:
    names = planning.names(folder)
    a, b, c = st.columns([2, 2, 1.2])
    options = list(units.ids)
    index = {d: k for k, d in enumerate(options)}
    if keys.PLANNING_PENDING in st.session_state:
        st.session_state[keys.PLANNING_DISTRICT] = st.session_state.pop(keys.PLANNING_PENDING)
    picked = a.selectbox(
        _("District — type part of its id or name, or click one on the map"),
        options,
        index=None,
        key=keys.PLANNING_DISTRICT,
        format_func=lambda d: planning.label(d, names[index[d]]),
        placeholder=_("Choose a district…"),
        filter_mode="contains",
    )
    c.button(
        _("Undo"),
        disabled=not work.history,
        width="stretch",
        key=keys.PLANNING_UNDO,
        on_click=_undo,
        args=(work.version,),
    )
    _said(c, UNDO)
    if picked is None:
        return
    k = index[picked]
    source, station = work.grid[k], units.station[k]
    where = targets(units, work.grid, k)
    said = (
        _("{district} · {name}: in **{grid}** ({station}), {households} households, locked.")
        if work.locked[k]
        else _("{district} · {name}: in **{grid}** ({station}), {households} households, free.")
    )
    a.caption(
        said.format(
            district=picked,
            name=md(names[k]),
            grid=data.grid_label(source),
            station=data.station_label(station),
            households=f"{int(units.households[k]):,}",
        )
    )
    key = keys.planning_target(picked, where)
    if where:
        b.selectbox(
            _("Paint into grid"),
            where,
            index=0,
            key=key,
            format_func=data.grid_label,
            help=_("The grids of the same station that this district borders."),
        )
    else:
        b.markdown(
            _(
                "**Paint into grid:** none — every neighbour of {district} in station "
                "{station} is in {grid} already."
            ).format(
                district=picked,
                station=data.station_label(station),
                grid=data.grid_label(source),
            )
        )
    m1, m2 = b.columns(2)
    m1.button(
        _("Move"),
        type="primary",
        disabled=not where,
        width="stretch",
        key=keys.PLANNING_MOVE,
        on_click=_move,
        args=(folder, picked, source, work.version, key),
    )
    m2.button(
        _("Unlock") if work.locked[k] else _("Lock"),
        width="stretch",
        key=keys.PLANNING_LOCK,
        on_click=_lock,
        args=(folder, picked, work.locked[k], work.version),
    )
    _said(b, picked)


def _say(where: str, kind: str, text: str) -> None:
    st.session_state[keys.PLANNING_SAID] = {
        "where": where,
        "kind": kind,
        "text": text,
        "toast": kind,
    }


def _said(column: DeltaGenerator, where: str) -> None:
    """The last edit's outcome beside the button that made it."""
    said = st.session_state.get(keys.PLANNING_SAID)
    if said and said["where"] == where:
        (column.success if said["kind"] == "success" else column.error)(said["text"])


def _toast() -> None:
    said = st.session_state.get(keys.PLANNING_SAID)
    if said and said.pop("toast", None) == "success":
        st.toast(said["text"], icon=":material/check_circle:")


def _stale(work: planning.Working, version: int, what: str) -> bool:
    if work.version == version:
        return False
    _say(what, "error", _("Nothing changed: the working plan changed since this was shown."))
    return True


@lang.speaking
def _move(folder: str, district: str, source: str, version: int, key: str) -> None:
    """Paint ``district`` (shown in ``source``) into the grid its paint box shows."""
    work = planning.working(folder)
    if _stale(work, version, district):
        return
    units = planning.units_for(folder, work.grid, work.locked)
    k = units.ids.index(district)
    target = st.session_state.get(key)
    if work.grid[k] != source or target not in targets(units, work.grid, k):
        _say(
            district,
            "error",
            _("Not moved: {district} has no neighbouring grid {grid}.").format(
                district=district, grid=target
            ),
        )
        return
    lo, hi = int(st.session_state[keys.PLANNING_LO]), int(st.session_state[keys.PLANNING_HI])
    if lo > hi:
        _say(
            district,
            "error",
            _("Not moved: the minimum ({lo}) is above the maximum ({hi}).").format(
                lo=f"{lo:,}", hi=f"{hi:,}"
            ),
        )
        return
    verdict = check_move(units, work.grid, k, target, lo, hi, locked=work.locked)
    if not verdict.ok:
        _say(district, "error", _("Not moved: {why}.").format(why=verdict.reason))
        return
    work.change(moved(work.grid, k, target), list(work.locked), planning.HAND)
    _say(
        district,
        "success",
        _("{district} moved from {source} to {target}.").format(
            district=district, source=source, target=target
        ),
    )


@lang.speaking
def _lock(folder: str, district: str, was_locked: bool, version: int) -> None:
    work = planning.working(folder)
    if _stale(work, version, district):
        return
    u = planning.base_units(folder)[0]
    k = u.ids.index(district)
    locked = list(work.locked)
    locked[k] = not was_locked
    work.change(list(work.grid), locked, planning.HAND)
    said = _("{district} locked in {grid}.") if locked[k] else _("{district} unlocked in {grid}.")
    _say(district, "success", said.format(district=district, grid=work.grid[k]))


@lang.speaking
def _undo(version: int) -> None:
    work: planning.Working = st.session_state[keys.PLANNING_WORK]
    if _stale(work, version, UNDO):
        return
    if work.undo():
        _say(
            UNDO,
            "success",
            _("Undone: the working plan is back to {origin}.").format(origin=md(work.origin)),
        )
