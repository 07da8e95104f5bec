"""The audit trail's rows: who, when, what, and the before and after as JSON."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from store import schema as s


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
    """Append rows to the audit trail, inside the caller's transaction."""
    if rows:
        conn.execute(s.audit.insert(), list(rows))
