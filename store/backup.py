"""Backups of a store and their restore: SQLite's online backup (a consistent copy while
the app runs), ``pg_dump``/``pg_restore`` (custom format) for PostgreSQL. A restore keeps
what it replaces: the store as it was is backed up beside the file first."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from datetime import datetime
from pathlib import Path

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
                source.driver_connection.backup(copy)  # type: ignore[union-attr]
                copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            finally:
                copy.close()
        finally:
            source.close()
        partial.replace(target)
        return target
    _run(["pg_dump", "--format=custom", "--no-owner", f"--file={target}", _libpq_url(engine)])
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
            backup_db.backup(target.driver_connection)  # type: ignore[arg-type]
        finally:
            backup_db.close()
            target.close()
        engine.dispose()
    else:
        _run(
            [
                "pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
                f"--dbname={_libpq_url(engine)}", str(source),
            ]
        )  # fmt: skip
    migrate.upgrade(engine)  # a backup made by an older version gets the newer tables
    return kept


def _check(engine: Engine, source: Path) -> None:
    """A backup file of this kind of store, or a message naming it (nothing replaced)."""
    if engine.dialect.name == "sqlite":
        try:
            with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as backup_db:
                names = {r[0] for r in backup_db.execute("SELECT name FROM sqlite_master")}
        except sqlite3.DatabaseError as exc:
            msg = f"{source} is not a SQLite backup of a store ({exc}); nothing was replaced"
            raise StoreError(msg) from exc
        if "meta" not in names:
            msg = f"{source} is a SQLite file but not a store's backup; nothing was replaced"
            raise StoreError(msg)
        return
    try:
        _run(["pg_restore", "--list", str(source)])
    except StoreError as exc:
        msg = f"{source} is not a PostgreSQL backup of a store ({exc}); nothing was replaced"
        raise StoreError(msg) from exc


def _keep_current(engine: Engine, folder: Path) -> Path | None:
    from store.health import problem

    if (problem(engine) or "").startswith("No county"):
        return None  # an empty store: nothing to keep
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return backup(engine, folder / f"dualgrid-before-restore-{stamp}{suffix(engine)}")


def _libpq_url(engine: Engine) -> str:
    """The URL for PostgreSQL's own tools (no SQLAlchemy driver name)."""
    return engine.url.set(drivername="postgresql").render_as_string(hide_password=False)


def _run(command: list[str]) -> None:
    if shutil.which(command[0]) is None:
        msg = (
            f"{command[0]} is not installed: it comes with PostgreSQL's client tools "
            "(Debian: apt-get install postgresql-client), the same version as the server"
        )
        raise StoreError(msg)
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        reason = (done.stderr or done.stdout).strip().splitlines()
        msg = f"{command[0]} failed: {reason[-1] if reason else f'exit {done.returncode}'}"
        raise StoreError(msg)
