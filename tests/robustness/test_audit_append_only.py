"""Issue 16, finding 6: the audit trail was not append-only against SQLite's
``INSERT OR REPLACE`` / ``REPLACE INTO`` (rows rewritten, integrity check still ok); on
PostgreSQL ``INSERT … ON CONFLICT DO UPDATE`` is the same attempt."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.exc import DatabaseError

from store import migrate
from store import schema as s
from store.db import make_engine


def attempts(dialect: str) -> list[str]:
    cols = '(id, at, "user", action, entity, entity_id, before, after)'
    row = "(1, '2026-11-27 01:00:00', 'mallory', 'forged', 'user', 'x', NULL, NULL)"
    if dialect == "sqlite":
        return [f"INSERT OR REPLACE INTO audit {cols} VALUES {row}",
                f"REPLACE INTO audit {cols} VALUES {row}",
                "UPDATE audit SET action = 'forged' WHERE id = 1",
                "DELETE FROM audit WHERE id = 1"]  # fmt: skip
    return [f"INSERT INTO audit {cols} VALUES {row} ON CONFLICT (id) DO UPDATE SET "
            "action = EXCLUDED.action",
            "UPDATE audit SET action = 'forged' WHERE id = 1",
            "DELETE FROM audit WHERE id = 1"]  # fmt: skip


def test_no_statement_rewrites_an_audit_row(demo_db, figure):
    engine = make_engine(demo_db)
    with engine.connect() as conn:
        first = conn.execute(select(s.audit).where(s.audit.c.id == 1)).one()
    refused = 0
    for statement in attempts(engine.dialect.name):
        with pytest.raises(DatabaseError, match="append-only"), engine.begin() as conn:
            conn.exec_driver_sql(statement)
        refused += 1
    with engine.connect() as conn:
        assert conn.execute(select(s.audit).where(s.audit.c.id == 1)).one() == first
    figure(f"audit trail: {refused} of {refused} rewriting statements refused, row 1 unchanged")


def test_a_store_made_before_the_guard_gets_it(tmp_path):
    """An older store (without the REPLACE guard, from before migrations) gains it when
    the schema is applied."""
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    s.create(engine)
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP TRIGGER audit_no_replace")
        conn.exec_driver_sql("DROP TABLE dualgrid_alembic_version")
    migrate.upgrade(engine)
    with engine.connect() as conn:
        names = (
            conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            .scalars()
            .all()
        )
    assert "audit_no_replace" in names
