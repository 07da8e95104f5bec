"""A member's task sheet: the committed route in order, as a printable page and as a
short message for the grid's group chat. Contacts arrive masked; numbers typed into a
fault description are masked here; every text that goes into the page is escaped.

Times are local. A time on another day than the sheet's carries its date, and work
past its deadline is marked overdue with by how much, so "due 07:10" never stands for
a deadline three days gone.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from dispatch.privacy import scrub

STATUS_WORDS = {"assigned": "to do", "en_route": "en route", "on_site": "on site"}
CHAT_DESCRIPTION_CHARS = 40


@dataclass(frozen=True, slots=True)
class TaskStop:
    job: str
    kind: str
    place: str
    eta: datetime | None  # local time
    due: datetime  # local time
    contact: str  # masked
    calls: int = 1
    status: str = "assigned"
    description: str = ""  # the fault as the first caller described it
    customer: str = ""  # the first caller's customer name

    def overdue(self, now: datetime) -> str:
        """ "" when not due yet, else how long ago it was due ("2 d 3 h", "40 min")."""
        if self.due >= now:
            return ""
        return _span((now - self.due).total_seconds())

    def row(self, now: datetime) -> dict[str, object]:
        late = self.overdue(now)
        return {
            "job": self.job,
            "type": self.kind,
            "place": self.place,
            "fault": scrub(self.description) or "—",
            "customer": self.customer or "—",
            "contact": self.contact or "—",
            "ETA": when(self.eta, now),
            "due": when(self.due, now) + (f" (overdue {late})" if late else ""),
            "calls": self.calls,
            "status": STATUS_WORDS.get(self.status, self.status),
        }


def _span(seconds: float) -> str:
    minutes = int(seconds // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {minutes} min"
    return f"{minutes} min"


def when(moment: datetime | None, now: datetime) -> str:
    """A local time, with its date when it is not on ``now``'s day."""
    if moment is None:
        return "—"
    return f"{moment:%H:%M}" if moment.date() == now.date() else f"{moment:%m-%d %H:%M}"


def task_message(member: str, stops: Sequence[TaskStop], now: datetime) -> str:
    """A few lines for the group chat (plain text, no personal numbers in full)."""
    lines = [f"【任务单 Tasks】{member} · {now:%Y-%m-%d %H:%M}"]
    for k, s in enumerate(stops, start=1):
        calls = f" ({s.calls} calls)" if s.calls > 1 else ""
        late = s.overdue(now)
        due = f"⚠ overdue {late} (due {when(s.due, now)})" if late else f"due {when(s.due, now)}"
        fault = scrub(s.description).strip().replace("\n", " ")
        if len(fault) > CHAT_DESCRIPTION_CHARS:
            fault = fault[: CHAT_DESCRIPTION_CHARS - 1] + "…"
        lines.append(
            f"{k}. {when(s.eta, now)} {s.kind}{calls} · {s.place} · {due} · {s.job}"
            + (f" · {fault}" if fault else "")
            + (f" · {s.contact}" if s.contact else "")
        )
    if not stops:
        lines.append("No tasks.")
    return "\n".join(lines)


HEADS = ("#", "job", "type", "place", "fault", "customer", "contact", "ETA", "due", "calls",
         "status", "done ✓")  # fmt: skip


def task_page(member: str, stops: Sequence[TaskStop], now: datetime) -> str:
    """A printable HTML page (A4, one table)."""
    e = html.escape
    rows = "".join(
        ("<tr class=late>" if s.overdue(now) else "<tr>")
        + "".join(f"<td>{e(str(v))}</td>" for v in (k, *s.row(now).values()))
        + "<td class=box></td></tr>"
        for k, s in enumerate(stops, start=1)
    )
    heads = "".join(f"<th>{h}</th>" for h in HEADS)
    return (
        "<!doctype html><html><head><meta charset=utf-8>"
        f"<title>Task sheet {e(member)}</title><style>"
        "@page{size:A4 landscape;margin:12mm}body{font:12px sans-serif}"
        "table{border-collapse:collapse;width:100%}td,th{border:1px solid #555;padding:4px;"
        "vertical-align:top}th{background:#eee}.box{width:40px}tr.late td{background:#fde2e2}"
        "</style></head><body>"
        f"<h2>任务单 Task sheet — {e(member)}</h2><p>Printed {now:%Y-%m-%d %H:%M} (China "
        "Standard Time). Customer contacts are masked; call through the dispatcher. "
        "Rows in red are past their deadline.</p>"
        f"<table><tr>{heads}</tr>{rows}</table></body></html>"
    )
