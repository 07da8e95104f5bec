"""The roster page's parts: a grid's 1 + n + x and windows; add, move, retire members;
a member's history; the roster as a file in and out."""

from __future__ import annotations

import re
from typing import Final

import pandas as pd
import streamlit as st

from dispatch.domain import SPECIALTY_LABELS, Specialty, roster_role_label
from dispatch.readable import DASH, or_dash
from dispatch.roles import LEADER
from dispatch.roster_io import RosterError, read_roster
from i18n import N_, Words, _, _n
from store import roster as store_roster
from store.errors import StoreError
from ui import auth, data, evaluation, keys, phone_access, roster_tables, state
from ui.format import md
from ui.workbook import csv_bytes, workbook

#: Why a member's history row opened, as the roster writes it.
REASONS: Final = Words(
    {
        "joined": N_("joined"),
        "moved": N_("moved from another grid"),
        "on the roster when the demo begins": N_("on the roster when the demo begins"),
    }
)
#: The roster writes "M0012 leads G03" when M0012 takes over G03 (the leader before
#: stays on as staff).
LEADS: Final = re.compile(r"(?P<member>\S+) leads (?P<grid>\S+)")


def _may() -> auth.Control:
    """``disabled`` and ``help`` of a roster control for the signed-in user's role."""
    return {"disabled": not auth.can("roster"), "help": auth.why_not("roster")}


def _changed() -> None:
    for loader in (data.roster, data.grids, data.member_positions):
        loader.clear()
    evaluation.forget()


def _reason(value: object) -> str:
    """A history row's reason in the reader's language (one not known, as written)."""
    text = or_dash(value)
    if text in REASONS:
        return REASONS[text]
    leads = LEADS.fullmatch(text)
    if leads:
        return _("{member} leads {grid}").format(**leads.groupdict())
    return text


def show_grid(grid: str) -> None:
    parts = data.roster(grid)
    staff, community, windows = parts["staff"], parts["community"], parts["windows"]
    leader = staff[staff["role"] == "leader"]
    a, b, c, d = st.columns(4)
    a.metric(
        _("Grid leader"),
        f"{leader['name'].iloc[0]} ({leader['id'].iloc[0]})" if len(leader) else DASH,
    )
    b.metric(_("Staff (n)"), len(staff))
    c.metric(_("Community grid members (x)"), len(community))
    d.metric(_("Service windows"), len(windows))
    st.markdown("**" + _("Staff (n)") + "**")
    roster_tables.staff_table(staff, roster_role_label)
    st.markdown("**" + _("Community grid members (x)") + "**")
    roster_tables.community_table(community)
    st.markdown("**" + _("Service windows and who is responsible") + "**")
    st.dataframe(
        {
            _("Id"): windows["id"].tolist(),
            _("Service window"): windows["name"].tolist(),
            _("Transformer district"): [or_dash(x) for x in windows["district_id"]],
            _("Responsible"): [or_dash(x) for x in windows["responsible"]],
            _("Longitude"): windows["lon"].tolist(),
            _("Latitude"): windows["lat"].tolist(),
        },
        hide_index=True,
        width="stretch",
    )


def add_form(grid: str) -> None:
    """Add a member; a refused form keeps what was typed, an accepted one starts empty."""
    options = store_roster.communities(data.engine(), grid)
    gen = st.session_state.get(keys.ROSTER_ADD_GENERATION, 0)
    with st.form(keys.roster_add_form(gen), clear_on_submit=False):
        st.markdown("**" + _("Add a member to {grid}").format(grid=grid) + "**")
        a, b, c = st.columns(3)
        name = a.text_input(_("Name"), max_chars=64, key=keys.roster_add_field("name", gen))
        kind_role = b.selectbox(
            _("As"), ["staff", "leader", "community"], format_func=roster_role_label,
            key=keys.roster_add_field("as", gen),
        )  # fmt: skip
        specialty = c.selectbox(
            _("Specialty (staff)"), list(Specialty), format_func=lambda s: SPECIALTY_LABELS[s],
            key=keys.roster_add_field("specialty", gen),
        )  # fmt: skip
        d, e = st.columns(2)
        community = d.selectbox(
            _("Community (community members)"),
            list(options["id"]),
            format_func=lambda i: str(options.set_index("id").loc[i, "name"]),
            key=keys.roster_add_field("community", gen),
        )
        phone = e.text_input(
            _("Mobile phone (optional)"), max_chars=11, key=keys.roster_add_field("phone", gen)
        )
        pressed = st.form_submit_button(_("Add member"), type="primary", **_may())
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
        below.error(
            _("Not added: {problem}. Nothing was written; what you typed is kept.").format(
                problem=md(exc)
            )
        )
        return
    _changed()
    st.session_state[keys.ROSTER_ADD_GENERATION] = gen + 1
    joined = _("{name} joined {grid} as {member}.").format(
        name=md(name.strip()), grid=grid, member=mid
    )
    state.flash(keys.ROSTER_ADD, "success", joined)
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
        _("Member"), list(label), format_func=label.__getitem__, key=keys.roster_member(grid),
        index=None, placeholder=_("Choose a member to move or retire…"),
    )  # fmt: skip
    if who is None:
        return
    row = mine.set_index("id").loc[who]
    names = grids.set_index("id")["name"]
    st.caption(
        _("{member}: {role}, in {grid}").format(
            member=md(label[who]),
            role=roster_role_label(row["role"]),
            grid=md(f"{grid} {names[grid]}"),
        )
    )
    station = grids.set_index("id").loc[grid, "station_id"]
    targets = [g for g in grids.loc[grids["station_id"] == station, "id"] if g != grid]
    a, b = st.columns(2)
    with a.form(keys.roster_move_form(who)):
        target = st.selectbox(
            _("Move to grid (same station)"), targets, key=keys.roster_move_to(who),
            format_func=data.grid_label,
        )  # fmt: skip
        if not targets:
            st.caption(_("No other grid in this station."))
        moving = st.form_submit_button(
            _("Move {member}").format(member=who),
            disabled=not targets or not auth.can("roster"), help=auth.why_not("roster"),
        )  # fmt: skip
        moved_here = st.container()
    with b.form(keys.roster_retire_form(who)):
        reason = st.text_input(_("Reason for leaving"), max_chars=200, key=keys.roster_reason(who))
        retiring = st.form_submit_button(_("Retire {member}").format(member=who), **_may())
        retired_here = st.container()
    if moving and auth.allowed("roster"):
        try:
            store_roster.move_member(data.engine(), who, target, by=auth.username(), in_grid=grid)
        except StoreError as exc:
            moved_here.error(_("Not moved: {problem}").format(problem=md(exc)))
        else:
            _changed()
            moved = _("{member} moved to {grid}.").format(member=md(label[who]), grid=target)
            state.flash(keys.ROSTER_CHANGE, "success", moved)
            st.rerun()
    if retiring and auth.allowed("roster"):
        try:
            store_roster.retire_member(
                data.engine(), who, reason=reason, by=auth.username(), in_grid=grid
            )
        except StoreError as exc:
            retired_here.error(_("Not retired: {problem}").format(problem=md(exc)))
        else:
            _changed()
            retired = _("{member} retired; their history is kept.").format(member=md(label[who]))
            state.flash(keys.ROSTER_CHANGE, "success", retired)
            st.rerun()
    phone_access.show(who, label[who], grid)
    st.caption(_("History of this member"))
    past = store_roster.history(data.engine(), who)
    st.dataframe(
        {
            _("Grid"): [f"{g} {names[g]}" if g in names else g for g in past["grid_id"]],
            _("Role"): [roster_role_label(r) for r in past["role"]],
            _("From"): [or_dash(d) for d in past["start_day"]],
            _("Until"): [or_dash(d) for d in past["end_day"]],
            _("Reason"): [_reason(r) for r in past["reason"]],
        },
        hide_index=True,
        width="stretch",
    )


def files() -> None:
    state.shown_at(keys.ROSTER_FILE)
    a, b = st.columns(2)
    frame = store_roster.roster_file(data.engine())
    frame = frame[frame["grid"].isin(auth.own_grids(sorted(set(frame["grid"]))))]
    # the columns a roster file is read by stay as the format names them; the community's
    # name, only for the reader, is said in their language
    frame = frame.rename(columns={"community": _("community")})
    a.download_button(
        _("Roster as CSV"),
        csv_bytes(frame),
        "roster.csv",
        mime="text/csv",
    )
    sheet = _("roster")
    b.download_button(
        _("Roster as Excel"),
        lambda: workbook({sheet: frame}),
        "roster.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click="ignore",
    )
    user = auth.current()
    if user is None or user.role == LEADER:
        return  # a county-wide file is for planners and administrators
    upload = st.file_uploader(
        _("Import a roster file (rows without id are added; rows with an id move that member)"),
        type=["csv", "xlsx"],
        key=keys.roster_upload(st.session_state.get(keys.ROSTER_UPLOAD_GENERATION, 0)),
        **_may(),
    )
    if upload is None:
        return
    checked = keys.roster_rows(upload.file_id)
    if checked not in st.session_state:  # nothing of the file is read before the click
        st.caption(
            _("{file}: {size} bytes, not read yet.").format(
                file=md(upload.name), size=f"{upload.size:,}"
            )
        )
        if not st.button(_("Check the file"), key=keys.ROSTER_CHECK, **_may()):
            return
        try:
            st.session_state[checked] = read_roster(upload.getvalue(), upload.name)
        except RosterError as exc:
            _refused(exc)
            return
    rows = st.session_state[checked]
    new = sum(r.id is None for r in rows)
    st.info(
        _n(
            "{file}: {n} row — {new} new member(s), {ids} with an id.",
            "{file}: {n} rows — {new} new member(s), {ids} with an id.",
            len(rows),
        ).format(file=md(upload.name), n=len(rows), new=new, ids=len(rows) - new)
    )
    if st.button(_("Import"), type="primary", key=keys.ROSTER_IMPORT, **_may()) and auth.allowed(
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
        done = _("Imported: {added} added, {moved} moved.").format(added=added, moved=moved)
        state.flash(keys.ROSTER_FILE, "success", done)
        st.rerun()


def _refused(exc: RosterError) -> None:
    st.error(
        _("Nothing imported — fix these rows:")
        + "\n\n"
        + "\n".join(f"- {md(p)}" for p in exc.problems[:50])
    )
