"""The board's Job view: one job's calls, its history and its next step.

What the dispatcher sees is what a step changes: the picker's options are job ids with
labels that never change (no status in them), so the browser and the script agree on
the job after every step; the step form belongs to that job (its key carries the id);
and the step carries the version the screen showed, so a job someone else changed in
the meantime is refused with a message instead of stepped blind. A job stepped here
stays in the picker once it is closed, showing how it ended."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Final

import pandas as pd
import streamlit as st

from actions import board as actions_board
from dispatch.board import BoardJob
from dispatch.clock import CHINA_OFFSET
from dispatch.domain import CHANNEL_LABELS, JOB_TYPES
from dispatch.domain import JobStatus as S
from dispatch.errors import DualGridError
from dispatch.job_notes import said
from dispatch.lifecycle import LABELS, TRANSITIONS
from dispatch.readable import clock_time
from dispatch.roles import may
from i18n import _
from store import field as store_field
from store import queries
from store.audit import unmask_request_phone
from store.errors import ConflictError
from ui import auth, data, keys, state
from ui.format import local_time, md

#: The steps a dispatcher records, the usual next one first ("could not finish" last).
STEP_ORDER: Final = (S.EN_ROUTE, S.ON_SITE, S.DONE, S.NEW, S.FAILED)


def _label(job_id: str, kind: str, grid_id: str, district: str) -> str:
    """A job's picker label: what never changes about it."""
    return f"{job_id} · {JOB_TYPES[kind].label} · {grid_id} · {district}"


def pick(jobs: Sequence[BoardJob]) -> str | None:
    """The job picker: open jobs by deadline, then the ones stepped here and closed."""
    stepped = st.session_state.setdefault(keys.BOARD_JOB_STEPPED, [])
    open_ids = {j.id for j in jobs}
    closed = [j for j in stepped if j not in open_ids]
    labels = {j.id: _label(j.id, j.type, j.grid_id, j.district_name) for j in jobs}
    if closed:
        cards = queries.job_cards(data.engine(), closed)
        labels |= {j.id: _label(j.id, j.type, j.grid_id, j.district) for j in cards.itertuples()}
    options = [*(j.id for j in jobs), *(j for j in closed if j in labels)]
    picked: str | None = st.selectbox(
        _("Job"), options, index=None, key=keys.BOARD_JOB, format_func=labels.__getitem__,
        placeholder=_("Choose a job: type its number, type, grid or district"),
    )  # fmt: skip
    return picked


def job_steps(jobs: Sequence[BoardJob], now: datetime) -> None:
    """One job: its calls, its history, and the next steps it may take."""
    job_id = pick(jobs)
    if job_id is None:
        state.shown_at(keys.BOARD_JOB_RESULT)
        st.info(_("Choose a job above to see its calls and history and record its next step."))
        return
    cards = queries.job_cards(data.engine(), [job_id])
    if cards.empty:
        st.error(_("{job} is not in the store any more.").format(job=job_id))
        return
    job = cards.iloc[0]
    status, version = str(job["status"]), int(job["version"])
    shown = state.seen(keys.board_job_seen(job_id), (status, version))
    _header(job, now)
    story = queries.job_story(data.engine(), job_id)
    a, b = st.columns([1.3, 1])
    with a:
        calls = story["requests"]
        st.markdown(_("**Calls** ({n}) — customer contacts masked").format(n=len(calls)))
        st.dataframe(_calls_table(calls), hide_index=True, width="stretch")
        _unmask(calls)
    with b:
        st.markdown(_("**History**"))
        st.dataframe(_events_table(story["events"]), hide_index=True, width="stretch")
    photos = store_field.job_photos(data.engine(), job_id)
    if photos:  # from the field: the report's and the steps'
        st.markdown(_("**Photos from the field** ({n})").format(n=len(photos)))
        st.image([blob for _at, _mime, blob in photos], width=240,
                 caption=[_local(at, now) for at, _mime, _blob in photos])  # fmt: skip
    allowed = [s for s in STEP_ORDER if s in TRANSITIONS[S(status)]]
    if not allowed:
        state.shown_at(keys.BOARD_JOB_RESULT)
        return
    _step_form(job_id, status, allowed, shown, now)


def _calls_table(calls: pd.DataFrame) -> pd.DataFrame:
    """A job's calls as the dispatcher reads them: channel in words, local time, no None."""
    return pd.DataFrame(
        {
            _("Call"): calls["id"],
            _("Order number"): calls["order_no"],
            _("Channel"): [CHANNEL_LABELS.get(c, c) for c in calls["channel"]],
            _("Received"): local_time(calls["received_at"]),
            _("Account number"): calls["account_no"].fillna("—"),
            _("Description"): calls["description"].fillna(""),
            _("Reporter"): calls["reporter"].fillna("—"),
            _("Contact phone"): calls["contact_phone"].replace("", "—").fillna("—"),
        }
    )


def _events_table(events: pd.DataFrame) -> pd.DataFrame:
    """A job's history: each state in words, when, by whom, with the note."""
    return pd.DataFrame(
        {
            _("Status"): [LABELS.get(s, s) for s in events["status"]],
            _("At"): local_time(events["at"]),
            _("By"): events["by"],
            _("Note"): [said(n) for n in events["note"]],
        }
    )


def _local(utc: object, now: datetime) -> str:
    """A store time (naive UTC) as the county reads it, dated when not today."""
    return clock_time(pd.Timestamp(utc).to_pydatetime() + CHINA_OFFSET, now + CHINA_OFFSET)


def _header(job: pd.Series, now: datetime) -> None:
    status = LABELS[job["status"]]
    who = f" — {md(job['member'])} ({job['member_id']})" if pd.notna(job["member_id"]) else ""
    due = pd.Timestamp(job["deadline"])
    late = _(" · **overdue**") if due < now and job["status"] not in {"done", "failed"} else ""
    closed = (
        _(" at {when}").format(when=_local(job["closed_at"], now))
        if pd.notna(job["closed_at"])
        else ""
    )
    title = _("#### {job} · {kind} · priority {priority}").format(
        job=job["id"], kind=JOB_TYPES[job["type"]].label, priority=int(job["priority"])
    )
    where = _("{grid} · {district} · due {due}").format(
        grid=job["grid_id"], district=md(job["district"]), due=_local(due, now)
    )
    state_line = _("Status: **{status}**").format(status=status)
    st.markdown(f"{title}\n{where}{late}  \n{state_line}{closed}{who}")
    if job["flag"]:
        st.warning(md(said(job["flag"])))


def _step_form(
    job_id: str, status: str, allowed: Sequence[S], shown: object, now: datetime
) -> None:
    with st.form(keys.board_step_form(job_id)):
        step = st.radio(
            _("Next step for {job}").format(job=job_id), allowed, format_func=lambda s: LABELS[s],
            horizontal=True, key=keys.board_step(job_id, status),
        )  # fmt: skip
        reason = st.text_input(
            _("Reason (needed for 'could not finish')"), key=keys.board_reason(job_id)
        )
        reason_slot = st.empty()
        pressed = st.form_submit_button(
            _("Record the step for {job}").format(job=job_id), type="primary",
            disabled=not auth.can("dispatch"), help=auth.why_not("dispatch"),
        )  # fmt: skip
        result = st.container()
    with result:
        state.shown_at(keys.BOARD_JOB_RESULT)
    if not pressed or not auth.allowed("dispatch"):
        return
    if step == "failed" and not reason.strip():
        reason_slot.error(_("Say why it could not be finished."), icon=":material/error:")
        return
    seen_status, seen_version = shown if isinstance(shown, tuple) else (status, None)
    try:
        actions_board.step(
            data.engine(), job_id, step, by=auth.username(), version=seen_version,
            reason=reason.strip() or None, now=now,
        )  # fmt: skip
    except ConflictError:
        result.error(
            _(
                "Not recorded: {job} was changed by someone else since it was shown (it was "
                "{was}, it is now {now}). Check it and record again."
            ).format(job=job_id, was=LABELS[S(seen_status)], now=LABELS[S(status)]),
            icon=":material/sync_problem:",
        )
        return
    except DualGridError as exc:
        result.error(_("Not recorded: {error}").format(error=md(exc)), icon=":material/error:")
        return
    data.clear_live()
    stepped = st.session_state.setdefault(keys.BOARD_JOB_STEPPED, [])
    if job_id not in stepped:
        stepped.append(job_id)
    st.session_state.pop(keys.board_reason(job_id), None)
    state.flash(
        keys.BOARD_JOB_RESULT,
        "success",
        _("{job}: {step} at {when}.").format(
            job=job_id, step=LABELS[step], when=f"{now + CHINA_OFFSET:%H:%M}"
        ),
    )
    st.rerun()


def _unmask(calls: pd.DataFrame) -> None:
    """A role that may see a caller's number in full does so per call, with a reason;
    each unmasking is in the audit trail."""
    user = auth.current()
    with_phone = calls[calls["contact_phone"].fillna("") != ""]
    if with_phone.empty or user is None or not may(user.role, "unmask"):
        return
    with st.form(keys.BOARD_UNMASK, clear_on_submit=False):
        a, b, c = st.columns([1, 2, 1])
        request_id = a.selectbox(_("Call"), list(with_phone["id"]), key=keys.BOARD_UNMASK_CALL)
        why = b.text_input(
            _("Why the full number is needed"), max_chars=200, key=keys.BOARD_UNMASK_WHY
        )
        c.write("")
        pressed = c.form_submit_button(_("Show number"))
        if pressed and auth.allowed("unmask"):
            try:
                phone = unmask_request_phone(data.engine(), request_id, by=auth.username(), why=why)
            except DualGridError as exc:
                st.error(str(exc))
            else:
                st.info(
                    _("{call}: {phone} (shown to {user}; recorded)").format(
                        call=request_id, phone=phone, user=user.username
                    )
                )
