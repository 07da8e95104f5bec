"""Flood areas kept as geometry: the same shape back on every database, and on
PostgreSQL a PostGIS geometry the database itself can query."""

from __future__ import annotations

from shapely.geometry import Point, Polygon
from sqlalchemy import text

from store.db import make_engine
from store.flood import add_area, areas, clear_areas

# a quadrilateral with a hole, on the Xiang by the county seat
SHELL = [(111.85, 26.58), (111.87, 26.58), (111.872, 26.595), (111.851, 26.597)]
HOLE = [(111.858, 26.586), (111.862, 26.586), (111.862, 26.589), (111.858, 26.589)]


def test_an_area_comes_back_as_it_went_in(demo_db: str) -> None:
    engine = make_engine(demo_db)
    shape = Polygon(SHELL, [HOLE])
    area_id = add_area(engine, "Riverside", shape, source="drawn", by="test")
    [back] = [a for a in areas(engine) if a.id == area_id]
    assert back.geometry.equals_exact(shape, tolerance=1e-9)
    assert back.name == "Riverside"
    clear_areas(engine, by="test")
    assert all(a.id != area_id for a in areas(engine))


def test_on_postgresql_the_column_is_postgis(demo_db: str, backend: str) -> None:
    engine = make_engine(demo_db)
    area_id = add_area(engine, "Riverside", Polygon(SHELL, [HOLE]), source="drawn", by="test")
    if backend != "postgresql":
        with engine.connect() as conn:
            kept = conn.scalar(
                text("SELECT geometry FROM flood_areas WHERE id = :i"), {"i": area_id}
            )
        assert '"Polygon"' in kept  # GeoJSON text on SQLite
        return
    inside, in_hole = Point(111.866, 26.59), Point(111.86, 26.5875)
    with engine.connect() as conn:
        srid, kind, indexed = conn.execute(
            text(
                "SELECT ST_SRID(geometry), GeometryType(geometry), "
                "(SELECT count(*) FROM pg_indexes WHERE tablename = 'flood_areas' "
                "AND indexdef LIKE '%USING gist%') FROM flood_areas WHERE id = :i"
            ),
            {"i": area_id},
        ).one()
        contains = [
            conn.scalar(
                text(
                    "SELECT ST_Contains(geometry, ST_SetSRID(ST_Point(:x, :y), 4326)) "
                    "FROM flood_areas WHERE id = :i"
                ),
                {"x": p.x, "y": p.y, "i": area_id},
            )
            for p in (inside, in_hole)
        ]
    assert (srid, kind, indexed) == (4326, "POLYGON", 1)
    assert contains == [True, False]
