"""The planning page's saved-plans view: save the working plan under a name, open a
saved plan for editing, export it, delete it, or make it the live grids.

A saved plan never changes; it is saved and deleted. So a plan's id with its save time
names the exact record (SQLite may give a deleted plan's id to the next plan saved).
Every button carries both from the view the planner saw, and each write first reads
the plan again from the store: a plan deleted or replaced since is refused, nothing
changed."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from actions import plans as actions_plans
from dispatch.readable import or_dash
from dispatch.roles import label, may, write_label
from geo.plan_edit import check_plan
from i18n import _
from store import plans as store_plans
from store.errors import StoreError
from ui import auth, data, keys, lang, planning
from ui.format import local_time, md
from ui.planning_compare import saved, saved_grid, stamp
from ui.planning_export import downloads

WRITE = "plan grids"


@dataclass(frozen=True)
class Shown:
    """The saved plan as the planner saw it."""

    id: int
    version: str  # when it was saved
    name: str

    @property
    def where(self) -> str:
        return f"{self.id}.{self.version}"


def _refused() -> str | None:
    user = auth.current()
    if user is not None and may(user.role, WRITE):
        return None
    return _("Refused: your role ({role}) may not {write}.").format(
        role=label(user.role if user else None), write=write_label(WRITE)
    )


def _forget() -> None:
    """After a write: every cached figure that depends on the store is stale."""
    saved.clear()
    saved_grid.clear()
    for loader in (data.district_grids, data.grids, data.service_windows, data.roster):
        loader.clear()
    data.clear_live()


def _say(where: str, kind: str, text: str) -> None:
    st.session_state[keys.PLANNING_SAVED_SAID] = {
        "where": where,
        "kind": kind,
        "text": text,
        "toast": kind,
    }


def _said(where: str) -> None:
    said = st.session_state.get(keys.PLANNING_SAVED_SAID)
    if said and said["where"] == where:
        {"success": st.success, "error": st.error, "info": st.info}[said["kind"]](said["text"])


def _toast() -> None:
    said = st.session_state.get(keys.PLANNING_SAVED_SAID)
    if said and said.pop("toast", None) == "success":
        st.toast(said["text"], icon=":material/check_circle:")


def show(folder: str, lo: int, hi: int) -> None:
    u = planning.base_units(folder)[0]
    work = planning.working(folder)
    go = st.session_state.pop(keys.PLANNING_SAVED_GO, None)
    _toast()
    with st.form(keys.PLANNING_SAVE, border=True):
        st.markdown(_("**Save the working plan** (from {origin})").format(origin=md(work.origin)))
        a, b = st.columns([1, 2])
        a.text_input(_("Plan name"), max_chars=store_plans.NAME_MAX, key=keys.PLANNING_SAVE_NAME)
        b.text_input(_("Note (optional)"), key=keys.PLANNING_SAVE_NOTE)
        st.form_submit_button(
            _("Save plan"), type="primary", on_click=_save, args=(folder, work.version, lo, hi)
        )
        _said("save")
    plans = saved(data.store_label())
    if plans.empty:
        _said("list")
        st.info(_("No saved plans yet."))
        return
    live = store_plans.live_plan(data.engine())
    rows = plans.assign(saved=local_time(plans["created_at"])).set_index("id")
    st.dataframe(listed(plans, live), hide_index=True, width="stretch")
    pick = st.selectbox(
        _("Saved plan"),
        [int(i) for i in plans["id"]],
        format_func=lambda i: _("{name} · #{id} · saved {at}").format(
            name=rows.loc[i, "name"], id=i, at=rows.loc[i, "saved"]
        ),
        key=keys.PLANNING_SAVED,
    )
    row = rows.loc[pick]
    shown = Shown(int(pick), stamp(row["created_at"]), str(row["name"]))
    grid, locked = saved_grid(shown.id, shown.version, tuple(u.ids))
    about = (
        _(
            "**{name}** (#{id}): {grids} grids, {locked} district(s) locked; saved {at} by "
            "{by} — **the live grids now**."
        )
        if live == shown.id
        else _(
            "**{name}** (#{id}): {grids} grids, {locked} district(s) locked; saved {at} by {by}."
        )
    )
    st.markdown(
        about.format(
            name=md(shown.name),
            id=shown.id,
            grids=int(row["grids"]),
            locked=int(row["locked"] or 0),
            at=row["saved"],
            by=md(row["created_by"]),
        )
    )
    a, b, _rest = st.columns([1, 1, 2])
    a.button(
        _("Open for editing"),
        width="stretch",
        key=keys.planning_open(shown.where),
        on_click=_open,
        args=(folder, shown),
    )
    b.button(
        _("Delete"),
        width="stretch",
        key=keys.planning_delete(shown.where),
        on_click=_delete,
        args=(shown,),
    )
    _said(shown.where)
    _said("list")  # a plan deleted or gone: said where its buttons were
    downloads(folder, grid, locked, f"plan-{shown.id}")
    _make_live(folder, shown, grid, lo, hi, go)


def listed(plans: pd.DataFrame, live: int | None) -> pd.DataFrame:
    """The saved plans as the planner reads them: headers in words, times local, the
    household bounds as one range, a dash where there is nothing (never made live, no
    note)."""
    made_live = local_time(plans["made_live_at"])
    return pd.DataFrame(
        {
            _("#"): plans["id"].astype(int).tolist(),
            _("Plan name"): plans["name"].tolist(),
            _("Grids"): plans["grids"].astype(int).tolist(),
            _("Districts locked"): plans["locked"].fillna(0).astype(int).tolist(),
            _("Households per grid"): [
                f"{int(lo):,}–{int(hi):,}"
                for lo, hi in zip(plans["min_households"], plans["max_households"], strict=True)
            ],
            _("Saved"): local_time(plans["created_at"]).tolist(),
            _("Saved by"): plans["created_by"].tolist(),
            _("Made live"): [or_dash(t) for t in made_live],
            _("Live now"): (plans["id"] == live).tolist(),
            _("Note"): [or_dash(n) for n in plans["note"]],
        }
    )


@lang.speaking
def _save(folder: str, version: int, lo: int, hi: int) -> None:
    """Save the working plan as it was shown; the fields are kept when refused."""
    name = str(st.session_state.get(keys.PLANNING_SAVE_NAME) or "").strip()
    note = str(st.session_state.get(keys.PLANNING_SAVE_NOTE) or "")
    work = planning.working(folder)
    if st.session_state.get(keys.PLANNING_SAVED_LAST) == (name, version) and _exists(name):
        # the same click twice (or the same plan again): saved once, say so
        _say(
            "save",
            "info",
            _("“{name}” is saved already: this very plan, just now.").format(name=md(name)),
        )
        return
    if refused := _refused():
        _say("save", "error", refused)
        return
    if work.version != version:
        _say("save", "error", _("Not saved: the working plan changed since it was shown."))
        return
    if not name:
        _say("save", "error", _("Not saved: give the plan a name."))
        return
    u = planning.base_units(folder)[0]
    held = {i for i, lk in zip(u.ids, work.locked, strict=True) if lk}
    try:
        store_plans.save_plan(
            data.engine(),
            name,
            dict(zip(u.ids, work.grid, strict=True)),
            locked=held,
            lo=lo,
            hi=hi,
            by=auth.username(),
            note=note,
        )
    except StoreError as exc:
        _say("save", "error", _("Not saved: {error}.").format(error=md(exc)))
        return
    saved.clear()
    st.session_state[keys.PLANNING_SAVED_LAST] = (name, version)
    st.session_state[keys.PLANNING_SAVE_NAME] = st.session_state[keys.PLANNING_SAVE_NOTE] = ""
    _say("save", "success", _("Saved “{name}”; it is listed below.").format(name=md(name)))


def _exists(name: str) -> bool:
    return name in set(store_plans.saved_plans(data.engine())["name"])


def _current(shown: Shown) -> str | None:
    """Why the plan shown is no longer the one in the store (None: it still is)."""
    listed = store_plans.saved_plans(data.engine())
    now = listed[listed["id"] == shown.id]
    if now.empty:
        return _("“{name}” (#{id}) is no longer saved; nothing changed.").format(
            name=md(shown.name), id=shown.id
        )
    if stamp(now.iloc[0]["created_at"]) != shown.version:
        return _(
            "#{id} is now another plan (“{other}”); “{name}” is gone. Nothing changed."
        ).format(id=shown.id, other=md(now.iloc[0]["name"]), name=md(shown.name))
    return None


@lang.speaking
def _open(folder: str, shown: Shown) -> None:
    if gone := _current(shown):
        saved.clear()
        _say("list", "error", gone)
        return
    u = planning.base_units(folder)[0]
    grid, locked = saved_grid(shown.id, shown.version, tuple(u.ids))
    planning.working(folder).change(grid, locked, planning.saved_origin(shown.name))
    _say(
        shown.where,
        "success",
        _("“{name}” is now the working plan; edit it in the Edit view.").format(
            name=md(shown.name)
        ),
    )


@lang.speaking
def _delete(shown: Shown) -> None:
    if refused := _refused():
        _say(shown.where, "error", refused)
        return
    if gone := _current(shown):
        saved.clear()
        _say("list", "error", gone)
        return
    try:
        store_plans.delete_plan(data.engine(), shown.id, by=auth.username(), saved_at=shown.version)
    except StoreError as exc:
        _say("list", "error", _("Not deleted: {error}.").format(error=md(exc)))
        return
    _forget()
    _say(
        "list",
        "success",
        _("Deleted “{name}” (#{id}).").format(name=md(shown.name), id=shown.id),
    )


@lang.speaking
def _confirm(shown: Shown, sure: str) -> None:
    """Check the click before the page runs the (longer) write beside the button."""
    if refused := _refused():
        _say("live", "error", refused)
    elif not st.session_state.get(sure):
        _say("live", "error", _("Nothing changed: tick the box above first."))
    elif gone := _current(shown):
        saved.clear()
        _say("list", "error", gone)
    else:
        st.session_state[keys.PLANNING_SAVED_GO] = shown


def _make_live(
    folder: str, shown: Shown, grid: list[str], lo: int, hi: int, go: Shown | None
) -> None:
    st.markdown(_("**Make this plan the live grids**"))
    units = planning.units_for(folder, grid)
    check = check_plan(units, grid, lo, hi)
    for problem in check.blocking:
        st.error(_("Cannot go live: {problem}.").format(problem=problem))
    for warning in check.warnings:
        st.warning(warning)
    sure = keys.planning_sure(shown.where)  # a tick for one plan never carries to another
    ticked = st.checkbox(
        _(
            "Move districts, customers, service windows, open jobs and rosters to “{name}” now"
        ).format(name=md(shown.name)),
        key=sure,
        disabled=bool(check.blocking),
    )
    st.button(
        _("Make live"),
        type="primary",
        disabled=not ticked or bool(check.blocking),
        key=keys.planning_live(shown.where),
        on_click=_confirm,
        args=(shown, sure),
    )
    if go is not None:
        _run_live(go)
    _said("live")


def _run_live(go: Shown) -> None:
    try:
        with st.spinner(_("Moving everything to the grids of “{name}”…").format(name=md(go.name))):
            result = actions_plans.make_live(
                data.engine(), go.id, by=auth.username(), saved_at=go.version
            )
    except StoreError as exc:
        _say("live", "error", _("Nothing changed: {error}.").format(error=md(exc)))
        return
    _forget()
    notes = "".join(f"\n- {md(n)}" for n in result.notes)
    _say(
        "live",
        "success",
        _(
            "“{name}” is live: {districts} districts ({households} households) changed grid; "
            "{members} members moved; new grids: {new}; retired: {retired}."
        ).format(
            name=md(result.plan),
            districts=result.districts_moved,
            households=f"{result.households_moved:,}",
            members=result.members_moved,
            new=_(", ").join(result.new_grids) or _("none"),
            retired=_(", ").join(result.retired_grids) or _("none"),
        )
        + notes,
    )
    st.rerun()  # the plans' table and every figure from the store show the new grids
