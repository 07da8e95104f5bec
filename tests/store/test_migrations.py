"""Migrations: a store is brought to the newest schema in place, with every row kept;
the migrations make exactly the tables of `store.schema`; `make` never deletes a store."""

from __future__ import annotations

import os
import subprocess
import warnings
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, func, select

from store import migrate
from store import schema as s
from store.db import make_engine

ROOT = Path(__file__).resolve().parents[2]


def counts(engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            t.name: conn.scalar(select(func.count()).select_from(t))
            for t in s.metadata.tables.values()
        }


def _differences(engine) -> list:
    """What Alembic finds between the store and `store.schema` (PostGIS's own tables and
    the geometry type aside, as in the migrations' environment)."""
    opts = {"include_object": migrate.include_object, "compare_type": migrate.compare_type}
    with engine.connect() as conn, warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Did not recognize type 'geometry'")
        return compare_metadata(MigrationContext.configure(conn, opts=opts), s.metadata)


def test_the_migrations_make_exactly_the_schemas_tables(backend_db):
    """A store made by the migrations (the demo's) has the tables, columns, types and
    indexes of `store.schema`, and is at the newest revision."""
    engine = make_engine(backend_db)
    s.create(engine)
    assert migrate.current(engine) == migrate.head()
    assert _differences(engine) == []


def test_an_empty_sqlite_database_gets_the_newest_schema(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'new.db'}")
    s.create(engine)
    assert migrate.current(engine) == migrate.head()
    assert _differences(engine) == []
    s.create(engine)  # again: nothing to do, no error
    assert migrate.current(engine) == migrate.head()


def test_a_store_made_before_migrations_is_upgraded_in_place_with_every_row(backend_db):
    """This commit's store without Alembic's mark (as `schema.create` made them before
    migrations) is recognised as the first migration's schema and brought to head; every
    row is still there and the audit trail is still append-only."""
    engine = make_engine(backend_db)
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    assert migrate.current(engine) is None
    before = counts(engine)
    with engine.connect() as conn:
        audit_ids = conn.execute(select(s.audit.c.id).order_by(s.audit.c.id)).scalars().all()
    assert sum(before.values()) > 100_000
    s.create(engine)
    assert migrate.current(engine) == migrate.head()
    assert counts(engine) == before
    with engine.connect() as conn:
        assert conn.execute(select(s.audit.c.id).order_by(s.audit.c.id)).scalars().all() == (
            audit_ids
        )
        assert conn.scalar(select(func.count()).select_from(s.jobs)) == before["jobs"]
    assert _differences(engine) == []


def test_an_old_sqlite_store_gains_the_guards_and_indexes_it_lacked(tmp_path):
    """A store from before the REPLACE guard and a later index gets both on upgrade."""
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    s.create(engine)
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE alembic_version")
        conn.exec_driver_sql("DROP TRIGGER audit_no_replace")
        conn.exec_driver_sql("DROP INDEX ix_customers_phone")
    s.create(engine)
    with engine.connect() as conn:
        names = set(conn.exec_driver_sql("SELECT name FROM sqlite_master").scalars())
    assert {"audit_no_replace", "ix_customers_phone", "alembic_version"} <= names


def test_a_database_that_cannot_be_set_up_is_named(tmp_path):
    """A file that is not a database: one message naming it, not a traceback."""
    from store.errors import StoreError

    bad = tmp_path / "not-a-db.db"
    bad.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match=r"not-a-db\.db"):
        s.create(create_engine(f"sqlite:///{bad}"))


def test_make_never_deletes_a_store_when_the_schema_or_the_demo_changes(tmp_path):
    """`make -n` after the tables and the demo's generator changed: the commands it would
    run upgrade the store in place; none removes it."""
    env = {**os.environ, "MAKEFLAGS": ""}
    shown = subprocess.run(
        ["make", "-n", "-W", "store/schema.py", "-W", "dispatch/domain.py", "setup"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert "python -m store upgrade" in shown
    assert not [line for line in shown.splitlines() if "rm " in line and "dualgrid.db" in line]
