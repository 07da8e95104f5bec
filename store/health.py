"""Bad state named: what keeps DualGrid from running on a store and a layers folder, as
one line saying what to run — an unreachable database, tables older than the code, an
empty store, a missing layers folder, or layers of another county than the store's."""

from __future__ import annotations

import re
from pathlib import Path

import pyogrio
from sqlalchemy import Engine, func, inspect, select
from sqlalchemy.exc import SQLAlchemyError

from store import migrate
from store import schema as s
from store.db import describe
from store.errors import StoreError

#: The layer files the map and the intake read (written by the demo or by onboarding).
LAYERS = ("outline", "districts", "townships", "water")
#: Below this share of the store's districts found in the layers, they are another county's.
SAME_COUNTY = 0.9


def problem(engine: Engine, folder: str | Path | None = None) -> str | None:
    """The first thing wrong, or None. ``folder``: the county's layers, when they matter."""
    found = _store_problem(engine)
    if isinstance(found, str):
        return found
    return None if folder is None else _layers_problem(engine, Path(folder), found)


def for_anyone(text: str, engine: Engine, folder: str | Path) -> str:
    """A problem as shown before anyone has signed in: what to run stays; the database's
    address and user, server paths and the driver's reason are left to the server log."""
    shown = text.replace(describe(engine), "set in DUALGRID_DB")
    shown = shown.replace(str(Path(folder)), "set in DUALGRID_DATA")
    if shown.startswith(("Cannot reach", "Cannot open", "The store set in DUALGRID_DB cannot")) or (
        "cannot be read" in shown
    ):
        shown = re.sub(r" \([^()]*\)", "", shown, count=1)
    return shown + " (Details in the server log.)"


def _store_problem(engine: Engine) -> str | set[str]:
    """What is wrong with the store, or the ids of its districts."""
    where = describe(engine)
    try:
        migrate.reachable(engine)
    except StoreError as exc:
        text = str(exc)
        return text[0].upper() + text[1:] + "."
    try:
        with engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
            county = (
                conn.scalar(select(func.count()).select_from(s.districts))
                if "districts" in tables
                else 0
            )
            store_districts = (
                set(conn.execute(select(s.districts.c.id)).scalars()) if county else set()
            )
    except SQLAlchemyError as exc:
        reason = migrate.reason_of(exc)
        return (
            f"The store {where} cannot be read ({reason}): is it a DualGrid store? Point "
            "DUALGRID_DB at one."
        )
    if not county:
        return (
            f"No county is loaded in the store {where}: run `make run` for the demo county, "
            "or `python -m store onboard FILES --out FOLDER` for a county's own files."
        )
    try:
        at = migrate.current(engine)
    except SQLAlchemyError:
        at = None
    if not migrate.known(at):
        return (
            f"The store {where} was made by a newer version of DualGrid (tables at {at}): "
            "run that version, or restore a backup made with this one."
        )
    if at != migrate.head():
        return (
            f"The store {where} has tables older than this version of DualGrid (at "
            f"{at or 'before migrations'}, needs {migrate.head()}): run `python -m store "
            "upgrade` (make run does it)."
        )
    return store_districts


def _layers_problem(engine: Engine, path: Path, store_districts: set[str]) -> str | None:
    missing = [name for name in LAYERS if not (path / f"{name}.geojson").is_file()]
    if missing:
        return (
            f"The county's map layers are missing from {path} ({', '.join(missing)}): run "
            "`make demo` for the demo county, or set DUALGRID_DATA to the folder holding them."
        )
    try:
        ids = pyogrio.read_dataframe(
            path / "districts.geojson", columns=["id"], read_geometry=False
        )["id"]
    except Exception as exc:  # a broken file: named, with what the reader said
        return f"The districts layer in {path} cannot be read ({exc}): rebuild it (make demo)."
    found = len(store_districts & set(ids.astype(str))) / len(store_districts)
    if found < SAME_COUNTY:
        return (
            f"The layers in {path} are another county's than the store {describe(engine)} "
            f"holds (only {found:.0%} of its districts are in them): set DUALGRID_DATA to "
            "this county's layers, or DUALGRID_DB to the store of these."
        )
    return None


def awaiting_county(engine: Engine) -> bool:
    """True for a store set up with its users and no county yet: an administrator may
    sign in and onboard one (the Onboard page), and nothing else runs."""
    try:
        with engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
            if not {"users", "districts"} <= tables:
                return False
            users = conn.scalar(select(func.count()).select_from(s.users))
            county = conn.scalar(select(func.count()).select_from(s.districts))
    except SQLAlchemyError:
        return False
    return bool(users) and not county
