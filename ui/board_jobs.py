"""The board's other views: intake (one request, or a file), a job's life step by
step, and member task sheets (printable page and group-chat text)."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

import pandas as pd
import streamlit as st

from dispatch.domain import CHANNEL_LABELS, JOB_TYPES, REQUEST_TYPES, Channel
from dispatch.errors import DualGridError
from dispatch.intake import IntakeError, validate
from dispatch.lifecycle import LABELS, TRANSITIONS
from dispatch.roles import may
from dispatch.tasks import TaskStop, task_message, task_page
from store import queries
from store.audit import unmask_request_phone
from store.board import ConflictError, step_job
from store.intake import import_file, import_records
from store.urgent import place_urgent
from ui import auth, board, data
from ui.format import local_time, md

MAX_UPLOAD_MB = 5


def _user() -> str:
    return st.session_state.get("user", "dispatcher")


def _after_intake(result, folder: str) -> list[str]:
    """Place each new urgent job into the committed plan at once; say where."""
    notes = []
    network = data.network(folder)
    for job_id in result.urgent:
        flag = place_urgent(data.engine(), job_id, network=network, by="auto")
        notes.append(f"{job_id}: {flag}" if flag else f"{job_id}: no member can take it now — plan")
    data.clear_live()
    return notes


def intake(folder: str, now: datetime) -> None:
    one, many = st.columns(2, gap="large")
    with one, st.form("intake.one", clear_on_submit=True):
        st.markdown("**One request**")
        a, b = st.columns(2)
        channel = a.selectbox(
            "Channel", [c.value for c in Channel], format_func=lambda c: CHANNEL_LABELS[Channel(c)]
        )
        kind = b.selectbox("Type", list(REQUEST_TYPES), format_func=lambda t: JOB_TYPES[t].label)
        account = st.text_input(
            "Customer account number",
            key="intake.account",
            help="Finds the transformer district and place",
        )
        c, d = st.columns(2)
        lon = c.text_input("or longitude", placeholder="111.857")
        lat = d.text_input("latitude", placeholder="26.586")
        description = st.text_area("Description", height=68)
        e, f = st.columns(2)
        reporter = e.text_input("Reporter")
        phone = f.text_input("Contact phone")
        order_no = st.text_input("Channel's order number", help="Left empty: one is made up")
        if st.form_submit_button("Add request", type="primary") and auth.allowed("dispatch"):
            row = {
                "_row": 1,
                "order_no": order_no or f"DG-{now:%Y%m%d%H%M%S}-{secrets.token_hex(2)}",
                "channel": channel,
                "received_at": (now + timedelta(hours=8)).isoformat(timespec="seconds") + "+08:00",
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
                result = import_records(data.engine(), records, by=_user(), now=now)
            except IntakeError as exc:
                for problem in exc.problems:
                    st.error(f"{problem.field}: {problem.what}")
            else:
                job = result.jobs[0] if result.jobs else next(iter(result.joined), "—")
                joined = " (joined the open outage)" if result.joined else ""
                st.success(f"Request added as {job}{joined}.")
                for note in _after_intake(result, folder):
                    st.warning(note)
    with many:
        st.markdown("**A file of work orders** (CSV or JSON Lines, see the format)")
        upload = st.file_uploader("Work orders", type=["csv", "jsonl", "json"], key="intake.file")
        if upload is not None and st.button("Import", type="primary") and auth.allowed("dispatch"):
            content = upload.getvalue()
            if len(content) > MAX_UPLOAD_MB * 2**20:
                st.error(f"{md(upload.name)}: larger than {MAX_UPLOAD_MB} MB; split it")
                return
            try:
                result = import_file(
                    data.engine(), content, upload.name, data.locator(folder), by=_user(), now=now
                )
            except IntakeError as exc:
                st.error(
                    f"{upload.name}: refused, nothing imported — {len(exc.problems)} problem(s):"
                )
                st.code("\n".join(str(p) for p in exc.problems[:200]), language=None)
            else:
                st.success(
                    f"{upload.name}: {result.summary()}; {len(result.jobs)} new jobs, "
                    f"{sum(result.joined.values())} calls joined open outages."
                )
                for note in _after_intake(result, folder):
                    st.warning(note)


def job_steps(jobs: pd.DataFrame, now: datetime) -> None:
    """One job: its calls, its history, and the next steps it may take."""
    if jobs.empty:
        st.info("No open jobs.")
        return
    labels = {
        j.id: f"{j.id} · {JOB_TYPES[j.type].label} · {j.grid_id} · {j.status.replace('_', ' ')}"
        for j in jobs.itertuples()
    }
    job_id = st.selectbox("Job", list(labels), format_func=labels.get, key="board.job")
    job = jobs.set_index("id").loc[job_id]
    if job["flag"]:
        st.warning(job["flag"])
    story = queries.job_story(data.engine(), job_id)
    a, b = st.columns([1.3, 1])
    with a:
        st.markdown(f"**Calls** ({len(story['requests'])}) — customer contacts masked")
        calls = story["requests"].assign(received_at=local_time(story["requests"]["received_at"]))
        st.dataframe(calls, hide_index=True, width="stretch")
        _unmask(calls)
    with b:
        st.markdown("**History**")
        events = story["events"].assign(at=local_time(story["events"]["at"]))
        st.dataframe(events, hide_index=True, width="stretch")
    allowed = [s for s in sorted(TRANSITIONS[job["status"]]) if s not in {"assigned"}]
    if not allowed:
        return
    with st.form("board.step"):
        step = st.radio("Next step", allowed, format_func=lambda s: LABELS[s], horizontal=True)
        reason = st.text_input("Reason (needed for 'could not finish')")
        if st.form_submit_button("Record the step", type="primary") and auth.allowed("dispatch"):
            try:
                step_job(
                    data.engine(),
                    job_id,
                    step,
                    by=_user(),
                    version=int(job["version"]),
                    reason=reason or None,
                    now=now,
                )
            except ConflictError as exc:
                st.error(str(exc))
            except DualGridError as exc:
                st.error(str(exc))
            else:
                data.clear_live()
                st.session_state["board.notice"] = (
                    "success",
                    f"{job_id}: {LABELS[step]} at {(now + timedelta(hours=8)):%H:%M}.",
                )
                st.rerun()


def task_sheets(folder: str, jobs: pd.DataFrame, members: pd.DataFrame, now: datetime) -> None:
    """Per member: the committed route in order, printable and as a chat message."""
    held = jobs[jobs["member_id"].notna()]
    if held.empty:
        st.info("No committed routes yet: plan and commit on the board.")
        return
    names = held.drop_duplicates("member_id").set_index("member_id")["member"]
    member = st.selectbox(
        "Member", sorted(names.index), format_func=lambda m: f"{m} · {names[m]}", key="board.sheet"
    )
    mine = queries.committed_order(held[held["member_id"] == member])
    stops = [
        TaskStop(
            job=j.id,
            kind=JOB_TYPES[j.type].label,
            place=j.place,
            eta=None
            if j.eta is None or pd.isna(j.eta)
            else pd.Timestamp(j.eta).to_pydatetime() + timedelta(hours=8),
            due=pd.Timestamp(j.deadline).to_pydatetime() + timedelta(hours=8),
            contact=j.contact_phone or "",
            calls=int(j.calls),
            status=j.status,
        )
        for j in mine.itertuples()
    ]
    title = f"{names[member]} ({member})"
    table = pd.DataFrame([s.row() for s in stops])
    st.dataframe(table, hide_index=True, width="stretch")
    text = task_message(title, stops, now + timedelta(hours=8))
    st.markdown("**Message for the grid's group chat**")
    st.code(text, language=None)
    routes, etas = board.committed_view(mine, members)
    board.show_map(
        folder,
        mine,
        now,
        board.route_lines(data.network(folder), routes),
        etas,
        "Route 路线",
        members,
        key="sheet-map",
        height=420,
    )
    a, b = st.columns(2)
    a.download_button(
        "Printable task sheet (HTML)",
        task_page(title, stops, now + timedelta(hours=8)),
        file_name=f"tasks-{member}.html",
        mime="text/html",
    )
    b.download_button("Message as text", text, file_name=f"tasks-{member}.txt", mime="text/plain")


def _unmask(calls) -> None:
    """A role that may see a caller's number in full does so per call, with a reason;
    each unmasking is in the audit trail."""
    user = auth.current()
    with_phone = calls[calls["contact_phone"].fillna("") != ""]
    if with_phone.empty or user is None or not may(user.role, "unmask"):
        return
    with st.form("board.unmask", clear_on_submit=True):
        a, b, c = st.columns([1, 2, 1])
        request_id = a.selectbox("Call", list(with_phone["id"]))
        why = b.text_input("Why the full number is needed", max_chars=200)
        c.write("")
        if c.form_submit_button("Show number") and auth.allowed("unmask"):
            try:
                phone = unmask_request_phone(data.engine(), request_id, by=_user(), why=why)
            except DualGridError as exc:
                st.error(str(exc))
            else:
                st.info(f"{request_id}: {phone} (shown to {user.username}; recorded)")
