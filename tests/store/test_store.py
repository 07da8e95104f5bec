"""The store: one call loads the demo, a second changes nothing; it refuses to mix."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from store import queries, schema
from store import schema as s
from store.db import make_engine, transaction
from store.errors import StoreError
from store.folder import manifest_digest, read_tables
from store.load import load_demo


@pytest.fixture(scope="module")
def tables(demo_dir):
    return read_tables(demo_dir)


def test_second_load_changes_nothing(demo_db, demo_dir, tables):
    engine = make_engine(demo_db)
    before = queries.counts(engine)
    assert load_demo(engine, tables, manifest_digest(demo_dir)) is False
    assert queries.counts(engine) == before
    assert before["customers"] == 334_000
    with engine.connect() as conn:  # the load itself is on the audit trail, once
        loads = conn.execute(select(func.count()).where(s.audit.c.action == "load_demo")).scalar()
    assert loads == 1


def test_another_build_is_refused(demo_db, tables):
    engine = make_engine(demo_db)
    with pytest.raises(StoreError, match="another build"):
        load_demo(engine, tables, "0" * 64)


def test_a_store_holding_other_data_is_refused(tmp_path, demo_dir, tables):
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    schema.create(engine)
    small = {k: v.head(0) for k, v in tables.items()}
    small["stations"] = tables["stations"]
    small["townships"] = tables["townships"]
    small["grids"] = tables["grids"]
    small["communities"] = tables["communities"]
    small["members"] = tables["members"].head(1)
    with transaction(engine) as conn:
        for table in schema.LOAD_ORDER:
            rows = small[table.name].astype(object).where(small[table.name].notna(), None)
            if len(rows):
                cols = [c.name for c in table.columns if c.name in rows.columns]
                conn.execute(table.insert(), rows[cols].to_dict("records"))
    with pytest.raises(StoreError, match="not empty"):
        load_demo(engine, tables, manifest_digest(demo_dir))


def test_a_failed_load_leaves_the_store_unchanged(tmp_path, demo_dir, tables):
    """A bad row in the middle of the load rolls every table back."""
    engine = make_engine(f"sqlite:///{tmp_path / 'y.db'}")
    broken = dict(tables)
    jobs = tables["jobs"].copy()
    jobs.loc[jobs.index[-1], "grid_id"] = "NO-SUCH-GRID"  # violates a foreign key
    broken["jobs"] = jobs
    with pytest.raises(Exception, match="FOREIGN KEY"):
        load_demo(engine, broken, manifest_digest(demo_dir))
    assert queries.counts(engine)["customers"] == 0
    assert queries.counts(engine)["stations"] == 0


@pytest.mark.sqlite_only
def test_sqlite_runs_in_wal_mode_with_foreign_keys(demo_db):
    engine = make_engine(demo_db)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000


def test_roster_is_complete_and_masks_phones(demo_db):
    engine = make_engine(demo_db)
    grids = queries.grids(engine)
    assert len(grids) == 25
    assert (grids["n_staff"] >= 3).all()
    assert (grids["x_members"] >= 1).all()
    assert grids["leader"].notna().all()
    roster = queries.roster(engine, "G01")
    assert roster["staff"].iloc[0]["role"] == "leader"
    for part in ("staff", "community"):
        for phone in roster[part]["phone"]:
            assert re.fullmatch(r"1\d\d\*{4}\d{4}", phone), phone
    assert len(roster["windows"]) >= 1


def test_open_jobs_and_positions(demo_db):
    engine = make_engine(demo_db)
    jobs = queries.open_jobs(engine)
    assert set(jobs["status"]) <= {"new", "assigned", "en_route", "on_site"}
    assert jobs["created_at"].is_monotonic_increasing
    positions = queries.member_positions(engine)
    with engine.connect() as conn:
        active = conn.scalar(select(func.count()).select_from(schema.members))
    assert len(positions) == active
