"""The board's Crews view: which job types are two-person work, and who works as a crew
this shift (`dispatch.crews`). Until the dispatcher changes anything, each grid's repair
member is paired inside the grid; a change saves the whole shift's pairing."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import streamlit as st

from dispatch.board import BoardMember, Snapshot
from dispatch.clock import local
from dispatch.crews import Crews, default_pairs, shift_crews
from dispatch.domain import JOB_TYPES, member_label, type_label
from dispatch.errors import DualGridError
from i18n import _, _n, language
from store import crews as store_crews
from store.snapshot import snapshot
from ui import auth, data, keys, state


def crews(now: datetime) -> None:
    """The crew sizes per job type, then the shift's crews and the forms that change them."""
    snap = snapshot(data.engine(), now)
    _sizes(snap, now)
    st.divider()
    _pairs(snap, shift_crews(snap), now)


def _sizes(snap: Snapshot, now: datetime) -> None:
    st.markdown(_("**Two-person work** — job types routed only to a crew of two"))
    state.shown_at(keys.BOARD_CREW_SIZES)
    with st.form(keys.BOARD_CREW_SIZES, border=True):
        chosen = st.multiselect(
            _("Job types that need a crew of two (one works, one guards)"),
            list(JOB_TYPES), default=[k for k, n in snap.crew_sizes.items() if n > 1],
            format_func=type_label, key=keys.board_crew_types(language()),
        )  # fmt: skip
        pressed = st.form_submit_button(
            _("Save"), disabled=not auth.can("dispatch"), help=auth.why_not("dispatch")
        )
    if pressed:
        sizes = {k: 2 if k in chosen else 1 for k in JOB_TYPES}
        try:
            store_crews.save_sizes(data.engine(), sizes, by=auth.username(), now=now)
        except DualGridError as exc:
            st.error(str(exc), icon=":material/error:")
            return
        said = ", ".join(type_label(k) for k in chosen) or _("none")
        state.flash(keys.BOARD_CREW_SIZES, "success", _("Two-person work: {types}").format(
            types=said))  # fmt: skip
        st.rerun()


def _name(people: dict[str, BoardMember], member_id: str) -> str:
    m = people.get(member_id)
    return f"{m.name} ({member_id})" if m else member_id


def crew_table(snap: Snapshot, crews: Crews) -> pd.DataFrame:
    """The shift's crews: who, where, how they stand, and the open work they hold."""
    people = {m.id: m for m in snap.members}
    held: dict[str, int] = {}
    for j in snap.jobs:
        if j.member_id:
            held[j.member_id] = held.get(j.member_id, 0) + 1
    rows = [
        {
            _("Crew (lead)"): _name(people, lead),
            _("Mate"): _name(people, mate),
            _("Grid"): people[lead].grid_id if lead in people else "",
            _("Status"): " / ".join(
                member_label(people[p].status) for p in (lead, mate) if p in people
            ),
            _("Open jobs held"): held.get(lead, 0),
        }
        for lead, mate in sorted(crews.pairs.items())
    ]
    return pd.DataFrame(rows)


def _pairs(snap: Snapshot, crews: Crews, now: datetime) -> None:
    day = f"{local(now):%Y-%m-%d}"
    n = len(crews.pairs)
    head = _n("**Crews of {day}**: {n} crew of two", "**Crews of {day}**: {n} crews of two", n)
    st.markdown(head.format(day=day, n=n))
    st.caption(
        _("As the dispatcher paired them for this shift.")
        if crews.saved
        else _("The default pairing: each grid's repair member with a colleague of the grid. "
               "Any change below saves the shift's pairing.")
    )  # fmt: skip
    state.shown_at(keys.BOARD_CREWS)
    if n:
        st.dataframe(crew_table(snap, crews), hide_index=True, width="stretch")
    staff = [m for m in snap.members if m.kind == "staff" and m.status != "off_duty"]
    people = {m.id: m for m in staff}
    allowed: auth.Control = {"disabled": not auth.can("dispatch"), "help": auth.why_not("dispatch")}
    a, b = st.columns(2)
    with a, st.form(keys.BOARD_CREW_PAIR, border=True):
        st.markdown(_("**Pair two members**"))
        lead = st.selectbox(_("Lead"), list(people), index=None, key=keys.BOARD_CREW_LEAD,
                            format_func=lambda m: f"{_name(people, m)} · {people[m].grid_id}",
                            placeholder=_("Choose a member"))  # fmt: skip
        mate = st.selectbox(_("Mate"), list(people), index=None, key=keys.BOARD_CREW_MATE,
                            format_func=lambda m: f"{_name(people, m)} · {people[m].grid_id}",
                            placeholder=_("Choose a member"))  # fmt: skip
        paired = st.form_submit_button(_("Pair"), **allowed)
    with b, st.form(keys.BOARD_CREW_SPLIT, border=True):
        st.markdown(_("**Split a crew**"))
        split = st.selectbox(_("Crew"), sorted(crews.pairs), index=None,
                             key=keys.BOARD_CREW_SPLIT_PICK,
                             format_func=lambda m: f"{_name(people, m)} + "
                             f"{_name(people, crews.pairs[m])}",
                             placeholder=_("Choose a crew"))  # fmt: skip
        parted = st.form_submit_button(_("Split"), **allowed)
        reset = st.form_submit_button(_("Back to the default pairing"), **allowed)
    if paired:
        _pair(crews, lead, mate, people, now)
    elif parted and split is not None:
        _save({k: v for k, v in crews.pairs.items() if k != split}, now,
              _("Crew split: {crew}").format(crew=f"{_name(people, split)} + "
                                              f"{_name(people, crews.pairs[split])}"))  # fmt: skip
    elif parted:
        st.error(_("Choose the crew to split."), icon=":material/error:")
    elif reset:
        pairs = default_pairs(snap.members, snap.crew_sizes)
        _save(pairs, now, _("Back to the default pairing: {n} crews").format(n=len(pairs)))


def _pair(
    crews: Crews, lead: str | None, mate: str | None, people: dict[str, BoardMember], now: datetime
) -> None:
    if lead is None or mate is None:
        st.error(_("Choose both the lead and the mate."), icon=":material/error:")
        return
    if lead == mate:
        st.error(_("Choose two different members."), icon=":material/error:")
        return
    pairs = {k: v for k, v in crews.pairs.items() if not {k, v} & {lead, mate}}
    broken = sorted(set(crews.pairs) - set(pairs))
    pairs[lead] = mate
    said = _("Crew: {lead} + {mate}").format(lead=_name(people, lead), mate=_name(people, mate))
    if broken:
        said += " · " + _("split to make it: {crews}").format(
            crews=", ".join(f"{_name(people, k)} + {_name(people, crews.pairs[k])}" for k in broken)
        )
    _save(pairs, now, said)


def _save(pairs: dict[str, str], now: datetime, said: str) -> None:
    try:
        store_crews.save_crews(data.engine(), pairs.items(), by=auth.username(), now=now)
    except DualGridError as exc:
        st.error(str(exc), icon=":material/error:")
        return
    state.flash(keys.BOARD_CREWS, "success", said)
    st.rerun()
