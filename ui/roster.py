"""The roster page's parts: a grid's 1 + n + x and windows; add, move, retire members;
a member's history; the roster as a file in and out."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dispatch.domain import SPECIALTY_LABELS, Specialty
from dispatch.roles import LEADER
from dispatch.roster_io import RosterError, read_roster
from store import roster as store_roster
from store.errors import StoreError
from ui import auth, data, evaluation, keys, state
from ui.format import md
from ui.workbook import csv_bytes, workbook


def _may() -> auth.Control:
    """``disabled`` and ``help`` of a roster control for the signed-in user's role."""
    return {"disabled": not auth.can("roster"), "help": auth.why_not("roster")}


def _changed() -> None:
    for loader in (data.roster, data.grids, data.member_positions):
        loader.clear()
    evaluation.forget()


def show_grid(grid: str) -> None:
    parts = data.roster(grid)
    staff, community, windows = parts["staff"], parts["community"], parts["windows"]
    leader = staff[staff["role"] == "leader"]
    a, b, c, d = st.columns(4)
    a.metric("Leader 网格长", leader["name"].iloc[0] if len(leader) else "none")
    b.metric("n staff 员工", len(staff))
    c.metric("x community 社区网格员", len(community))
    d.metric("Service windows", len(windows))
    st.markdown("**Staff (n)**")
    st.dataframe(staff, hide_index=True, width="stretch")
    st.markdown("**Community members (x)**")
    st.dataframe(community, hide_index=True, width="stretch")
    st.markdown("**Service windows and who is responsible**")
    st.dataframe(windows, hide_index=True, width="stretch")


def add_form(grid: str) -> None:
    """Add a member; a refused form keeps what was typed, an accepted one starts empty."""
    options = store_roster.communities(data.engine(), grid)
    gen = st.session_state.get(keys.ROSTER_ADD_GENERATION, 0)
    with st.form(keys.roster_add_form(gen), clear_on_submit=False):
        st.markdown(f"**Add a member to {grid}**")
        a, b, c = st.columns(3)
        name = a.text_input("Name", max_chars=64, key=keys.roster_add_field("name", gen))
        kind_role = b.selectbox(
            "As", ["staff", "leader", "community"], key=keys.roster_add_field("as", gen)
        )
        specialty = c.selectbox(
            "Specialty (staff)", list(Specialty), format_func=lambda s: SPECIALTY_LABELS[s],
            key=keys.roster_add_field("specialty", gen),
        )  # fmt: skip
        d, e = st.columns(2)
        community = d.selectbox(
            "Community (community members)",
            list(options["id"]),
            format_func=lambda i: str(options.set_index("id").loc[i, "name"]),
            key=keys.roster_add_field("community", gen),
        )
        phone = e.text_input(
            "Mobile phone (optional)", max_chars=11, key=keys.roster_add_field("phone", gen)
        )
        pressed = st.form_submit_button("Add member", type="primary", **_may())
        below = st.container()
    with below:
        state.shown_at(keys.ROSTER_ADD)
    if not pressed or not auth.allowed("roster"):
        return
    kind = "community" if kind_role == "community" else "staff"
    try:
        mid = store_roster.add_member(
            data.engine(),
            name=name,
            kind=kind,
            role=kind_role,
            grid=grid,
            specialty=str(specialty) if kind == "staff" else None,
            community=community if kind == "community" else None,
            phone=phone.strip() or None,
            by=auth.username(),
        )
    except StoreError as exc:
        below.error(f"Not added: {md(exc)}. Nothing was written; what you typed is kept.")
        return
    _changed()
    st.session_state[keys.ROSTER_ADD_GENERATION] = gen + 1
    state.flash(keys.ROSTER_ADD, "success", f"{md(name.strip())} joined {grid} as {mid}.")
    st.rerun()


def change_form(grid: str, grids: pd.DataFrame) -> None:
    """Move or retire the member picked; each write names the member and the grid the
    screen showed them in, and is refused if they have left it since."""
    people = store_roster.members(data.engine())
    mine = people[people["grid_id"] == grid]
    state.shown_at(keys.ROSTER_CHANGE)
    if mine.empty:
        return
    label = dict(zip(mine["id"], mine["name"] + " (" + mine["id"] + ")", strict=True))
    who = st.selectbox(
        "Member", list(label), format_func=label.__getitem__, key=keys.roster_member(grid),
        index=None, placeholder="Choose a member to move or retire…",
    )  # fmt: skip
    if who is None:
        return
    row = mine.set_index("id").loc[who]
    st.caption(f"{md(label[who])}: {row['role']}, {row['kind']}, in {grid}")
    station = grids.set_index("id").loc[grid, "station_id"]
    targets = [g for g in grids.loc[grids["station_id"] == station, "id"] if g != grid]
    names = grids.set_index("id")["name"]
    a, b = st.columns(2)
    with a.form(keys.roster_move_form(who)):
        target = st.selectbox(
            "Move to grid (same station)", targets, key=keys.roster_move_to(who),
            format_func=lambda g: f"{g} · {names[g]}",
        )  # fmt: skip
        if not targets:
            st.caption("No other grid in this station.")
        moving = st.form_submit_button(
            f"Move {who}", disabled=not targets or not auth.can("roster"),
            help=auth.why_not("roster"),
        )  # fmt: skip
        moved_here = st.container()
    with b.form(keys.roster_retire_form(who)):
        reason = st.text_input("Reason for leaving", max_chars=200, key=keys.roster_reason(who))
        retiring = st.form_submit_button(f"Retire {who}", **_may())
        retired_here = st.container()
    if moving and auth.allowed("roster"):
        try:
            store_roster.move_member(data.engine(), who, target, by=auth.username(), in_grid=grid)
        except StoreError as exc:
            moved_here.error(f"Not moved: {md(exc)}")
        else:
            _changed()
            state.flash(keys.ROSTER_CHANGE, "success", f"{md(label[who])} moved to {target}.")
            st.rerun()
    if retiring and auth.allowed("roster"):
        try:
            store_roster.retire_member(
                data.engine(), who, reason=reason, by=auth.username(), in_grid=grid
            )
        except StoreError as exc:
            retired_here.error(f"Not retired: {md(exc)}")
        else:
            _changed()
            state.flash(
                keys.ROSTER_CHANGE, "success", f"{md(label[who])} retired; their history is kept."
            )
            st.rerun()
    st.caption("History of this member")
    st.dataframe(store_roster.history(data.engine(), who), hide_index=True, width="stretch")


def files() -> None:
    state.shown_at(keys.ROSTER_FILE)
    a, b = st.columns(2)
    frame = store_roster.roster_file(data.engine())
    frame = frame[frame["grid"].isin(auth.own_grids(sorted(set(frame["grid"]))))]
    a.download_button(
        "Roster as CSV",
        csv_bytes(frame),
        "roster.csv",
        mime="text/csv",
    )
    b.download_button(
        "Roster as Excel",
        lambda: workbook({"roster": frame}),
        "roster.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click="ignore",
    )
    user = auth.current()
    if user is None or user.role == LEADER:
        return  # a county-wide file is for planners and administrators
    upload = st.file_uploader(
        "Import a roster file (rows without id are added; rows with an id move that member)",
        type=["csv", "xlsx"],
        key=keys.roster_upload(st.session_state.get(keys.ROSTER_UPLOAD_GENERATION, 0)),
        **_may(),
    )
    if upload is None:
        return
    checked = keys.roster_rows(upload.file_id)
    if checked not in st.session_state:  # nothing of the file is read before the click
        st.caption(f"{md(upload.name)}: {upload.size:,} bytes, not read yet.")
        if not st.button("Check the file", key=keys.ROSTER_CHECK, **_may()):
            return
        try:
            st.session_state[checked] = read_roster(upload.getvalue(), upload.name)
        except RosterError as exc:
            _refused(exc)
            return
    rows = st.session_state[checked]
    new = sum(r.id is None for r in rows)
    st.info(
        f"{md(upload.name)}: {len(rows)} rows — {new} new member(s), {len(rows) - new} with an id."
    )
    if st.button("Import", type="primary", key=keys.ROSTER_IMPORT, **_may()) and auth.allowed(
        "roster"
    ):
        try:
            added, moved = store_roster.import_roster(data.engine(), rows, by=auth.username())
        except RosterError as exc:
            _refused(exc)
            return
        st.session_state.pop(checked, None)
        # the imported file leaves the uploader: importing it twice would add its members twice
        st.session_state[keys.ROSTER_UPLOAD_GENERATION] = (
            st.session_state.get(keys.ROSTER_UPLOAD_GENERATION, 0) + 1
        )
        _changed()
        state.flash(keys.ROSTER_FILE, "success", f"Imported: {added} added, {moved} moved.")
        st.rerun()


def _refused(exc: RosterError) -> None:
    st.error(
        "Nothing imported — fix these rows:\n\n"
        + "\n".join(f"- {md(p)}" for p in exc.problems[:50])
    )
