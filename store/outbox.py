"""The group robots' outbox: each post for a robot waits here until the worker
(`actions.outbox`) has sent it; a refusal or a network error puts it back with a longer
wait (`backoff`). The URLs hold the robots' secret keys: never shown, never logged."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, and_, func, or_, select, update

from store import schema as s
from store.db import transaction

#: The longest wait between two attempts.
LONGEST_WAIT = timedelta(minutes=30)


def backoff(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failure: 5 s, 10 s, 20 s … up to 30 minutes."""
    return min(timedelta(seconds=5 * 2 ** max(0, attempts - 1)), LONGEST_WAIT)


@dataclass(frozen=True, slots=True)
class Due:
    id: int
    kind: str
    url: str
    group_id: str
    at: datetime
    text: str
    attempts: int


@dataclass(frozen=True, slots=True)
class Figures:
    sent: int  # posts the robots took
    retried: int  # posts sent after a failed attempt (taken since, or still waiting)
    pending: int  # posts not sent yet


def due(engine: Engine, now: datetime, *, limit: int = 20) -> list[Due]:
    """The posts whose time has come, oldest first."""
    o, p = s.outbox.c, s.group_posts.c
    with engine.connect() as conn:
        rows = conn.execute(
            select(o.id, o.kind, o.url, p.group_id, p.at, p.text, o.attempts)
            .join(s.group_posts, p.id == o.post_id)
            .where(o.sent_at.is_(None), o.next_at <= now)
            .order_by(o.next_at, o.id)
            .limit(limit)
        ).all()
    return [Due(*r) for r in rows]


def sent(engine: Engine, outbox_id: int, now: datetime, answer: str) -> None:
    with transaction(engine) as conn:
        conn.execute(
            update(s.outbox)
            .where(s.outbox.c.id == outbox_id)
            .values(sent_at=now, attempts=s.outbox.c.attempts + 1, answer=answer[:200])
        )


def failed(engine: Engine, outbox_id: int, attempts: int, now: datetime, answer: str) -> None:
    """An attempt that did not go: tried again after `backoff`."""
    with transaction(engine) as conn:
        conn.execute(
            update(s.outbox)
            .where(s.outbox.c.id == outbox_id)
            .values(attempts=attempts + 1, next_at=now + backoff(attempts + 1), answer=answer[:200])
        )


def figures(engine: Engine) -> Figures:
    o = s.outbox.c
    with engine.connect() as conn:
        sent_n = conn.scalar(select(func.count()).where(o.sent_at.is_not(None))) or 0
        failed_once = or_(and_(o.sent_at.is_not(None), o.attempts > 1),
                          and_(o.sent_at.is_(None), o.attempts > 0))  # fmt: skip
        retried = conn.scalar(select(func.count()).where(failed_once)) or 0
        pending = conn.scalar(select(func.count()).where(o.sent_at.is_(None))) or 0
    return Figures(int(sent_n), int(retried), int(pending))


def waiting(engine: Engine, *, limit: int = 50) -> list[tuple[str, str, int, datetime, str | None]]:
    """What is pending, for the page: (group, robot, attempts, next try, last answer)."""
    o, p = s.outbox.c, s.group_posts.c
    with engine.connect() as conn:
        rows = conn.execute(
            select(p.group_id, o.kind, o.attempts, o.next_at, o.answer)
            .join(s.group_posts, p.id == o.post_id)
            .where(o.sent_at.is_(None))
            .order_by(o.next_at, o.id)
            .limit(limit)
        ).all()
    return [tuple(r) for r in rows]
