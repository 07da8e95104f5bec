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
from dispatch.domain import JOB_TYPES
from dispatch.errors import DualGridError
from dispatch.live import BoardProblem, humanize
from dispatch.plan import Plan, Reason
from dispatch.review import Attention, attention, diff, move_job
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


def _name(board: BoardProblem, member: str | None) -> str:
    if member is None:
        return "—"
    m = board.members.get(member)
    return f"{m.name} ({member})" if m else member


def _late(seconds: int) -> str:
    minutes = seconds // 60
    return f"{minutes // 60} h {minutes % 60:02d} min" if minutes >= 60 else f"{minutes} min"


def attention_box(board: BoardProblem, items: list[Attention]) -> None:
    """At the top of the review: work taken off or moved between crews, and late work."""
    if not items:
        st.success("No job is taken off a crew and none is late.", icon=":material/verified:")
        return
    off = sum(1 for a in items if a.kind == "taken off")
    moved = sum(1 for a in items if a.kind == "moved")
    late = sum(1 for a in items if a.kind == "late")
    urgent = sum(1 for a in items if a.needs_tick and a.priority == 1)
    st.warning(
        f"**Review before the commit:** {off} job(s) taken off a crew, {moved} moved to "
        f"another crew, {late} late"
        + (f" — **{urgent} of them priority 1**" if urgent else "")
        + ".",
        icon=":material/priority_high:",
    )
    rows = [
        {
            "job": a.job,
            "priority": a.priority,
            "type": JOB_TYPES[board.jobs[a.job].type].label,
            "change": a.kind + (" (under way: recalls the crew)" if a.started else ""),
            "from": _name(board, a.before),
            "to": _name(board, a.after) if a.kind != "taken off" else "back to new",
            "late by": _late(a.late_s) if a.kind == "late" else "",
            "why": a.reason,
        }
        for a in items
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", height=_height(len(rows)))


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
        f"#### Proposed plan: {routed} jobs on {len(plan.routes)} members, {len(missing)} "
        f"unassigned, {late} late; travel {plan.travel / 3600:.1f} h — ready in "
        f"{proposal.seconds:.1f} s"
    )
    attention_box(board, items)
    changes = {c.job: c for c in diff(board.current, plan, [j.id for j in problem.jobs])}
    rows = []
    for r in plan.routes:
        m = board.members[r.member]
        rows.append(
            {
                "accept": r.member in proposal.accepted,
                "member": r.member,
                "name": m.name,
                "grid": m.grid_id,
                "status": m.status.replace("_", " "),
                "stops": " → ".join(
                    f"{j} {hhmm(board, s.arrival)}" for j, s in zip(r.jobs, r.stops, strict=True)
                ),
                "new or moved": sum(1 for j in r.jobs if changes[j].kind in {"assigned", "moved"}),
            }
        )
    st.markdown("**Routes** — untick a member to keep their current route")
    edited = st.data_editor(
        pd.DataFrame(rows),
        hide_index=True,
        width="stretch",
        height=_height(len(rows), most=10),
        disabled=[c for c in rows[0] if c != "accept"] if rows else True,
        key=keys.review_accept(key, id(plan)),
    )
    if rows:
        proposal.accepted = set(edited.loc[edited["accept"], "member"])
    left, right = st.columns(2)
    with left:
        moved = [c for c in changes.values() if c.kind in {"assigned", "moved", "taken off"}]
        st.markdown(f"**Changes from the committed plan** ({len(moved)})")
        st.dataframe(
            pd.DataFrame(
                [
                    {"job": c.job, "change": c.kind, "from": c.before or "—", "to": c.after or "—"}
                    for c in moved
                ],
                columns=["job", "change", "from", "to"],
            ),
            hide_index=True,
            width="stretch",
            height=_height(len(moved), most=8),
        )
    with right:
        st.markdown(f"**Unassigned** ({len(missing)})")
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "job": job,
                        "type": JOB_TYPES[board.jobs[job].type].label,
                        "priority": board.jobs[job].priority,
                        "reason": humanize(reason),
                    }
                    for job, reason in missing
                ],
                columns=["job", "type", "priority", "reason"],
            ),
            hide_index=True,
            width="stretch",
            height=_height(len(missing), most=8),
        )
    st.download_button(
        "The proposal as plan JSON", json.dumps(plan.to_json(), ensure_ascii=False, indent=1),
        file_name="proposal.json", mime="application/json", key=keys.review_json(key),
        help="In the dispatch plan format (../shared/formats/dispatch.md), for other systems",
    )  # fmt: skip
    move_form(proposal, key)
    commit(proposal, key, where, items)


def move_form(proposal: Proposal, key: str) -> None:
    board = proposal.board
    plan = proposal.plan
    serving = {j: r.member for r in plan.routes for j in r.jobs}
    with st.form(keys.review_move(key), border=True):
        st.markdown("**Move one job** (the move is checked: skills, deadlines, shift)")
        a, b, c = st.columns([1.2, 1.6, 0.8])
        job = a.selectbox(
            "Job", [j.id for j in board.problem.jobs], key=keys.review_move_job(key),
            format_func=lambda j: f"{j} · {JOB_TYPES[board.jobs[j].type].label}",
        )  # fmt: skip
        member = b.selectbox(
            "To member", list(board.members), key=keys.review_move_to(key),
            format_func=lambda m: f"{board.members[m].name} ({m}) · {board.members[m].grid_id}",
        )  # fmt: skip
        c.write("")
        pressed = c.form_submit_button(
            "Move", disabled=not auth.can("dispatch"), help=auth.why_not("dispatch")
        )
        if pressed and auth.allowed("dispatch"):
            try:
                proposal.plan = move_job(board, plan, job, member)
            except DualGridError as exc:
                st.error(f"Not moved: {md(exc)}", icon=":material/error:")
            else:
                proposal.accepted.add(member)
                was = serving.get(job)
                state.flash(
                    keys.review_move(key), "success",
                    f"{job} moved to {board.members[member].name} ({member})"
                    + (f", from {was}" if was and was != member else "") + ".",
                )  # fmt: skip
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
        names = ", ".join(f"{a.job} (P{a.priority})" for a in touching[:12])
        more = f" and {len(touching) - 12} more" if len(touching) > 12 else ""
        ticked = st.checkbox(
            f"I have reviewed the {len(touching)} job(s) this commit takes off a crew or moves "
            f"to another: {names}{more}",
            key=keys.review_tick(key, id(plan)),
        )
    a, b = st.columns([1, 1])
    pressed = a.button(
        f"Commit {len(accepted)} accepted route(s)",
        key=keys.review_commit(key),
        type="primary",
        disabled=not accepted or not ticked or not auth.can("dispatch"),
        help=auth.why_not("dispatch")
        or (None if ticked else "Tick the box above: this commit takes work off a crew"),
        width="stretch",
    )
    if b.button("Discard the proposal", key=keys.review_discard(key), width="stretch"):
        st.session_state.pop(key, None)
        state.flash(where, "info", "Proposal discarded; the committed routes stand.")
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
        state.flash(where, "error", f"{exc} Plan again.")
        st.rerun()
    st.session_state.pop(key, None)
    data.clear_live()
    off = [a.job for a in touching if a.kind == "taken off"]
    state.flash(
        where,
        "success",
        f"Committed {len(routes)} route(s): {result.assigned} jobs assigned, "
        f"{result.reordered} kept or re-ordered, {result.taken_off} back to new"
        + (f" ({', '.join(off)})" if off else "")
        + ".",
    )
    st.rerun()
