"""Issue 16, finding 11: a 200,000-character flood-area name was stored (the column says
128); a GeoJSON of 1,200 features became 1,200 transactions."""

from __future__ import annotations

import pytest
import shapely
from sqlalchemy import event, func, select

from store import schema as s
from store.db import make_engine
from store.errors import StoreError
from store.flood import NAME_MAX, add_area, add_areas


def areas(engine) -> int:
    with engine.connect() as conn:
        return conn.scalar(select(func.count()).select_from(s.flood_areas))


def test_a_name_longer_than_the_column_is_refused(demo_db, figure):
    engine = make_engine(demo_db)
    with pytest.raises(StoreError, match=f"name: at most {NAME_MAX} characters, not 200,000"):
        add_area(engine, "水" * 200_000, shapely.box(111.8, 26.5, 111.81, 26.51),
                 source="upload", by="t")  # fmt: skip
    assert areas(engine) == 0
    figure(f"flood area name of 200,000 characters: refused (at most {NAME_MAX}), nothing written")


def test_many_features_are_one_transaction(demo_db, figure):
    engine = make_engine(demo_db)
    commits = []
    event.listen(engine, "commit", lambda conn: commits.append(1))
    boxes = [
        (f"area {k}", shapely.box(111.8 + k % 40 / 1000, 26.5 + k // 40 / 1000,
                                  111.8005 + k % 40 / 1000, 26.5005 + k // 40 / 1000))
        for k in range(1200)
    ]  # fmt: skip
    ids = add_areas(engine, boxes, source="upload", by="t")
    assert len(ids) == len(set(ids)) == 1200
    assert areas(engine) == 1200
    assert len(commits) == 1
    figure(f"1,200 uploaded features: stored in {len(commits)} transaction")
