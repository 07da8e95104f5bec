"""The grid work groups, DualGrid's shared platform: a management group and one work
group per grid. The system posts the events a group is concerned with — a new job in
the grid, work assigned, done or not finished, a flood alert, a grid plan made live —
in the same transaction as the event (from its audit rows, `store.audit.record`), and
people post short messages. Every text is scrubbed: no customer's phone or ID number
reaches a group. A group with robots gets each post queued in the outbox
(`store.outbox`), sent later by a worker: the write never waits for the network."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from sqlalchemy import Connection, Engine, func, select

from dispatch.clock import real_now
from dispatch.domain import type_label
from dispatch.privacy import scrub
from i18n import _
from store import schema as s
from store.db import transaction
from store.errors import StoreError

#: The county's management group (the grids' groups are named by the grid's id).
MANAGEMENT: Final = "management"
#: A message's longest text (the robots take 2,048 bytes; a group chat is for short ones).
MESSAGE_MAX: Final = 500
#: The robots a group may push to.
ROBOTS: Final = ("wecom", "dingtalk")


@dataclass(frozen=True, slots=True)
class Post:
    id: int
    group_id: str
    at: datetime
    by: str
    kind: str
    text: str


def _add(conn: Connection, group: str, kind: str, text: str, by: str, at: datetime) -> None:
    made = conn.execute(
        s.group_posts.insert().values(group_id=group, at=at, by=by, kind=kind, text=scrub(text))
    )
    post_id = made.inserted_primary_key[0] if made.inserted_primary_key else None
    robots = conn.execute(
        select(s.group_robots.c.kind, s.group_robots.c.url).where(
            s.group_robots.c.group_id == group
        )
    ).all()
    if robots:
        sent_from = real_now()  # the outbox runs on the wall clock, not the demo's
        conn.execute(
            s.outbox.insert(),
            [
                {"post_id": post_id, "kind": r.kind, "url": r.url, "attempts": 0,
                 "next_at": sent_from}
                for r in robots
            ],
        )  # fmt: skip


def post_message(engine: Engine, group: str, text: str, *, by: str, now: datetime) -> None:
    """A person's message to a group (StoreError for an empty or too long one)."""
    text = " ".join(text.split())
    if not text:
        raise StoreError(_("write the message first"))
    if len(text) > MESSAGE_MAX:
        raise StoreError(_("a message is at most {n} characters").format(n=MESSAGE_MAX))
    with transaction(engine) as conn:
        _add(conn, group, "message", text, by, now)


def posts(engine: Engine, group: str, *, limit: int = 50) -> list[Post]:
    """The group's newest posts, newest first; ``by`` as people know the writer (the
    user's display name)."""
    p, u = s.group_posts.c, s.users.c
    with engine.connect() as conn:
        rows = conn.execute(
            select(p.id, p.group_id, p.at, func.coalesce(u.display_name, p.by), p.kind, p.text)
            .outerjoin(s.users, u.username == p.by)
            .where(p.group_id == group)
            .order_by(p.at.desc(), p.id.desc())
            .limit(limit)
        ).all()
    return [Post(*r) for r in rows]


def set_robot(engine: Engine, group: str, kind: str, url: str, *, by: str) -> None:
    """Push the group's posts to a WeCom or DingTalk robot (an empty URL removes it)."""
    from store.audit import audit_row, record

    if kind not in ROBOTS:
        raise StoreError(_("a robot is one of {known}").format(known=", ".join(ROBOTS)))
    url = url.strip()
    if url and not url.startswith("https://") and not url.startswith("http://"):
        raise StoreError(_("a robot's webhook address starts with https://"))
    r = s.group_robots.c
    with transaction(engine) as conn:
        conn.execute(s.group_robots.delete().where(r.group_id == group, r.kind == kind))
        if url:
            conn.execute(s.group_robots.insert().values(group_id=group, kind=kind, url=url))
        said = {"group": group, "kind": kind, "set": bool(url)}  # never the URL: its key
        record(conn, audit_row(real_now(), by, "robot", "group", group, None, said))


def robots(engine: Engine) -> dict[str, set[str]]:
    """Each group's robots by kind."""
    r = s.group_robots.c
    with engine.connect() as conn:
        found: dict[str, set[str]] = defaultdict(set)
        for group, kind in conn.execute(select(r.group_id, r.kind)).all():
            found[group].add(kind)
    return dict(found)


# ---- the events, from the audit rows of the transaction that made them -------------

_JOB_EVENTS: Final = ("create", "assign", "job_done", "job_failed")


def from_audit(conn: Connection, rows: Iterable[Mapping[str, Any]]) -> None:
    """The group posts of these audit rows' events, one post per group and kind."""
    rows = [r for r in rows if _concerns_a_group(r)]
    if not rows:
        return
    job_ids = [r["entity_id"] for r in rows if r["entity"] == "job"]
    jobs = {}
    if job_ids:
        j = s.jobs.c
        jobs = {
            x.id: x
            for x in conn.execute(
                select(j.id, j.grid_id, j.type, j.district_id).where(j.id.in_(job_ids))
            ).all()
        }
    held = {str(_after(r).get("member")) for r in rows if r["action"] == "assign"}
    names = {
        m.id: f"{m.name} ({m.id})"
        for m in conn.execute(
            select(s.members.c.id, s.members.c.name).where(s.members.c.id.in_(sorted(held)))
        ).all()
    }
    lines: dict[tuple[str, str], list[str]] = defaultdict(list)
    when: dict[tuple[str, str], tuple[datetime, str]] = {}
    for row in rows:
        said = _line(row, jobs, names)
        if said is None:
            continue
        group, kind, text = said
        lines[group, kind].append(text)
        when.setdefault((group, kind), (row["at"], row["user"]))
    for (group, kind), texts in lines.items():
        at, by = when[group, kind]
        shown = texts[:20]
        if len(texts) > 20:
            shown.append(_("… and {n} more").format(n=len(texts) - 20))
        _add(conn, group, kind, "\n".join(shown), by, at)


def _concerns_a_group(row: Mapping[str, Any]) -> bool:
    if row["entity"] == "job":
        return row["action"] in _JOB_EVENTS
    return (row["entity"], row["action"]) in {("flood_area", "add_area"), ("plan", "make live")}


def _after(row: Mapping[str, Any]) -> dict[str, Any]:
    value = json.loads(row["after"]) if row.get("after") else {}
    return value if isinstance(value, dict) else {}


def _line(
    row: Mapping[str, Any], jobs: Mapping[str, Any], names: Mapping[str, str]
) -> tuple[str, str, str] | None:
    """(group, kind, the line) of one event."""
    after = _after(row)
    if row["entity"] == "flood_area":
        if after.get("kind", "flood") != "flood":
            return MANAGEMENT, "closure", _("Road closed: {name}").format(name=after.get("name"))
        return MANAGEMENT, "flood", _("Flood alert: {name}").format(name=after.get("name"))
    if row["entity"] == "plan":
        return (
            MANAGEMENT,
            "plan live",
            _("Grid plan {plan} made live").format(plan=row["entity_id"]),
        )
    job = jobs.get(row["entity_id"])
    if job is None:
        return None
    what = f"{row['entity_id']} · {type_label(job.type)} · {job.district_id}"
    said = {
        "create": ("new job", _("New job {what}")),
        "assign": ("assigned", _("{what} assigned to {member}")),
        "job_done": ("done", _("{what} done")),
        "job_failed": ("failed", _("{what} could not be finished: {reason}")),
    }
    kind, text = said[row["action"]]
    member = names.get(str(after.get("member")), after.get("member") or "—")
    reason = after.get("reason") or "—"
    return job.grid_id, kind, text.format(what=what, member=member, reason=reason)
