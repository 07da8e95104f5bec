"""Opening the database: one setting picks it, SQLite gets its safe settings."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Final

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

ROOT: Final = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE: Final = ROOT / "data" / "dualgrid.db"
ENV_VAR: Final = "DUALGRID_DB"
DATA_ENV: Final = "DUALGRID_DATA"


def data_folder() -> Path:
    """The folder holding the county's layers: ``$DUALGRID_DATA`` or the demo's."""
    return Path(os.environ.get(DATA_ENV) or ROOT / "data" / "demo")


def database_url(url: str | None = None) -> str:
    """The URL to use: the argument, else ``$DUALGRID_DB``, else SQLite under data/."""
    return url or os.environ.get(ENV_VAR) or f"sqlite:///{DEFAULT_SQLITE}"


def _sqlite_settings(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


_WRITE: Final = "dualgrid.write"
WRITE_LOCK_KEY: Final = 7_417_242  # PostgreSQL advisory lock held by each write transaction
LOCK_PATIENCE: Final = 120.0  # seconds a writer keeps queueing for the write lock


def _sqlite_begin(conn: Connection) -> None:
    # A write transaction takes the write lock at its start, not halfway through, so
    # that two writers wait for each other instead of failing with "database is
    # locked"; reads begin normally and never wait (WAL).
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.info.get(_WRITE) else "BEGIN")


def make_engine(url: str | None = None) -> Engine:
    """An engine for the URL; SQLite runs in WAL mode with a busy timeout and foreign keys."""
    resolved = make_url(database_url(url))
    # hide_parameters: an error's message never carries the values of a row (a
    # customer's phone) into a log or onto a page
    if resolved.get_backend_name() != "sqlite":
        return create_engine(resolved, pool_pre_ping=True, hide_parameters=True)
    if resolved.database and resolved.database != ":memory:":
        Path(resolved.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(resolved, connect_args={"timeout": 10}, hide_parameters=True)
    event.listen(engine, "connect", _sqlite_settings)

    @event.listens_for(engine, "connect")
    def _no_pysqlite_transactions(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.isolation_level = None

    event.listen(engine, "begin", _sqlite_begin)
    return engine


@contextmanager
def transaction(engine: Engine) -> Iterator[Connection]:
    """One write transaction: committed when the block ends, rolled back on any error.

    On SQLite a writer that still finds the write lock taken after the busy timeout
    (a long queue of writers on a loaded machine) begins again, up to ``LOCK_PATIENCE``
    seconds in all: nothing has been done yet, so starting again is safe, and "database
    is locked" never reaches a user for a queue that is merely long."""
    with engine.connect() as conn:
        conn.info[_WRITE] = True
        try:
            give_up = time.monotonic() + LOCK_PATIENCE
            while True:
                try:
                    outer = conn.begin()
                    break
                except OperationalError as exc:
                    if "locked" not in str(exc) or time.monotonic() > give_up:
                        raise
                    conn.rollback()
                    time.sleep(0.05)
            with outer:
                if conn.dialect.name == "postgresql":
                    # writers take turns, as BEGIN IMMEDIATE makes them on SQLite: ids
                    # drawn from counts and version checks then never race
                    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})")
                yield conn
        finally:
            conn.info.pop(_WRITE, None)


def describe(engine: Engine) -> str:
    """The database in words, password hidden."""
    return engine.url.render_as_string(hide_password=True)
