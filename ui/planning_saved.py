"""The planning page's saved-plans view: save the working plan under a name, open a
saved plan for editing, export it, delete it, or make it the live grids."""

from __future__ import annotations

import streamlit as st

from geo.plan_edit import check_plan
from store import plans as store_plans
from store.errors import StoreError
from ui import auth, data, planning
from ui.format import md
from ui.planning_compare import saved, saved_grid
from ui.planning_export import downloads

USER = "planner"


def _user() -> str:
    return st.session_state.get("user", USER)


def _forget() -> None:
    """After a write: every cached figure that depends on the store is stale."""
    saved.clear()
    saved_grid.clear()
    for loader in (data.district_grids, data.grids, data.service_windows, data.roster):
        loader.clear()
    data.clear_live()


def show(folder: str, lo: int, hi: int) -> None:
    u, _ = planning.base_units(folder)
    work = planning.working(folder)
    with st.form("planning.save", clear_on_submit=True, border=True):
        st.markdown(f"**Save the working plan** (from {md(work.origin)})")
        a, b = st.columns([1, 2])
        name = a.text_input("Name", max_chars=store_plans.NAME_MAX)
        note = b.text_input("Note (optional)")
        if st.form_submit_button("Save plan", type="primary") and auth.allowed("plan grids"):
            assignment = dict(zip(u.ids, work.grid, strict=True))
            held = {i for i, lk in zip(u.ids, work.locked, strict=True) if lk}
            try:
                store_plans.save_plan(
                    data.engine(),
                    name,
                    assignment,
                    locked=held,
                    lo=lo,
                    hi=hi,
                    by=_user(),
                    note=note,
                )
            except StoreError as exc:
                st.error(f"Not saved: {exc}")
            else:
                saved.clear()
                st.success(f"Saved “{md(name.strip())}”.")
    plans = saved(data.store_label())
    live = store_plans.live_plan(data.engine())
    if plans.empty:
        st.info("No saved plans yet.")
        return
    shown = plans.assign(live=plans["id"] == live)
    st.dataframe(shown, hide_index=True, width="stretch")
    pick = st.selectbox(
        "Saved plan",
        list(plans["id"]),
        format_func=lambda i: str(plans.set_index("id").loc[i, "name"]),
        key="planning.saved",
    )
    grid, locked = saved_grid(int(pick), tuple(u.ids))
    name = str(plans.set_index("id").loc[pick, "name"])
    a, b, _ = st.columns([1, 1, 2])
    if a.button("Open for editing", width="stretch"):
        work.change(grid, locked, f"saved plan “{name}”")
        st.success(f"“{md(name)}” is now the working plan; edit it in the Edit view.")
    if b.button("Delete", width="stretch") and auth.allowed("plan grids"):
        store_plans.delete_plan(data.engine(), int(pick), by=_user())
        _forget()
        st.rerun()
    downloads(folder, grid, locked, f"plan-{pick}")
    _make_live(folder, int(pick), name, grid, lo, hi)


def _make_live(folder: str, pick: int, name: str, grid: list[str], lo: int, hi: int) -> None:
    st.markdown("**Make this plan the live grids**")
    units = planning.units_for(folder, grid)
    check = check_plan(units, grid, lo, hi)
    for problem in check.blocking:
        st.error(f"Cannot go live: {problem}.")
    for warning in check.warnings:
        st.warning(warning)
    sure = st.checkbox(
        f"Move districts, customers, service windows, open jobs and rosters to “{name}” now",
        key="planning.sure",
        disabled=bool(check.blocking),
    )
    if st.button(
        "Make live", type="primary", disabled=not sure or bool(check.blocking)
    ) and auth.allowed("plan grids"):
        try:
            with st.spinner("Moving everything to the new grids…"):
                result = store_plans.make_live(data.engine(), pick, by=_user())
        except StoreError as exc:
            st.error(f"Nothing changed: {exc}")
            return
        _forget()
        st.success(
            f"“{result.plan}” is live: {result.districts_moved} districts "
            f"({result.households_moved:,} households) changed grid; "
            f"{result.members_moved} members moved; new grids: "
            f"{', '.join(result.new_grids) or 'none'}; retired: "
            f"{', '.join(result.retired_grids) or 'none'}."
        )
        for note in result.notes:
            st.info(note)
