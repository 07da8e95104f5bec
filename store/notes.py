"""The store's key/value notes (the `meta` table): which county folder is loaded, the
clock, a running replay."""

from __future__ import annotations

from sqlalchemy import Engine

from store import schema as s
from store.db import transaction


def note(engine: Engine, key: str) -> str | None:
    with engine.connect() as conn:
        value = conn.scalar(
            s.meta.select().with_only_columns(s.meta.c.value).where(s.meta.c.key == key)
        )
    return None if value is None else str(value)


def set_note(engine: Engine, key: str, value: str) -> None:
    with transaction(engine) as conn:
        conn.execute(s.meta.delete().where(s.meta.c.key == key))
        conn.execute(s.meta.insert().values(key=key, value=value))


def drop_note(engine: Engine, key: str) -> None:
    with transaction(engine) as conn:
        conn.execute(s.meta.delete().where(s.meta.c.key == key))
