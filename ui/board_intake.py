"""The board's intake: one request typed while the caller is on the line, or a file of
work orders. A refused request keeps every value typed, with each problem under the
field it names; an accepted one is confirmed next to the button and counted at once."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Final

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from actions import board as actions_board
from actions.board import Taken
from dispatch.clock import local_iso
from dispatch.domain import CHANNEL_LABELS, JOB_TYPES, REQUEST_TYPES, Channel
from dispatch.intake import FIELD_LABELS, IntakeError, RowProblem, validate
from dispatch.job_notes import said
from i18n import _, _n
from ui import auth, data, keys, state
from ui.format import md

MAX_UPLOAD_MB: Final = 5


def key(name: str) -> str:
    """The widget key of one of the form's fields (``intake.account.0``). A taken request
    starts a new generation of keys: the browser then draws empty fields for the next
    caller (it keeps a widget's value while the widget's key stays the same)."""
    return keys.intake_field(name, st.session_state.get(keys.INTAKE_GENERATION, 0))


def _placed(taken: Taken) -> list[str]:
    """Where each new urgent job went, in words."""
    data.clear_live()
    return [
        f"{job_id}: {said(flag)}"
        if flag
        else _("{job}: no member can take it now — plan").format(job=job_id)
        for job_id, flag in taken.placed.items()
    ]


def intake(folder: str, now: datetime) -> None:
    one, many = st.columns(2, gap="large")
    with one:
        one_request(folder, now)
    with many:
        work_order_file(folder, now)


def one_request(folder: str, now: datetime) -> None:
    """One request; the form keeps what was typed until the request is in the store."""
    with st.form(keys.INTAKE_FORM, clear_on_submit=False):
        st.markdown(_("**One request**"))
        slot: dict[str, DeltaGenerator] = {}
        a, b = st.columns(2)
        channel = a.selectbox(
            _("Channel"), [c.value for c in Channel], key=key("channel"),
            format_func=lambda c: CHANNEL_LABELS[Channel(c)],
        )  # fmt: skip
        slot["channel"] = a.empty()
        kind = b.selectbox(
            _("Type"), list(REQUEST_TYPES), key=key("type"),
            format_func=lambda t: JOB_TYPES[t].label,
        )  # fmt: skip
        slot["type"] = b.empty()
        account = st.text_input(
            _("Customer account number"), key=key("account"),
            help=_("Finds the transformer district and place"),
        )  # fmt: skip
        slot["account_no"] = st.empty()
        c, d = st.columns(2)
        lon = c.text_input(_("or longitude"), placeholder="111.857", key=key("lon"))
        slot["lon"] = c.empty()
        lat = d.text_input(_("latitude"), placeholder="26.586", key=key("lat"))
        slot["lat"] = d.empty()
        description = st.text_area(_("Description"), height=68, key=key("description"))
        slot["description"] = st.empty()
        e, f = st.columns(2)
        reporter = e.text_input(_("Reporter"), key=key("reporter"))
        slot["reporter"] = e.empty()
        phone = f.text_input(_("Contact phone"), key=key("phone"))
        slot["phone"] = f.empty()
        order_no = st.text_input(
            _("Channel's order number"), key=key("order_no"), help=_("Left empty: one is made up")
        )
        slot["order_no"] = st.empty()
        submitted = st.form_submit_button(
            _("Add request"), type="primary",
            disabled=not auth.can("dispatch"), help=auth.why_not("dispatch"),
        )  # fmt: skip
        below = st.container()
    with below:
        state.shown_at(keys.INTAKE_ONE)
    if not submitted or not auth.allowed("dispatch"):
        return
    row = {
        "_row": 1,
        "order_no": order_no or f"DG-{now:%Y%m%d%H%M%S}-{secrets.token_hex(2)}",
        "channel": channel,
        "received_at": local_iso(now),
        "type": kind,
        "account_no": account,
        "lon": lon,
        "lat": lat,
        "description": description,
        "reporter": reporter,
        "phone": phone,
    }
    try:
        records = validate([row], data.locator(folder), now=now)
        taken = actions_board.take_requests(
            data.engine(), records, by=auth.username(), network=data.network(folder), now=now
        )
    except IntakeError as exc:
        _show_problems(exc.problems, slot, below)
        return
    result = taken.result
    job = result.jobs[0] if result.jobs else next(iter(result.joined), "—")
    said = (
        _("Request added as {job} (joined the open outage): {where}.")
        if result.joined
        else _("Request added as {job}: {where}.")
    )
    state.flash(
        keys.INTAKE_ONE,
        "success",
        said.format(job=job, where=md(account) if account else _("a point")),
    )
    for note in _placed(taken):
        state.flash(keys.INTAKE_ONE, "warning", note, toast=False)
    st.session_state[keys.INTAKE_GENERATION] = (
        st.session_state.get(keys.INTAKE_GENERATION, 0) + 1
    )  # an empty form
    st.rerun()


def _show_problems(
    problems: tuple[RowProblem, ...], slot: dict[str, DeltaGenerator], below: DeltaGenerator
) -> None:
    """Each problem under the field it names; the count next to the button."""
    unplaced = []
    for problem in problems:
        where = slot.get(problem.field)
        if where is None:
            unplaced.append(problem)
        else:
            where.error(f"{problem.what}", icon=":material/error:")
    with below:
        st.error(
            _n(
                "Not added: {n} problem, shown at the field. Nothing was written; what you "
                "typed is kept.",
                "Not added: {n} problems, shown at the fields. Nothing was written; what you "
                "typed is kept.",
                len(problems),
            ).format(n=len(problems)),
            icon=":material/error:",
        )
        for problem in unplaced:
            st.error(f"{FIELD_LABELS.get(problem.field, problem.field)}: {problem.what}")


def work_order_file(folder: str, now: datetime) -> None:
    st.markdown(_("**A file of work orders** (CSV or JSON Lines, see the format)"))
    upload = st.file_uploader(
        _("Work orders"), type=["csv", "jsonl", "json"],
        key=keys.intake_upload(st.session_state.get(keys.INTAKE_FILE_GENERATION, 0)),
        disabled=not auth.can("dispatch"), help=auth.why_not("dispatch"),
    )  # fmt: skip
    pressed = st.button(
        _("Import"), type="primary", key=keys.INTAKE_IMPORT,
        disabled=upload is None or not auth.can("dispatch"),
        help=auth.why_not("dispatch") or (_("Choose a file first") if upload is None else None),
    )  # fmt: skip
    state.shown_at(keys.INTAKE_FILE)
    if not pressed or upload is None or not auth.allowed("dispatch"):
        return
    content = upload.getvalue()
    if len(content) > MAX_UPLOAD_MB * 2**20:
        st.error(
            _("{file}: larger than {mb} MB; split it").format(
                file=md(upload.name), mb=MAX_UPLOAD_MB
            )
        )
        return
    try:
        taken = actions_board.take_file(
            data.engine(), content, upload.name, data.locator(folder),
            by=auth.username(), network=data.network(folder), now=now,
        )  # fmt: skip
    except IntakeError as exc:
        st.error(
            _("{file}: refused, nothing imported — {n} problem(s):").format(
                file=md(upload.name), n=len(exc.problems)
            )
        )
        st.code("\n".join(str(p) for p in exc.problems[:200]), language=None)
        return
    result = taken.result
    state.flash(
        keys.INTAKE_FILE,
        "success",
        _(
            "{file}: imported: {new} new, {present} already present; {jobs} new jobs, "
            "{joined} calls joined open outages."
        ).format(
            file=md(upload.name),
            new=result.new,
            present=result.present,
            jobs=len(result.jobs),
            joined=sum(result.joined.values()),
        ),
    )
    for note in _placed(taken):
        state.flash(keys.INTAKE_FILE, "warning", note, toast=False)
    st.session_state[keys.INTAKE_FILE_GENERATION] = (
        st.session_state.get(keys.INTAKE_FILE_GENERATION, 0) + 1
    )
    st.rerun()
