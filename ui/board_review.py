"""A proposed plan under review (the board's and the flood surge's): what needs the
dispatcher's attention first — every job taken off a crew with its reason, every late
job by how much — then the routes to accept, the changes, the unassigned work with
reasons, a checked move, and the commit, which needs a tick when work leaves a crew."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Final

import pandas as pd
import streamlit as st

from actions import board as actions_board
from dispatch.clock import CHINA_OFFSET
from dispatch.domain import member_label, type_label
from dispatch.errors import DualGridError
from dispatch.live import BoardProblem, humanize
from dispatch.plan import Plan, Reason
from dispatch.readable import span
from dispatch.review import CHANGE_LABELS, Attention, attention, diff, move_job, named
from i18n import N_, _, _n
from store.errors import ConflictError
from ui import auth, data, keys, state
from ui.format import md

ROW_PX: Final = 35


@dataclass
class Proposal:
    """A proposed plan held in the session state while it is reviewed: a dispatcher's
    move replaces the plan, and unticking a member drops their route from the commit."""

    board: BoardProblem
    plan: Plan
    seconds: float  # how long the planning took
    accepted: set[str] = field(default_factory=set)  # the members whose routes commit

    @classmethod
    def of(cls, board: BoardProblem, plan: Plan, seconds: float) -> Proposal:
        """A fresh proposal: every route it makes is accepted."""
        return cls(board, plan, seconds, {r.member for r in plan.routes})


def hhmm(board: BoardProblem, seconds: float) -> str:
    return f"{board.start + timedelta(seconds=float(seconds)) + CHINA_OFFSET:%H:%M}"


def _height(rows: int, most: int = 12) -> int:
    """A table tall enough to show ``rows`` rows (up to ``most``) without scrolling."""
    return ROW_PX * (min(max(rows, 1), most) + 1) + 3


def left_out(board: BoardProblem, plan: Plan) -> list[tuple[str, Reason]]:
    """Every open job the plan does not serve, with its reason: the one count of
    unassigned work that the summary, the table and the report share."""
    return [(u.job, u.reason) for u in plan.unassigned] + [
        (j, r) for j, r in board.held.items() if j not in {u.job for u in plan.unassigned}
    ]


#: The columns of the attention table, the routes, the changes and the unassigned work.
ATTENTION_COLUMNS: Final = (
    N_("job"), N_("priority"), N_("type"), N_("change"), N_("from"), N_("to"), N_("late by"),
    N_("why"),
)  # fmt: skip
ROUTE_COLUMNS: Final = (
    N_("accept"), N_("member"), N_("name"), N_("grid"), N_("status"), N_("stops"),
    N_("new or moved"),
)  # fmt: skip


def attention_box(board: BoardProblem, items: list[Attention]) -> None:
    """At the top of the review: work taken off or moved between crews, and late work."""
    if not items:
        st.success(_("No job is taken off a crew and none is late."), icon=":material/verified:")
        return
    off = sum(1 for a in items if a.kind == "taken off")
    moved = sum(1 for a in items if a.kind == "moved")
    late = sum(1 for a in items if a.kind == "late")
    urgent = sum(1 for a in items if a.needs_tick and a.priority == 1)
    said = _(
        "**Review before the commit:** {off} job(s) taken off a crew, {moved} moved to "
        "another crew, {late} late"
    ).format(off=off, moved=moved, late=late)
    if urgent:
        said += _(" — **{n} of them priority 1**").format(n=urgent)
    st.warning(said + _("."), icon=":material/priority_high:")
    rows = [
        [
            a.job,
            a.priority,
            type_label(board.jobs[a.job].type),
            CHANGE_LABELS[a.kind] + (_(" (under way: recalls the crew)") if a.started else ""),
            named(board, a.before),
            named(board, a.after) if a.kind != "taken off" else _("back to new"),
            span(a.late_s) if a.kind == "late" else "",
            a.reason,
        ]
        for a in items
    ]
    st.dataframe(
        pd.DataFrame(rows, columns=[_(c) for c in ATTENTION_COLUMNS]),
        hide_index=True,
        width="stretch",
        height=_height(len(rows)),
    )


def review(proposal: Proposal, key: str, where: str) -> None:
    """The proposed plan: attention first, then per member (accept or not), changes,
    unassigned with reasons, a checked move, and the commit (confirmed at ``where``)."""
    board = proposal.board
    plan = proposal.plan
    problem = board.problem
    routed = sum(len(r.stops) for r in plan.routes)
    missing = left_out(board, plan)
    items = attention(board, plan)
    late = sum(1 for a in items if a.kind == "late")
    st.markdown(
        "#### "
        + _(
            "Proposed plan: {routed} jobs on {members} members, {unassigned} unassigned, "
            "{late} late; travel {hours:.1f} h — ready in {seconds:.1f} s"
        ).format(
            routed=routed,
            members=len(plan.routes),
            unassigned=len(missing),
            late=late,
            hours=plan.travel / 3600,
            seconds=proposal.seconds,
        )
    )
    attention_box(board, items)
    changes = {c.job: c for c in diff(board.current, plan, [j.id for j in problem.jobs])}
    rows: list[list[object]] = []
    for r in plan.routes:
        m = board.members[r.member]
        rows.append(
            [
                r.member in proposal.accepted,
                r.member,
                board.name(r.member),
                m.grid_id,
                member_label(m.status),
                " → ".join(
                    f"{j} {hhmm(board, s.arrival)}" for j, s in zip(r.jobs, r.stops, strict=True)
                ),
                sum(1 for j in r.jobs if changes[j].kind in {"assigned", "moved"}),
            ]
        )
    st.markdown(_("**Routes** — untick a member to keep their current route"))
    heads = [_(c) for c in ROUTE_COLUMNS]
    accept, member = heads[0], heads[1]
    edited = st.data_editor(
        pd.DataFrame(rows, columns=heads),
        hide_index=True,
        width="stretch",
        height=_height(len(rows), most=10),
        disabled=heads[1:] if rows else True,
        key=keys.review_accept(key, id(plan)),
    )
    if rows:
        proposal.accepted = set(edited.loc[edited[accept], member])
    left, right = st.columns(2)
    with left:
        moved = [c for c in changes.values() if c.kind in {"assigned", "moved", "taken off"}]
        st.markdown(_("**Changes from the committed plan** ({n})").format(n=len(moved)))
        st.dataframe(
            pd.DataFrame(
                [
                    [c.job, CHANGE_LABELS[c.kind], named(board, c.before), named(board, c.after)]
                    for c in moved
                ],
                columns=[_("job"), _("change"), _("from"), _("to")],
            ),
            hide_index=True,
            width="stretch",
            height=_height(len(moved), most=8),
        )
    with right:
        st.markdown(_("**Unassigned** ({n})").format(n=len(missing)))
        st.dataframe(
            pd.DataFrame(
                [
                    [
                        job,
                        type_label(board.jobs[job].type),
                        board.jobs[job].priority,
                        humanize(reason),
                    ]
                    for job, reason in missing
                ],
                columns=[_("job"), _("type"), _("priority"), _("reason")],
            ),
            hide_index=True,
            width="stretch",
            height=_height(len(missing), most=8),
        )
    st.download_button(
        _("The proposal as plan JSON"), json.dumps(plan.to_json(), ensure_ascii=False, indent=1),
        file_name="proposal.json", mime="application/json", key=keys.review_json(key),
        help=_("In the dispatch plan format (../shared/formats/dispatch.md), for other systems"),
    )  # fmt: skip
    move_form(proposal, key)
    commit(proposal, key, where, items)


def move_form(proposal: Proposal, key: str) -> None:
    board = proposal.board
    plan = proposal.plan
    serving = {j: r.member for r in plan.routes for j in r.jobs}
    with st.form(keys.review_move(key), border=True):
        st.markdown(_("**Move one job** (the move is checked: skills, deadlines, shift)"))
        a, b, c = st.columns([1.2, 1.6, 0.8])
        job = a.selectbox(
            _("Job"), [j.id for j in board.problem.jobs], key=keys.review_move_job(key),
            format_func=lambda j: f"{j} · {type_label(board.jobs[j].type)}",
        )  # fmt: skip
        member = b.selectbox(
            _("To member"), list(board.members), key=keys.review_move_to(key),
            format_func=lambda m: f"{board.name(m)} ({m}) · {board.members[m].grid_id}",
        )  # fmt: skip
        c.write("")
        pressed = c.form_submit_button(
            _("Move"), disabled=not auth.can("dispatch"), help=auth.why_not("dispatch")
        )
        if pressed and auth.allowed("dispatch"):
            try:
                proposal.plan = move_job(board, plan, job, member)
            except DualGridError as exc:
                st.error(_("Not moved: {why}").format(why=md(exc)), icon=":material/error:")
            else:
                proposal.accepted.add(member)
                was = serving.get(job)
                said = _("{job} moved to {member}").format(job=job, member=named(board, member))
                if was and was != member:
                    said += _(", from {member}").format(member=named(board, was))
                state.flash(keys.review_move(key), "success", said + _("."))
                st.rerun()
    state.shown_at(keys.review_move(key))


def commit(proposal: Proposal, key: str, where: str, items: list[Attention]) -> None:
    """Commit the accepted routes; work leaving a crew needs the tick first."""
    board = proposal.board
    plan = proposal.plan
    accepted = set(proposal.accepted)
    touching = [a for a in items if a.needs_tick and (a.before in accepted or a.after in accepted)]
    ticked = True
    if touching:
        names = _(", ").join(f"{a.job} (P{a.priority})" for a in touching[:12])
        if len(touching) > 12:
            names += _(" and {n} more").format(n=len(touching) - 12)
        ticked = st.checkbox(
            _(
                "I have reviewed the {n} job(s) this commit takes off a crew or moves "
                "to another: {jobs}"
            ).format(n=len(touching), jobs=names),
            key=keys.review_tick(key, id(plan)),
        )
    a, b = st.columns([1, 1])
    pressed = a.button(
        _n("Commit {n} accepted route", "Commit {n} accepted routes", len(accepted)).format(
            n=len(accepted)
        ),
        key=keys.review_commit(key),
        type="primary",
        disabled=not accepted or not ticked or not auth.can("dispatch"),
        help=auth.why_not("dispatch")
        or (None if ticked else _("Tick the box above: this commit takes work off a crew")),
        width="stretch",
    )
    if b.button(_("Discard the proposal"), key=keys.review_discard(key), width="stretch"):
        st.session_state.pop(key, None)
        state.flash(where, "info", _("Proposal discarded; the committed routes stand."))
        st.rerun()
    if not pressed or not auth.allowed("dispatch"):
        return
    routes = [r for r in plan.routes if r.member in accepted]
    try:
        result = actions_board.commit(
            data.engine(), board, plan, members=accepted, by=auth.username()
        )
    except ConflictError as exc:
        st.session_state.pop(key, None)
        data.clear_live()
        state.flash(where, "error", _("{why} Plan again.").format(why=exc))
        st.rerun()
    st.session_state.pop(key, None)
    data.clear_live()
    off = [a.job for a in touching if a.kind == "taken off"]
    said = _n(
        "Committed {n} route: {assigned} jobs assigned, {kept} kept or re-ordered, "
        "{off} back to new",
        "Committed {n} routes: {assigned} jobs assigned, {kept} kept or re-ordered, "
        "{off} back to new",
        len(routes),
    ).format(n=len(routes), assigned=result.assigned, kept=result.reordered, off=result.taken_off)
    if off:
        comma = _(", ")
        said += f" ({comma.join(off)})"
    state.flash(where, "success", said + _("."))
    st.rerun()
