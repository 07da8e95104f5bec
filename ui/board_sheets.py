"""The board's task sheets: a member's committed route as a table, a group-chat message
and a printable page, with a map fitted to the route."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import streamlit as st

from dispatch.clock import CHINA_OFFSET
from dispatch.domain import JOB_TYPES
from dispatch.tasks import TaskStop, task_message, task_page
from store import queries
from ui import board, data, keys


def _local(value: object) -> datetime | None:
    if value is None or pd.isna(value):
        return None
    at: datetime = pd.Timestamp(value).to_pydatetime() + CHINA_OFFSET
    return at


def stops_of(route: pd.DataFrame) -> list[TaskStop]:
    """A member's committed jobs (in order) as task-sheet stops, in local time."""
    return [
        TaskStop(
            job=j.id,
            kind=JOB_TYPES[j.type].label,
            place=j.place,
            eta=_local(j.eta),
            due=_local(j.deadline),  # type: ignore[arg-type]
            contact=j.contact_phone or "",
            calls=int(j.calls),
            status=j.status,
            description=j.description or "",
            customer=j.customer or "",
        )
        for j in route.itertuples()
    ]


def route_bounds(route: pd.DataFrame, start: tuple[float, float] | None) -> list[list[float]]:
    """The map's [[south, west], [north, east]] around the member and their stops."""
    lons = [*route["lon"], *([start[0]] if start else [])]
    lats = [*route["lat"], *([start[1]] if start else [])]
    pad = 0.01  # about a kilometre around the outermost points
    return [[min(lats) - pad, min(lons) - pad], [max(lats) + pad, max(lons) + pad]]


def task_sheets(folder: str, jobs: pd.DataFrame, members: pd.DataFrame, now: datetime) -> None:
    """Per member: the committed route in order, printable and as a chat message."""
    held = jobs[jobs["member_id"].notna()]
    if held.empty:
        st.info("No committed routes yet: plan and commit on the board.")
        return
    names = held.drop_duplicates("member_id").set_index("member_id")["member"]
    member = st.selectbox(
        "Member", sorted(names.index), format_func=lambda m: f"{names[m]} ({m})",
        key=keys.BOARD_SHEET,
    )  # fmt: skip
    mine = queries.committed_order(held[held["member_id"] == member])
    stops = stops_of(mine)
    local_now = now + CHINA_OFFSET
    title = f"{names[member]} ({member})"
    table = pd.DataFrame([s.row(local_now) for s in stops])
    late = sum(1 for s in stops if s.overdue(local_now))
    st.markdown(
        f"**{title}** — {len(stops)} stop(s) in order"
        + (f", **{late} overdue**" if late else "")
        + f" · {local_now:%Y-%m-%d %H:%M}"
    )
    st.dataframe(table, hide_index=True, width="stretch")
    text = task_message(title, stops, local_now)
    st.markdown("**Message for the grid's group chat**")
    st.code(text, language=None)
    routes, etas = board.committed_view(mine, members)
    here = members.set_index("id")
    start = (
        (float(here.at[member, "lon"]), float(here.at[member, "lat"]))
        if member in here.index
        else None
    )
    board.show_map(
        folder, mine, now, board.route_lines(data.network(folder), routes), etas, "Route 路线",
        members, key=keys.BOARD_SHEET_MAP, height=420, bounds=route_bounds(mine, start),
    )  # fmt: skip
    a, b = st.columns(2)
    a.download_button(
        "Printable task sheet (HTML)",
        task_page(title, stops, local_now),
        file_name=f"tasks-{member}.html",
        mime="text/html",
    )
    b.download_button("Message as text", text, file_name=f"tasks-{member}.txt", mime="text/plain")
