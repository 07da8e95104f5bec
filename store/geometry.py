"""Geometry columns: GeoJSON text to the code, PostGIS geometry on PostgreSQL.

The store's code reads and writes GeoJSON strings (WGS-84) whatever the database. On
PostgreSQL the column is a PostGIS ``geometry(Geometry, 4326)`` with a GiST index, so
the database itself can answer spatial questions (which jobs lie in a flooded area)
and other GIS tools can read the layer; SQLite keeps the text as it is.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import ColumnElement, FunctionElement
from sqlalchemy.types import Text, UserDefinedType

from store.errors import StoreError

SRID = 4326


class Geometry(UserDefinedType[str]):
    """A geometry handed in and out as GeoJSON text."""

    cache_ok = True

    def get_col_spec(self, **_kw: Any) -> str:
        return "TEXT"

    def bind_expression(self, bindvalue: ColumnElement[Any]) -> ColumnElement[Any]:
        return _from_geojson(bindvalue)

    def column_expression(self, colexpr: ColumnElement[Any]) -> ColumnElement[Any]:
        return _to_geojson(colexpr)


@compiles(Geometry, "postgresql")
def _postgis_type(_type: Geometry, _compiler: Any, **_kw: Any) -> str:
    return f"geometry(Geometry, {SRID})"


class _from_geojson(FunctionElement[str]):  # noqa: N801 - SQL function style
    type = Text()
    inherit_cache = True


class _to_geojson(FunctionElement[str]):  # noqa: N801
    type = Text()
    inherit_cache = True


@compiles(_from_geojson)
def _as_text_in(element: _from_geojson, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.clauses, **kw)


@compiles(_to_geojson)
def _as_text_out(element: _to_geojson, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.clauses, **kw)


@compiles(_from_geojson, "postgresql")
def _postgis_in(element: _from_geojson, compiler: SQLCompiler, **kw: Any) -> str:
    return f"ST_SetSRID(ST_GeomFromGeoJSON({compiler.process(element.clauses, **kw)}), {SRID})"


@compiles(_to_geojson, "postgresql")
def _postgis_out(element: _to_geojson, compiler: SQLCompiler, **kw: Any) -> str:
    return f"ST_AsGeoJSON({compiler.process(element.clauses, **kw)})"


def require_postgis(conn: Connection) -> None:
    """PostGIS in this database, or a message saying how to get it."""
    installed = conn.scalar(text("SELECT 1 FROM pg_extension WHERE extname = 'postgis'"))
    if installed:
        return
    available = conn.scalar(text("SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'"))
    if not available:
        msg = (
            "this PostgreSQL server has no PostGIS, which the store needs for its geometry: "
            "install it (Debian: apt-get install postgresql-<version>-postgis-3) and try again"
        )
        raise StoreError(msg)
    try:
        with conn.begin_nested():
            conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS postgis")
    except Exception as exc:
        msg = (
            "PostGIS is installed on the server but not enabled in this database, and this "
            "user may not enable it: as a superuser run CREATE EXTENSION postgis; in the "
            f"database ({exc.__class__.__name__})"
        )
        raise StoreError(msg) from exc
