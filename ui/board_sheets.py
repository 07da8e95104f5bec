"""The board's task sheets: a member's committed route as a table, a group-chat message
and a printable page, with a map fitted to the route."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import pandas as pd
import streamlit as st

from dispatch.board import BoardJob, shared_in_order
from dispatch.clock import CHINA_OFFSET
from dispatch.domain import type_label
from dispatch.tasks import TaskStop, task_message, task_page, task_table
from i18n import _, _n
from ui import board, data, keys
from ui.format import md


def stops_of(route: Sequence[BoardJob]) -> list[TaskStop]:
    """A member's committed jobs (in order) as task-sheet stops, in local time."""
    return [
        TaskStop(
            job=j.id,
            kind=type_label(j.type),
            place=j.place,
            eta=None if j.eta is None else j.eta + CHINA_OFFSET,
            due=j.deadline + CHINA_OFFSET,
            contact=j.contact,
            calls=j.calls,
            status=j.status,
            description=j.description,
            customer=j.customer,
        )
        for j in route
    ]


def route_bounds(route: Sequence[BoardJob], start: tuple[float, float] | None) -> list[list[float]]:
    """The map's [[south, west], [north, east]] around the member and their stops."""
    lons = [*(j.lon for j in route), *([start[0]] if start else [])]
    lats = [*(j.lat for j in route), *([start[1]] if start else [])]
    pad = 0.01  # about a kilometre around the outermost points
    return [[min(lats) - pad, min(lons) - pad], [max(lats) + pad, max(lons) + pad]]


def task_sheets(
    folder: str, jobs: Sequence[BoardJob], members: pd.DataFrame, now: datetime
) -> None:
    """Per member: the committed route in order, printable and as a chat message (each
    of a crew has the crew's route, their mate named in the title)."""
    held = shared_in_order(jobs)
    if not held:
        st.info(_("No committed routes yet: plan and commit on the board."))
        return
    roster = dict(zip(members["id"], members["name"], strict=True)) if len(members) else {}
    names = {m: str(roster.get(m) or route[0].member_name) for m, route in held.items()}
    member = st.selectbox(
        _("Member"), sorted(names), format_func=lambda m: f"{names[m]} ({m})",
        key=keys.BOARD_SHEET,
    )  # fmt: skip
    mine = held[member]
    stops = stops_of(mine)
    local_now = now + CHINA_OFFSET
    title = f"{names[member]} ({member})"
    crew = sorted({p for j in mine for p in (j.member_id or "", *j.mates)} - {member, ""})
    if crew:  # two-person work: who the other one is, on the sheet and in the message
        title += " · " + _("crew with {mates}").format(
            mates=", ".join(f"{roster.get(p, p)} ({p})" for p in crew)
        )
    table = pd.DataFrame(task_table(stops, local_now))
    late = sum(1 for s in stops if s.overdue(local_now))
    said = _n("{n} stop in order", "{n} stops in order", len(stops)).format(n=len(stops))
    if late:
        said += _(", **{n} overdue**").format(n=late)
    st.markdown(f"**{md(title)}** — {said} · {local_now:%Y-%m-%d %H:%M}")
    st.dataframe(table, hide_index=True, width="stretch")
    text = task_message(title, stops, local_now)
    st.markdown(_("**Message for the grid's group chat**"))
    st.code(text, language=None)
    lines, etas = board.committed_view(mine, members, data.network(folder))
    here = members.set_index("id")
    start = (
        (float(here.at[member, "lon"]), float(here.at[member, "lat"]))
        if member in here.index
        else None
    )
    board.show_map(
        folder, mine, now, lines, etas, _("Route"),
        members, key=keys.BOARD_SHEET_MAP, height=420, bounds=route_bounds(mine, start),
    )  # fmt: skip
    a, b = st.columns(2)
    a.download_button(
        _("Printable task sheet (HTML)"),
        task_page(title, stops, local_now),
        file_name=f"tasks-{member}.html",
        mime="text/html",
    )
    b.download_button(
        _("Message as text"), text, file_name=f"tasks-{member}.txt", mime="text/plain"
    )
