"""The store's schema, kept up to date in place by Alembic migrations.

`upgrade` brings any store to the newest schema without losing a row: an empty
database gets every table from the migrations; a store made before migrations existed
(its tables but no ``alembic_version``) is recognised as the first migration's schema,
given the guards that schema has, and marked at it; then every newer migration runs.
A change to the tables is a new file in ``store/migrations/versions`` (``python -m
store revision "what changes"`` writes its first draft), never a new store.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Column, Connection, Engine, inspect
from sqlalchemy.exc import OperationalError

from store.errors import StoreError
from store.geometry import Geometry

FOLDER = Path(__file__).with_name("migrations")
BASELINE = "0001"  # the schema of the stores made before migrations


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
    if not reflected:
        return True
    return not (
        (kind == "table" and name in POSTGIS_TABLES)
        or (kind == "index" and name in SPATIAL_INDEXES)
    )


def compare_type(
    _ctx: object, _inspected: object, metadata_column: Column, *_: object
) -> bool | None:
    """Geometry columns are PostGIS's type on PostgreSQL, text on SQLite: not compared."""
    if isinstance(metadata_column.type, Geometry):
        return False
    return None  # Alembic's own comparison


def _config(conn: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(FOLDER))
    config.attributes["connection"] = conn
    return config


def head() -> str:
    """The newest migration's revision."""
    return ScriptDirectory.from_config(_config()).get_current_head() or BASELINE


def current(engine: Engine) -> str | None:
    """The revision the store is at; None for a store no migration has touched."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine) -> None:
    """Bring the store to the newest schema, in place."""
    try:
        with engine.begin() as conn:
            config = _config(conn)
            if MigrationContext.configure(conn).get_current_revision() is None:
                tables = set(inspect(conn).get_table_names())
                if "meta" in tables:  # made by `schema.create` before migrations
                    _adopt(conn)
                    command.stamp(config, BASELINE)
            command.upgrade(config, "head")
    except StoreError:
        raise
    except OperationalError as exc:
        where = engine.url.render_as_string(hide_password=True)
        reason = (str(exc.orig).strip().splitlines() or [""])[0]
        msg = f"cannot reach the store {where} ({reason}): start the database server, or "
        msg += "point DUALGRID_DB at a store that is up"
        raise StoreError(msg) from exc
    except Exception as exc:
        where = engine.url.render_as_string(hide_password=True)
        reason = (str(getattr(exc, "orig", None) or exc).strip().splitlines() or [""])[0]
        msg = f"cannot bring the tables of {where} up to date ({type(exc).__name__}: {reason})"
        raise StoreError(msg) from exc


def _adopt(conn: Connection) -> None:
    """What the baseline schema has that an early store may lack: the indexes and the
    audit guards that `schema.create` used to add to stores made before them."""
    script = ScriptDirectory.from_config(_config(conn)).get_revision(BASELINE)
    script.module.adopt(conn)  # type: ignore[union-attr]


def revision(message: str) -> Path:
    """A new migration's first draft, compared against the tables in `store.schema`, on
    a scratch SQLite store brought to head (review it before committing)."""
    from sqlalchemy import create_engine

    engine = create_engine("sqlite://")
    upgrade(engine)
    with engine.begin() as conn:
        script = command.revision(_config(conn), message=message, autogenerate=True)
    return Path(script.path)  # type: ignore[union-attr]
