"""The audit trail's rows: who, when, what, and the before and after as JSON."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine, or_, select

from dispatch.clock import real_now
from i18n import _
from store import groups
from store import schema as s
from store.db import transaction
from store.errors import StoreError


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, default=str, ensure_ascii=False)


def audit_row(
    at: datetime,
    user: str,
    action: str,
    entity: str,
    entity_id: str | None,
    before: Any = None,
    after: Any = None,
) -> dict[str, Any]:
    """One audit row (for a batch insert)."""
    return {
        "at": at,
        "user": user,
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "before": _json(before),
        "after": _json(after),
    }


def record(conn: Connection, *rows: dict[str, Any]) -> None:
    """Append rows to the audit trail, inside the caller's transaction; the events a
    work group is concerned with are posted to it in the same transaction."""
    if rows:
        conn.execute(s.audit.insert(), list(rows))
        groups.from_audit(conn, rows)


def search(
    engine: Engine,
    *,
    about: str = "",
    user: str = "",
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 5000,
) -> pd.DataFrame:
    """Audit rows, newest first: ``about`` matches the entity id (a job, member, user,
    district, plan…) or the text before/after; ``user`` who did it; a time span."""
    a = s.audit.c
    query = select(a.id, a.at, a.user, a.action, a.entity, a.entity_id, a.before, a.after)
    if about.strip():
        pattern = f"%{about.strip()}%"
        query = query.where(
            or_(a.entity_id == about.strip(), a.before.like(pattern), a.after.like(pattern))
        )
    if user.strip():
        query = query.where(a.user == user.strip())
    if since is not None:
        query = query.where(a.at >= since)
    if until is not None:
        query = query.where(a.at < until)
    query = query.order_by(a.at.desc(), a.id.desc()).limit(limit)
    with engine.connect() as conn:
        result = conn.execute(query)
        return pd.DataFrame(result.all(), columns=list(result.keys()))


def need_reason(why: str, what: str) -> str:
    """The reason given for showing ``what`` in full, or a refusal asking for one."""
    if not why.strip():
        msg = _("say why the {what} is needed").format(what=what)
        raise StoreError(msg)
    return why.strip()


def record_unmask(
    conn: Connection, by: str, entity: str, entity_id: str, field: str, why: str
) -> None:
    """One record's field was shown in full to ``by``, for ``why`` (never the value)."""
    record(
        conn,
        audit_row(real_now(), by, "unmask", entity, entity_id, None, {"field": field, "why": why}),
    )


def unmask_request_phone(engine: Engine, request_id: str, *, by: str, why: str) -> str:
    """A request's contact phone in full, for a role that may see it; audited."""
    why = need_reason(why, _("number"))
    with transaction(engine) as conn:
        phone = conn.scalar(select(s.requests.c.contact_phone).where(s.requests.c.id == request_id))
        if phone is None:
            msg = f"request {request_id!r} has no contact phone"
            raise StoreError(msg)
        record_unmask(conn, by, "request", request_id, "contact_phone", why)
    return str(phone)
