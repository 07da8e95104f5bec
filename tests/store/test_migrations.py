"""Migrations: a store is brought to the newest schema in place, with every row kept;
the migrations make exactly the tables of `store.schema`; `make` never deletes a store."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import warnings
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, create_engine, func, inspect, select
from sqlalchemy.exc import DatabaseError

from store import migrate
from store import schema as s
from store.db import make_engine
from store.errors import StoreError

ROOT = Path(__file__).resolve().parents[2]
PRE_MIGRATION = Path(__file__).with_name("data") / "pre_migration_schema.sql"


def counts(engine) -> dict[str, int]:
    """Rows in each of `store.schema`'s tables that the store has (an old one lacks some)."""
    present = set(inspect(engine).get_table_names())
    with engine.connect() as conn:
        return {
            t.name: conn.scalar(select(func.count()).select_from(t))
            for t in s.metadata.tables.values()
            if t.name in present
        }


def _differences(engine) -> list:
    """What Alembic finds between the store and `store.schema` (PostGIS's own tables and
    the geometry type aside, as in the migrations' environment)."""
    opts = {
        "include_object": migrate.include_object,
        "compare_type": migrate.compare_type,
        "version_table": migrate.VERSION_TABLE,
    }
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


def _pre_migration_store(path: Path, demo_template: Path) -> Engine:
    """A SQLite store as DualGrid made them before migrations: that version's schema
    (kept in tests/store/data), holding the demo's every row."""
    raw = sqlite3.connect(path)
    raw.executescript(PRE_MIGRATION.read_text(encoding="utf-8"))
    raw.execute("ATTACH DATABASE ? AS demo", (str(demo_template),))
    tables = raw.execute("SELECT name FROM main.sqlite_master WHERE type = 'table'").fetchall()
    for (name,) in tables:  # the old columns only: the demo's store has the newer ones too
        cols = ", ".join(f'"{c[1]}"' for c in raw.execute(f'PRAGMA main.table_info("{name}")'))
        raw.execute(f'INSERT INTO main."{name}" ({cols}) SELECT {cols} FROM demo."{name}"')
    raw.commit()
    raw.close()
    return make_engine(f"sqlite:///{path}")


def test_a_store_made_before_migrations_is_upgraded_in_place_with_every_row(
    tmp_path, demo_db_template
):
    """That version's schema and data, upgraded to head: every row still there, the audit
    trail as it was and still append-only, the tables exactly `store.schema`'s."""
    engine = _pre_migration_store(tmp_path / "old.db", demo_db_template)
    assert migrate.current(engine) is None
    with pytest.raises(StoreError, match="run `python -m store upgrade`"):
        s.create(engine)  # only `upgrade` migrates a store
    before = counts(engine)
    with engine.connect() as conn:
        audit = conn.execute(select(s.audit).order_by(s.audit.c.id)).all()
    assert sum(before.values()) > 100_000
    migrate.upgrade(engine)
    assert migrate.current(engine) == migrate.head()
    after = counts(engine)
    assert {name: after[name] for name in before} == before
    assert set(after) == set(s.metadata.tables)  # the tables it lacked, made empty
    assert all(after[name] == 0 for name in set(after) - set(before))
    with engine.connect() as conn:
        assert conn.execute(select(s.audit).order_by(s.audit.c.id)).all() == audit
    with pytest.raises(DatabaseError, match="append-only"), engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM audit")
    assert _differences(engine) == []
    print(f"FIGURE pre-migration store upgraded: {sum(before.values()):,} rows, all kept")


def test_a_store_without_the_mark_is_upgraded_with_every_row(backend_db):
    """On each database: today's store without the version mark (as made before
    migrations) is recognised, marked and kept whole."""
    engine = make_engine(backend_db)
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE IF EXISTS dualgrid_alembic_version")
    before = counts(engine)
    migrate.upgrade(engine)
    assert migrate.current(engine) == migrate.head()
    assert counts(engine) == before
    assert _differences(engine) == []


def test_an_old_store_gains_what_it_lacked_and_a_missing_column_is_refused(tmp_path):
    """A store from before the REPLACE guard, a later index and the sessions table gets
    all three; one lacking a column of the first migration is refused, not marked."""
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    s.create(engine)
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE dualgrid_alembic_version")
        conn.exec_driver_sql("DROP TRIGGER audit_no_replace")
        conn.exec_driver_sql("DROP INDEX ix_customers_phone")
        conn.exec_driver_sql("DROP TABLE sessions")
    migrate.upgrade(engine)
    with engine.connect() as conn:
        names = set(conn.exec_driver_sql("SELECT name FROM sqlite_master").scalars())
    assert {"audit_no_replace", "ix_customers_phone", "sessions"} <= names
    assert _differences(engine) == []

    older = make_engine(f"sqlite:///{tmp_path / 'older.db'}")
    s.create(older)
    with older.begin() as conn:
        conn.exec_driver_sql("DROP TABLE dualgrid_alembic_version")
        conn.exec_driver_sql("ALTER TABLE jobs DROP COLUMN pinned")
    with pytest.raises(StoreError, match=r"lacks columns .*jobs\.pinned"):
        migrate.upgrade(older)
    assert migrate.current(older) is None


def test_a_store_of_a_newer_version_is_refused(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'new.db'}")
    s.create(engine)
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE dualgrid_alembic_version SET version_num = '0999'")
    for action in (s.create, migrate.upgrade):
        with pytest.raises(StoreError, match="made by a newer DualGrid"):
            action(engine)


def test_a_database_that_cannot_be_set_up_is_named(tmp_path):
    """A file that is not a database: one message naming it, not a traceback."""
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
