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
from typing import Final

from dispatch.privacy import scrub
from dispatch.readable import DASH, clock_time, span
from i18n import N_, Words, _, _n, language

#: A stop's state as the member reads it on the sheet.
STATUS_WORDS: Final = Words({"assigned": N_("to do"), "en_route": N_("en route"),
                             "on_site": N_("on site")})  # fmt: skip
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
        return span((now - self.due).total_seconds())

    def row(self, now: datetime) -> list[object]:
        """The stop's cells under `HEADS` (after the number, before the tick box)."""
        late = self.overdue(now)
        due = clock_time(self.due, now)
        return [
            self.job,
            self.kind,
            self.place,
            scrub(self.description) or DASH,
            self.customer or DASH,
            self.contact or DASH,
            clock_time(self.eta, now),
            _("{due} (overdue {late})").format(due=due, late=late) if late else due,
            self.calls,
            STATUS_WORDS.get(self.status, self.status),
        ]


def task_message(member: str, stops: Sequence[TaskStop], now: datetime) -> str:
    """A few lines for the group chat (plain text, no personal numbers in full)."""
    lines = [_("【Tasks】{member} · {time}").format(member=member, time=f"{now:%Y-%m-%d %H:%M}")]
    for k, s in enumerate(stops, start=1):
        calls = _n(" ({n} call)", " ({n} calls)", s.calls).format(n=s.calls) if s.calls > 1 else ""
        late = s.overdue(now)
        due = (
            _("⚠ overdue {late} (due {due})").format(late=late, due=clock_time(s.due, now))
            if late
            else _("due {due}").format(due=clock_time(s.due, now))
        )
        fault = scrub(s.description).strip().replace("\n", " ")
        if len(fault) > CHAT_DESCRIPTION_CHARS:
            fault = fault[: CHAT_DESCRIPTION_CHARS - 1] + "…"
        lines.append(
            f"{k}. {clock_time(s.eta, now)} {s.kind}{calls} · {s.place} · {due} · {s.job}"
            + (f" · {fault}" if fault else "")
            + (f" · {s.contact}" if s.contact else "")
        )
    if not stops:
        lines.append(_("No tasks."))
    return "\n".join(lines)


#: The task sheet's columns (the page and the board's table).
HEADS: Final = (
    N_("#"), N_("job"), N_("type"), N_("place"), N_("fault"), N_("customer"), N_("contact"),
    N_("ETA"), N_("due"), N_("calls"), N_("status"), N_("done ✓"),
)  # fmt: skip


def task_table(stops: Sequence[TaskStop], now: datetime) -> list[dict[str, object]]:
    """The stops as table rows under the sheet's headings (without the tick column)."""
    heads = [_(h) for h in HEADS[1:-1]]
    return [dict(zip(heads, s.row(now), strict=True)) for s in stops]


def task_page(member: str, stops: Sequence[TaskStop], now: datetime) -> str:
    """A printable HTML page (A4, one table)."""
    e = html.escape
    rows = "".join(
        ("<tr class=late>" if s.overdue(now) else "<tr>")
        + "".join(f"<td>{e(str(v))}</td>" for v in (k, *s.row(now)))
        + "<td class=box></td></tr>"
        for k, s in enumerate(stops, start=1)
    )
    heads = "".join(f"<th>{e(_(h))}</th>" for h in HEADS)
    title = e(_("Task sheet — {member}").format(member=member))
    note = _(
        "Printed {time} (China Standard Time). Customer contacts are masked; call through "
        "the dispatcher. Rows in red are past their deadline."
    ).format(time=f"{now:%Y-%m-%d %H:%M}")
    return (
        f"<!doctype html><html lang={language().replace('_', '-')}><head><meta charset=utf-8>"
        f"<title>{title}</title><style>"
        "@page{size:A4 landscape;margin:12mm}body{font:12px sans-serif}"
        "table{border-collapse:collapse;width:100%}td,th{border:1px solid #555;padding:4px;"
        "vertical-align:top}th{background:#eee}.box{width:40px}tr.late td{background:#fde2e2}"
        "</style></head><body>"
        f"<h2>{title}</h2><p>{e(note)}</p>"
        f"<table><tr>{heads}</tr>{rows}</table></body></html>"
    )
