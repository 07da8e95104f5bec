"""A field member's phone: today's route in order, one card a stop, big buttons for the
next step. Made for a 390 × 844 screen: no tables, no typing except the reason a job
could not be finished. The member sees their own work only (`ui.auth` says who)."""

from __future__ import annotations

from datetime import datetime
from typing import Final
from urllib.parse import quote

import streamlit as st

from actions import board as actions_board
from dispatch.board import BoardJob, held_in_order
from dispatch.clock import CHINA_OFFSET
from dispatch.domain import JobStatus as S
from dispatch.domain import type_label
from dispatch.errors import DualGridError
from dispatch.lifecycle import LABELS
from dispatch.privacy import scrub
from dispatch.readable import DASH, clock_time
from i18n import N_, Words, _, _n
from store import board as store_board
from store.errors import ConflictError
from store.field import contact_to_dial
from store.users import User
from ui import auth, data, keys, state
from ui.format import md

#: The one next step of a job in the member's hands, as its button says it.
NEXT: Final = {S.ASSIGNED: S.EN_ROUTE, S.EN_ROUTE: S.ON_SITE, S.ON_SITE: S.DONE}
BUTTONS: Final = Words({S.EN_ROUTE: N_("On my way"), S.ON_SITE: N_("Arrived"), S.DONE: N_("Done")})


def tasks(user: User) -> None:
    """The member's route today, in order, each stop with its next step."""
    if user.member_id is None:
        st.error(_("Your user is not tied to a roster member; your grid leader gives access."))
        return
    now = store_board.clock(data.engine()).now()
    route = held_in_order(data.board_jobs()).get(user.member_id, [])
    state.shown_at(keys.FIELD_TASKS)
    if not route:
        st.info(_("No task for you now. New work appears here as soon as it is dispatched."))
        return
    st.caption(_n("{n} task, in the order of your route", "{n} tasks, in the order of your route",
                  len(route)).format(n=len(route)))  # fmt: skip
    for k, job in enumerate(route, start=1):
        _card(k, job, user, now)


def _card(k: int, job: BoardJob, user: User, now: datetime) -> None:
    local_now = now + CHINA_OFFSET
    with st.container(border=True):
        st.markdown(f"#### {k} · {md(type_label(job.type))} · {LABELS[S(job.status)]}")
        eta = clock_time(None if job.eta is None else job.eta + CHINA_OFFSET, local_now)
        due = clock_time(job.deadline + CHINA_OFFSET, local_now)
        late = job.deadline < now
        st.markdown(
            _("**Arrive** {eta} · **due** {due}").format(eta=eta, due=due)
            + (" · :red[**" + _("overdue") + "**]" if late else "")
        )
        st.markdown(f":material/location_on: {md(job.place or DASH)}")
        if job.description:
            st.markdown(f":material/description: {md(scrub(job.description))}")
        customer = " · ".join(x for x in (job.customer, job.contact) if x) or DASH
        st.markdown(f":material/person: {md(customer)}")
        a, b = st.columns(2)
        phone = contact_to_dial(data.engine(), job.id, user.member_id or "")
        if phone:  # dialled, never shown: the number is in the link only
            dial = f"tel:{quote(phone, safe='+')}"
            a.link_button(_("Call the customer"), dial, icon=":material/call:", width="stretch")
        at = f"{job.lat:.6f},{job.lon:.6f}"  # the phone's map app takes it from here
        b.link_button(_("Navigate"), f"geo:{at}?q={at}", icon=":material/directions:",
                      width="stretch")  # fmt: skip
        _next_step(job, user)


def _next_step(job: BoardJob, user: User) -> None:
    status = S(job.status)
    target = NEXT.get(status)
    if target is not None and st.button(
        BUTTONS[target], key=keys.field_step(job.id, target), type="primary", width="stretch",
        disabled=not auth.can("field work"), help=auth.why_not("field work"),
    ):  # fmt: skip
        _record(job, target, user, None)
    if status in {S.EN_ROUTE, S.ON_SITE}:
        with st.expander(_("Could not finish")), st.form(keys.field_failed_form(job.id)):
            reason = st.text_input(
                _("Why (the dispatcher reads it)"), max_chars=200,
                key=keys.field_failed_reason(job.id),
            )  # fmt: skip
            if st.form_submit_button(_("Could not finish"), width="stretch"):
                if not reason.strip():
                    st.error(_("Say why it could not be finished."))
                else:
                    _record(job, S.FAILED, user, reason.strip())


def _record(job: BoardJob, target: S, user: User, reason: str | None) -> None:
    """The step, as if the dispatcher had made it, by this member, on the version shown."""
    if not auth.allowed("field work"):
        return
    try:
        actions_board.step(
            data.engine(), job.id, target, by=auth.username(), version=job.version, reason=reason
        )
    except ConflictError:
        st.error(_("{job} changed since you opened it: look again.").format(job=job.id))
        return
    except DualGridError as exc:
        st.error(str(exc))
        return
    state.flash(
        keys.FIELD_TASKS, "success", _("{job}: {step}.").format(job=job.id, step=LABELS[target])
    )
    st.rerun()
