"""The planning page's edit view: the working plan on the map; click a district (or
pick it by name) to paint it into a neighbouring grid or lock it; undo; the plan's
figures per grid; export."""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from geo.plan_edit import check_move, check_plan, moved, targets
from geo.plan_metrics import grid_table, summary
from ui import planning
from ui.assets import localize
from ui.planning_export import downloads
from ui.planning_map import edit_base, edit_layers

PICK = "planning.district"
CLICKED = "planning.clicked"
PENDING = "planning.pending"


def _label(u, features, k: int) -> str:
    return f"{u.ids[k]} · {features[k]['properties'].get('name', '')}".rstrip(" ·")


def show(folder: str, lo: int, hi: int) -> None:
    work = planning.working(folder)
    u, _ = planning.base_units(folder)
    units = planning.units_for(folder, work.grid, work.locked)
    ran = st.session_state.pop("planning.ran", None)
    if ran is not None:
        seconds, problems = ran
        st.success(f"Automatic plan ready in {seconds:.1f} s.")
        for problem in problems:
            st.warning(problem)
    ctx = planning.context(folder)
    live = planning.live_grid(folder)
    table = grid_table(units, work.grid, ctx, reference=live, lo=lo, hi=hi)
    line = summary(table, units)
    st.markdown(
        f"**Working plan** — from {work.origin}: {line['grids']} grids, "
        f"{line['grids within bounds']} within {lo:,}–{hi:,} households, "
        f"{line['households moved']} households in another grid than today, "
        f"{sum(work.locked)} district(s) locked."
    )
    check = check_plan(units, work.grid, lo, hi)
    for problem in check.blocking:
        st.error(problem)
    _editor(folder, work, units, lo, hi)
    layers = edit_layers(folder, u.ids, work.grid, table, work.locked, st.session_state.get(PICK))
    out = st_folium(
        localize(edit_base(folder)),
        key="planning-edit-map",
        height=560,
        use_container_width=True,
        feature_group_to_add=layers,
        returned_objects=["last_active_drawing"],
    )
    _follow_click(out or {}, u.ids)
    st.dataframe(table, hide_index=True, width="stretch")
    downloads(folder, work.grid, work.locked, "working-plan")


def _follow_click(out: dict, ids: list[str]) -> None:
    """A click on a district selects it (once per click)."""
    feature = out.get("last_active_drawing") or {}
    clicked = (feature.get("properties") or {}).get("id")
    if clicked in ids and clicked != st.session_state.get(CLICKED):
        st.session_state[CLICKED] = clicked
        st.session_state[PENDING] = clicked  # the picker takes it before it is drawn
        st.rerun()


def _editor(folder: str, work: planning.Working, units, lo: int, hi: int) -> None:
    _, features = planning.base_units(folder)
    a, b, c = st.columns([2, 2, 1.2])
    options = list(units.ids)
    if PENDING in st.session_state:
        st.session_state[PICK] = st.session_state.pop(PENDING)
    picked = a.selectbox(
        "District (or click one on the map)",
        options,
        index=None,
        key=PICK,
        format_func=lambda d: _label(units, features, options.index(d)),
        placeholder="Choose a district…",
    )
    if c.button("Undo", disabled=not work.history, width="stretch"):
        work.undo()
        st.rerun()
    if picked is None:
        return
    k = units.ids.index(picked)
    grid = work.grid[k]
    hh = int(units.households[k])
    where = targets(units, work.grid, k)
    state = "locked" if work.locked[k] else "free"
    a.caption(f"In **{grid}** ({units.station[k]}), {hh:,} households, {state}.")
    target = b.selectbox(
        "Paint into grid",
        where,
        index=0 if where else None,
        key="planning.target",
        placeholder="no neighbouring grid of this station",
    )
    m1, m2 = b.columns(2)
    if m1.button("Move", type="primary", disabled=target is None, width="stretch"):
        verdict = check_move(units, work.grid, k, target, lo, hi, locked=work.locked)
        if verdict.ok:
            work.change(moved(work.grid, k, target), list(work.locked), "hand edits")
            st.toast(f"{picked} moved from {grid} to {target}")
            st.rerun()
        st.error(f"Not moved: {verdict.reason}.")
    lock_label = "Unlock" if work.locked[k] else "Lock"
    if m2.button(lock_label, width="stretch"):
        locked = list(work.locked)
        locked[k] = not locked[k]
        work.change(list(work.grid), locked, "hand edits")
        st.rerun()
