"""Backups of a store and their restore: SQLite's online backup (a consistent copy while
the app runs), ``pg_dump``/``pg_restore`` (custom format) for PostgreSQL. A restore keeps
what it replaces: the store as it was is backed up beside the file first."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from datetime import datetime
from pathlib import Path
from typing import cast

from sqlalchemy import Engine

from store import migrate
from store.errors import StoreError


def suffix(engine: Engine) -> str:
    return ".db" if engine.dialect.name == "sqlite" else ".dump"


def default_path(engine: Engine, folder: Path = Path("backups")) -> Path:
    """``backups/dualgrid-YYYYMMDD-HHMMSS.db`` (``.dump`` for PostgreSQL), local time."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return folder / f"dualgrid-{stamp}{suffix(engine)}"


def backup(engine: Engine, target: Path) -> Path:
    """Write a consistent copy of the store to ``target`` (never over an existing file)."""
    if target.exists():
        msg = f"{target} exists already: name a new file (backups are never overwritten)"
        raise StoreError(msg)
    target.parent.mkdir(parents=True, exist_ok=True)
    if engine.dialect.name == "sqlite":
        partial = target.with_name(target.name + ".part")
        source = engine.raw_connection()
        try:
            copy = sqlite3.connect(partial)
            try:
                cast(sqlite3.Connection, source.driver_connection).backup(copy)
                copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            finally:
                copy.close()
        finally:
            source.close()
        partial.replace(target)
        return target
    _run(
        ["pg_dump", "--format=custom", "--no-owner", f"--file={target}", _libpq_url(engine)],
        engine,
    )
    return target


def restore(engine: Engine, source: Path) -> Path | None:
    """Replace the store's content with a backup's, then bring it to the newest schema.
    Returns where the store as it was has been saved first (None if it held nothing)."""
    if not source.is_file():
        msg = f"{source}: no such backup file"
        raise StoreError(msg)
    _check(engine, source)
    kept = _keep_current(engine, source.parent)
    if engine.dialect.name == "sqlite":
        backup_db = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        target = engine.raw_connection()
        try:
            backup_db.backup(cast(sqlite3.Connection, target.driver_connection))
        finally:
            backup_db.close()
            target.close()
        engine.dispose()
    else:
        _pg_restore(engine, source)
    migrate.upgrade(engine)  # a backup made by an older version gets the newer tables
    return kept


def _pg_restore(engine: Engine, source: Path) -> None:
    """The backup's tables, data and triggers, in one transaction; not its extensions
    (PostGIS is the database owner's, already there, and an app role may not drop it)."""
    listing = _run(["pg_restore", "--list", str(source)])
    kept = [
        line
        for line in listing.splitlines()
        if " EXTENSION " not in line and not any(f" {t} " in line for t in migrate.POSTGIS_TABLES)
    ]
    with tempfile.NamedTemporaryFile("w", suffix=".list", delete=False) as chosen:
        chosen.write("\n".join(kept) + "\n")
    try:
        _run(
            [
                "pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
                f"--use-list={chosen.name}", f"--dbname={_libpq_url(engine)}", str(source),
            ],
            engine,
        )  # fmt: skip
    finally:
        Path(chosen.name).unlink(missing_ok=True)


def _check(engine: Engine, source: Path) -> None:
    """A backup of a store of this kind and of a version this one knows, or a message
    naming the file (nothing replaced)."""
    if engine.dialect.name == "sqlite":
        try:
            with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as backup_db:
                names = {r[0] for r in backup_db.execute("SELECT name FROM sqlite_master")}
                mark = (
                    backup_db.execute(f"SELECT version_num FROM {migrate.VERSION_TABLE}").fetchone()
                    if migrate.VERSION_TABLE in names
                    else None
                )
        except sqlite3.DatabaseError as exc:
            msg = f"{source} is not a SQLite backup of a store ({exc}); nothing was replaced"
            raise StoreError(msg) from exc
        if "meta" not in names:
            msg = f"{source} is a SQLite file but not a store's backup; nothing was replaced"
            raise StoreError(msg)
        revision = mark[0] if mark else None
    else:
        try:
            listing = _run(["pg_restore", "--list", str(source)])
        except StoreError as exc:
            msg = f"{source} is not a PostgreSQL backup of a store ({exc}); nothing was replaced"
            raise StoreError(msg) from exc
        if " TABLE public meta " not in listing:
            msg = f"{source} is a PostgreSQL backup but not a store's; nothing was replaced"
            raise StoreError(msg)
        revision = _pg_revision(source) if migrate.VERSION_TABLE in listing else None
    if not migrate.known(revision):
        msg = (
            f"{source} was made by a newer DualGrid (tables at {revision}): restore it with "
            "that version; nothing was replaced"
        )
        raise StoreError(msg)


def _pg_revision(source: Path) -> str | None:
    """The migration a PostgreSQL backup's store was at, read from the file."""
    text = _run(
        ["pg_restore", "--data-only", f"--table={migrate.VERSION_TABLE}", "--file=-", str(source)]
    )
    lines = text.splitlines()
    for k, line in enumerate(lines):
        if line.startswith("COPY ") and migrate.VERSION_TABLE in line and k + 1 < len(lines):
            value = lines[k + 1].strip()
            return None if value == "\\." else value
    return None


def _keep_current(engine: Engine, folder: Path) -> Path | None:
    """A copy of the store about to be replaced, unless it holds no row at all."""
    from sqlalchemy import func, inspect, select

    from store import schema

    with engine.connect() as conn:
        present = set(inspect(conn).get_table_names())
        rows = sum(
            conn.scalar(select(func.count()).select_from(table)) or 0
            for name, table in schema.metadata.tables.items()
            if name in present
        )
    if rows == 0:
        return None
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return backup(engine, folder / f"dualgrid-before-restore-{stamp}{suffix(engine)}")


def _libpq_url(engine: Engine) -> str:
    """The URL for PostgreSQL's own tools: no driver name, and no password (that goes in
    the environment, where other users' ``ps`` cannot read it)."""
    return engine.url.set(drivername="postgresql", password=None).render_as_string(
        hide_password=False
    )


def _run(command: list[str], engine: Engine | None = None) -> str:
    """Run one of PostgreSQL's tools; its output, or its error as a StoreError."""
    if shutil.which(command[0]) is None:
        msg = (
            f"{command[0]} is not installed: it comes with PostgreSQL's client tools "
            "(Debian: apt-get install postgresql-client), the same version as the server"
        )
        raise StoreError(msg)
    env = dict(os.environ)
    if engine is not None and engine.url.password:
        env["PGPASSWORD"] = str(engine.url.password)
    done = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    if done.returncode != 0:
        said = (done.stderr or done.stdout).strip().splitlines()
        errors = [line for line in said if "error:" in line] or said
        msg = f"{command[0]} failed: {errors[0] if errors else f'exit {done.returncode}'}"
        raise StoreError(msg)
    return done.stdout
