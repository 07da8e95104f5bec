"""A member's task sheet: the committed route in order, as a printable page and as a
short message for the grid's group chat. Contacts arrive masked; every text that
goes into the page is escaped."""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

STATUS_WORDS = {"assigned": "to do", "en_route": "en route", "on_site": "on site"}


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

    def row(self) -> dict[str, object]:
        return {
            "job": self.job,
            "type": self.kind,
            "place": self.place,
            "ETA": _hm(self.eta),
            "due": self.due.strftime("%m-%d %H:%M"),
            "contact": self.contact or "—",
            "calls": self.calls,
            "status": STATUS_WORDS.get(self.status, self.status),
        }


def _hm(when: datetime | None) -> str:
    return "—" if when is None else when.strftime("%H:%M")


def task_message(member: str, stops: Sequence[TaskStop], now: datetime) -> str:
    """A few lines for the group chat (plain text, no personal numbers in full)."""
    lines = [f"【任务单 Tasks】{member} · {now:%m-%d %H:%M}"]
    for k, s in enumerate(stops, start=1):
        calls = f" ({s.calls} calls)" if s.calls > 1 else ""
        lines.append(
            f"{k}. {_hm(s.eta)} {s.kind}{calls} · {s.place} · due {s.due:%H:%M} · "
            f"{s.job}" + (f" · {s.contact}" if s.contact else "")
        )
    if not stops:
        lines.append("No tasks.")
    return "\n".join(lines)


def task_page(member: str, stops: Sequence[TaskStop], now: datetime) -> str:
    """A printable HTML page (A4, one table)."""
    e = html.escape
    rows = "".join(
        "<tr>"
        + "".join(f"<td>{e(str(v))}</td>" for v in (k, *s.row().values()))
        + "<td class=box></td></tr>"
        for k, s in enumerate(stops, start=1)
    )
    heads = "".join(
        f"<th>{h}</th>"
        for h in ("#", "job", "type", "place", "ETA", "due", "contact", "calls", "status", "done ✓")
    )
    return (
        "<!doctype html><html><head><meta charset=utf-8>"
        f"<title>Task sheet {e(member)}</title><style>"
        "@page{size:A4;margin:14mm}body{font:12px sans-serif}"
        "table{border-collapse:collapse;width:100%}td,th{border:1px solid #555;padding:4px}"
        "th{background:#eee}.box{width:40px}</style></head><body>"
        f"<h2>任务单 Task sheet — {e(member)}</h2><p>Printed {now:%Y-%m-%d %H:%M} (China "
        "Standard Time). Customer contacts are masked; call through the dispatcher.</p>"
        f"<table><tr>{heads}</tr>{rows}</table></body></html>"
    )
