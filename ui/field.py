"""A field member's phone: today's route in order, one card a stop, big buttons for the
next step. Made for a 390 × 844 screen: no tables, no typing except the reason a job
could not be finished. The member sees their own work only (`ui.auth` says who)."""

from __future__ import annotations

from datetime import datetime
from typing import Final
from urllib.parse import quote

import streamlit as st

from actions import field as actions_field
from dispatch.board import BoardJob, shared_in_order
from dispatch.clock import CHINA_OFFSET
from dispatch.domain import JobStatus as S
from dispatch.domain import type_label
from dispatch.errors import DualGridError
from dispatch.field import Fix
from dispatch.lifecycle import LABELS
from dispatch.privacy import scrub
from dispatch.readable import DASH, clock_time, span
from i18n import N_, Words, _, _n
from store import board as store_board
from store import field as store_field
from store.errors import ConflictError
from store.field import contact_to_dial
from store.users import User
from ui import auth, data, keys, state
from ui.format import md
from ui.geo_button import geo_button, geo_watch

#: The one next step of a job in the member's hands, as its button says it.
NEXT: Final = {S.ASSIGNED: S.EN_ROUTE, S.EN_ROUTE: S.ON_SITE, S.ON_SITE: S.DONE}
#: How often a checked-in phone shares where it is.
SHARE_EVERY_S: Final = 60
BUTTONS: Final = Words({S.EN_ROUTE: N_("On my way"), S.ON_SITE: N_("Arrived"), S.DONE: N_("Done")})


def grid_work(user: User) -> None:
    """Checked in to grid work or not, and the one button that changes it, taking the
    phone's position (the attendance indicator counts these sessions)."""
    member = user.member_id
    if member is None:
        return
    since = store_field.open_check_in(data.engine(), member)
    now = store_board.clock(data.engine()).now()
    state.shown_at(keys.FIELD_WORK)
    with st.container(border=True):
        if since is None:
            st.markdown(_("**Grid work**: not checked in"))
            fix = geo_button(
                _("Check in here"), _("Finding where you are…"), key=keys.FIELD_CHECK_IN
            )
        else:
            local = clock_time(since + CHINA_OFFSET, now + CHINA_OFFSET)
            st.markdown(_("**Grid work**: checked in since {time}").format(time=local))
            fix = geo_button(_("Check out"), _("Finding where you are…"), key=keys.FIELD_CHECK_OUT)
            _share(member)
    if fix is not None and auth.allowed("field work"):
        _take_fix(member, fix, now, checking_out=since is not None)


def _take_fix(member: str, tap: dict[str, object], now: datetime, *, checking_out: bool) -> None:
    """The check-in or check-out the tap asked for, where the phone was (or without a
    place, said so, when the phone would not tell)."""
    place = {} if "error" in tap else {
        "lat": _number(tap.get("lat")), "lon": _number(tap.get("lon")),
        "accuracy_m": _number(tap.get("accuracy")),
    }  # fmt: skip
    key = str(tap.get("key") or "")[:64] or None
    try:
        fix = Fix(now, **place)
        if checking_out:
            hours = actions_field.check_out(data.engine(), member, fix, by=auth.username(), key=key)
            said = (
                None
                if hours is None
                else _("Checked out: {hours} of grid work.").format(hours=span(hours * 3600))
            )
        else:
            taken = actions_field.check_in(data.engine(), member, fix, by=auth.username(), key=key)
            said = _("Checked in.") if taken else None
    except DualGridError as exc:
        st.error(str(exc))
        return
    if said is not None:
        if "error" in tap:
            said += " " + _("Without your position: the phone did not share it.")
        state.flash(keys.FIELD_WORK, "success", said)
    st.rerun()


@st.fragment
def _share(member: str) -> None:
    """While checked in: the phone's position every `SHARE_EVERY_S`, with its time and
    accuracy (the browser asked the member once, at check-in), as the board's last
    position of the member."""
    tap = geo_watch(_("Sharing your position with the dispatcher"), every_s=SHARE_EVERY_S,
                    key=keys.FIELD_SHARE)  # fmt: skip
    if tap is None or "error" in tap:
        return
    key = str(tap.get("key") or "")[:64] or None
    now = store_board.clock(data.engine()).now()
    fix = Fix(now, lon=_number(tap.get("lon")), lat=_number(tap.get("lat")),
              accuracy_m=_number(tap.get("accuracy")))  # fmt: skip
    try:
        actions_field.share_position(data.engine(), member, fix, key=key)
    except DualGridError:
        return  # checked out meanwhile: nothing is shared


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def tasks(user: User) -> None:
    """The member's route today, in order, each stop with its next step."""
    if user.member_id is None:
        st.error(_("Your user is not tied to a roster member; your grid leader gives access."))
        return
    now = store_board.clock(data.engine()).now()
    route = shared_in_order(data.board_jobs()).get(user.member_id, [])
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
    with st.expander(_("Add a photo or a note")):
        st.file_uploader(
            _("Photo (JPEG or PNG, at most 5 MB)"), type=["jpg", "jpeg", "png"],
            key=keys.field_photo(job.id),
        )  # fmt: skip
        st.text_input(_("Note"), max_chars=200, key=keys.field_note(job.id))
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
    """The step, as if the dispatcher had made it, by this member, on the version shown,
    with the photo and note given; its key is the job, version and step, so the same tap
    arriving twice (a resend after a timeout) is recorded once."""
    if not auth.allowed("field work"):
        return
    upload = st.session_state.get(keys.field_photo(job.id))
    note = str(st.session_state.get(keys.field_note(job.id)) or "").strip() or None
    try:
        actions_field.step(
            data.engine(), user.member_id or "", job.id, target, by=auth.username(),
            version=job.version, reason=reason, note=note,
            photo=None if upload is None else upload.getvalue(),
            key=keys.field_send(job.id, job.version, target),
        )  # fmt: skip
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
