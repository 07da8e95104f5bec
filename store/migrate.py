"""The store's schema, kept up to date in place by Alembic migrations.

`upgrade` brings any store to the newest schema without losing a row: an empty
database gets every table from the migrations; a store made before migrations existed
(its tables but no version mark) is recognised as the first migration's schema,
given the guards that schema has, and marked at it; then every newer migration runs.
A change to the tables is a new file in ``store/migrations/versions`` (``python -m
store revision "what changes"`` writes its first draft), never a new store.
"""

from __future__ import annotations

import sqlite3
import warnings
from pathlib import Path
from typing import Any, cast

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import Script, ScriptDirectory
from sqlalchemy import Column, Connection, Engine, MetaData, create_engine, inspect
from sqlalchemy.exc import SQLAlchemyError

from store.errors import StoreError
from store.geometry import Geometry

FOLDER = Path(__file__).with_name("migrations")
BASELINE = "0001"  # the schema of the stores made before migrations
#: Our own name for Alembic's mark, so another application's in a shared database is apart.
VERSION_TABLE = "dualgrid_alembic_version"


#: Tables PostGIS keeps in a database: not ours, never to be dropped by a migration draft.
POSTGIS_TABLES = frozenset(
    {"spatial_ref_sys", "geometry_columns", "geography_columns", "raster_columns",
     "raster_overviews", "topology", "layer"}
)  # fmt: skip


#: Spatial indexes the migrations make on PostgreSQL only (GiST; SQLite keeps GeoJSON text).
SPATIAL_INDEXES = frozenset({"flood_areas_geometry_gist"})


def include_object(_obj: object, name: str | None, kind: str, reflected: bool, _to: object) -> bool:
    """What the comparison with `store.schema` looks at: not PostGIS's own tables, nor
    the spatial indexes made for PostgreSQL alone."""
    if kind == "table" and name == VERSION_TABLE:
        return False
    if not reflected:
        return True
    return not (
        (kind == "table" and name in POSTGIS_TABLES)
        or (kind == "index" and name in SPATIAL_INDEXES)
    )


def compare_type(
    _ctx: object, _inspected: object, metadata_column: Column[Any], *_: object
) -> bool | None:
    """Geometry columns are PostGIS's type on PostgreSQL, text on SQLite: not compared."""
    if isinstance(metadata_column.type, Geometry):
        return False
    return None  # Alembic's own comparison


def reason_of(exc: BaseException) -> str:
    """The first line of what the database driver said (not SQLAlchemy's wrapping)."""
    return (str(getattr(exc, "orig", None) or exc).strip().splitlines() or [""])[0][:200]


def _config(conn: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(FOLDER))
    config.attributes["connection"] = conn
    return config


def _context(conn: Connection) -> MigrationContext:
    return MigrationContext.configure(conn, opts={"version_table": VERSION_TABLE})


def head() -> str:
    """The newest migration's revision."""
    return ScriptDirectory.from_config(_config()).get_current_head() or BASELINE


def known(revision: str | None) -> bool:
    """A revision this version's migrations know (None: before migrations)."""
    if revision is None:
        return True
    try:
        return ScriptDirectory.from_config(_config()).get_revision(revision) is not None
    except Exception:
        return False


def current(engine: Engine) -> str | None:
    """The revision the store is at; None for a store no migration has touched."""
    with engine.connect() as conn:
        return _context(conn).get_current_revision()


def has_tables(engine: Engine) -> bool:
    """Whether the database holds any table besides the migrations' mark."""
    with engine.connect() as conn:
        return bool(set(inspect(conn).get_table_names()) - {VERSION_TABLE})


def reachable(engine: Engine) -> None:
    """Connect once, or a message saying the store cannot be reached (not its tables)."""
    try:
        with engine.connect():
            pass
    except SQLAlchemyError as exc:
        where = engine.url.render_as_string(hide_password=True)
        reason = reason_of(exc)
        if engine.dialect.name == "sqlite":  # a file, not a server
            msg = f"cannot open the store {where} ({reason}): point DUALGRID_DB at a store, "
            msg += "or move this file aside and run make run for a new one"
        else:
            msg = f"cannot reach the store {where} ({reason}): start the database server, "
            msg += "or point DUALGRID_DB at a store that is up"
        raise StoreError(msg) from exc


def create(engine: Engine) -> None:
    """The newest tables in an empty database; nothing for a store at the newest schema;
    a store behind it is refused with what to run (only `upgrade` migrates a store, after
    a backup)."""
    reachable(engine)
    try:
        empty = not has_tables(engine)
        at = None if empty else current(engine)
    except SQLAlchemyError as exc:
        where = engine.url.render_as_string(hide_password=True)
        reason = reason_of(exc)
        msg = f"cannot bring the tables of {where} up to date ({type(exc).__name__}: {reason})"
        raise StoreError(msg) from exc
    if empty:
        upgrade(engine)
        return
    if at != head():
        where = engine.url.render_as_string(hide_password=True)
        if not known(at):
            msg = f"the store {where} was made by a newer DualGrid (tables at {at})"
            raise StoreError(msg + ": run that version, or restore a backup made with this one")
        msg = (
            f"the store {where} has tables older than this version of DualGrid (at "
            f"{at or 'before migrations'}, needs {head()}): run `python -m store upgrade` "
            "(it backs the store up first; make run does it)"
        )
        raise StoreError(msg)


def _driver(conn: Connection) -> sqlite3.Connection:
    """The sqlite3 connection under a SQLite store's connection."""
    return cast(sqlite3.Connection, conn.connection.driver_connection)


def upgrade(engine: Engine) -> None:
    """Bring the store to the newest schema, in place, in one transaction."""
    reachable(engine)
    where = engine.url.render_as_string(hide_password=True)
    try:
        with engine.connect() as conn:
            sqlite = conn.dialect.name == "sqlite"
            if sqlite:  # SQLite alters a table by copying it: keys are checked at the end
                _driver(conn).execute("PRAGMA foreign_keys=OFF")
            try:
                with conn.begin():
                    config = _config(conn)
                    at = _context(conn).get_current_revision()
                    if not known(at):
                        msg = f"the store {where} was made by a newer DualGrid (tables at {at})"
                        raise StoreError(msg)
                    if at is None and "meta" in inspect(conn).get_table_names():
                        _adopt(conn)  # made by `schema.create` before migrations
                        command.stamp(config, BASELINE)
                    command.upgrade(config, "head")
                    if sqlite and conn.exec_driver_sql("PRAGMA foreign_key_check").first():
                        msg = "a migration left rows pointing at rows that are gone; undone"
                        raise StoreError(msg)
            finally:
                if sqlite:
                    _driver(conn).execute("PRAGMA foreign_keys=ON")
    except StoreError:
        raise
    except Exception as exc:
        reason = reason_of(exc)
        msg = f"cannot bring the tables of {where} up to date ({type(exc).__name__}: {reason})"
        raise StoreError(msg) from exc


def _adopt(conn: Connection) -> None:
    """A store made by `schema.create` before migrations, brought to exactly the first
    migration's schema: the indexes and guards added to it later, tables it lacks; a
    column it lacks is refused by name (nothing is marked)."""
    scratch = create_engine("sqlite://")
    with scratch.begin() as sconn:
        command.upgrade(_config(sconn), BASELINE)
    baseline = MetaData()
    baseline.reflect(scratch)
    from store import schema

    present = set(inspect(conn).get_table_names())
    for table in baseline.sorted_tables:
        if table.name in present or table.name == VERSION_TABLE:
            continue
        ours = schema.metadata.tables.get(table.name)
        if ours is None or {c.name for c in ours.columns} != {c.name for c in table.columns}:
            msg = f"the store lacks the table {table.name} and cannot be given it here"
            raise StoreError(msg)
        ours.create(conn)  # today's shape is the first migration's
    inspector = inspect(conn)
    with warnings.catch_warnings():  # PostGIS's geometry type is unknown to SQLAlchemy
        warnings.filterwarnings("ignore", "Did not recognize type")
        columns = {
            t.name: {c["name"] for c in inspector.get_columns(t.name)}
            for t in baseline.sorted_tables
            if t.name != VERSION_TABLE
        }
    missing = [
        f"{table.name}.{column.name}"
        for table in baseline.sorted_tables
        if table.name != VERSION_TABLE
        for column in table.columns
        if column.name not in columns[table.name]
    ]
    if missing:
        msg = (
            f"the store lacks columns the first migration has ({', '.join(missing[:10])}): it "
            "was made by a DualGrid older than its migrations know; load it into a new store"
        )
        raise StoreError(msg)
    script = ScriptDirectory.from_config(_config(conn)).get_revision(BASELINE)
    script.module.adopt(conn)


def revision(message: str) -> Path:
    """A new migration's first draft, compared against the tables in `store.schema`, on
    a scratch SQLite store brought to head (review it before committing)."""
    engine = create_engine("sqlite://")
    upgrade(engine)
    with engine.begin() as conn:
        script = command.revision(_config(conn), message=message, autogenerate=True)
    assert isinstance(script, Script)  # one head, so one new script
    return Path(script.path)
