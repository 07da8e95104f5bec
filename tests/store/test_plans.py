"""Saved grid plans on the demo store, and making one live: districts, customers,
communities, windows, open jobs and rosters follow; a refused plan changes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from dispatch.domain import OPEN_STATUSES
from store import queries
from store import schema as s
from store.db import make_engine
from store.errors import StoreError
from store.plans import delete_plan, live_plan, load_plan, make_live, save_plan, saved_plans

OPEN = [str(x) for x in OPEN_STATUSES]


@pytest.fixture
def engine(demo_db):
    return make_engine(demo_db)


def current(engine):
    with engine.connect() as conn:
        return dict(conn.execute(select(s.districts.c.id, s.districts.c.grid_id)).all())


def snapshot_of(engine):
    """Everything a regrid may touch, to show a refusal changed nothing."""
    with engine.connect() as conn:
        return [
            sorted(conn.execute(select(t.c.id, t.c.grid_id)).all())
            for t in (s.districts, s.members, s.communities, s.service_windows, s.jobs)
        ] + [conn.scalar(select(func.count()).select_from(t)) for t in (s.grids, s.audit, s.plans)]


def merged(engine):
    """G02 merged into G01 (both CC), one G03 district split off as CC-NEW."""
    plan = current(engine)
    plan = {d: ("G01" if g == "G02" else g) for d, g in plan.items()}
    split = sorted(d for d, g in plan.items() if g == "G03")[0]
    plan[split] = "CC-NEW"
    return plan, split


def test_a_plan_is_saved_listed_loaded_and_deleted(engine):
    plan, split = merged(engine)
    pid = save_plan(engine, "merge G02", plan, locked={split}, lo=12000, hi=15000, by="planner")
    listed = saved_plans(engine)
    assert list(listed["name"]) == ["merge G02"]
    assert int(listed.iloc[0]["grids"]) == 25  # one gone, one new
    assert int(listed.iloc[0]["locked"]) == 1
    assert load_plan(engine, pid) == (plan, {split})
    with pytest.raises(StoreError, match="already exists"):
        save_plan(engine, " merge G02 ", plan, lo=1, hi=2, by="planner")
    delete_plan(engine, pid, by="planner")
    assert saved_plans(engine).empty
    with pytest.raises(StoreError, match=f"no saved plan with id {pid}"):
        load_plan(engine, pid)


def test_a_write_on_a_plan_the_screen_showed_but_that_is_gone_is_refused(engine):
    """The planner saw plan "a" as #id; someone deleted it and saved "b", which SQLite may
    give the same id: deleting or making live "the plan shown" is refused, nothing written."""
    plan, _ = merged(engine)
    first = save_plan(engine, "a", plan, lo=12000, hi=15000, by="planner")
    shown_at = saved_plans(engine).iloc[0]["created_at"]
    delete_plan(engine, first, by="other planner", saved_at=shown_at)
    save_plan(engine, "b", plan, lo=12000, hi=15000, by="other planner")
    before = snapshot_of(engine)
    for write in (delete_plan, make_live):
        with pytest.raises(StoreError, match=r"is now another plan|no saved plan"):
            write(engine, first, by="planner", saved_at=shown_at)
    assert snapshot_of(engine) == before
    assert list(saved_plans(engine)["name"]) == ["b"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda p: p.pop(next(iter(p))), "without a grid"),
        (lambda p: p.update({"NOPE": "G01"}), "unknown district"),
        (lambda p: p.update({next(iter(p)): "G07"}), "mixes stations"),
        (lambda p: p.update({next(iter(p)): ""}), "grid ids must be"),
    ],
)
def test_a_bad_plan_is_refused_and_nothing_is_written(engine, change, message):
    before = snapshot_of(engine)
    plan = current(engine)
    change(plan)
    with pytest.raises(StoreError, match=message):
        save_plan(engine, "bad", plan, lo=1, hi=2, by="planner")
    assert snapshot_of(engine) == before


def test_making_a_plan_live_moves_everything_that_belongs_to_a_grid(engine):
    plan, split = merged(engine)
    with engine.connect() as conn:
        g02_staff = set(
            conn.scalars(
                select(s.members.c.id).where(
                    s.members.c.grid_id == "G02", s.members.c.kind == "staff"
                )
            )
        )
        g02_leader = conn.scalar(select(s.grids.c.leader_id).where(s.grids.c.id == "G02"))
        closed_g02 = conn.scalar(
            select(func.count()).where(s.jobs.c.grid_id == "G02", s.jobs.c.status.not_in(OPEN))
        )
    pid = save_plan(engine, "merge", plan, lo=12000, hi=15000, by="planner")
    result = make_live(engine, pid, by="planner")

    assert current(engine) == plan
    assert result.retired_grids == ["G02"]
    assert result.new_grids == ["CC-NEW"]
    assert live_plan(engine) == pid
    with engine.connect() as conn:
        for table in (s.customers, s.service_windows):
            stale = conn.scalar(
                select(func.count())
                .select_from(table.join(s.districts, s.districts.c.id == table.c.district_id))
                .where(table.c.grid_id != s.districts.c.grid_id)
            )
            assert stale == 0, table.name
        open_stale = conn.scalar(
            select(func.count())
            .select_from(s.jobs.join(s.districts, s.districts.c.id == s.jobs.c.district_id))
            .where(s.jobs.c.status.in_(OPEN), s.jobs.c.grid_id != s.districts.c.grid_id)
        )
        assert open_stale == 0
        # the record keeps the grid a closed job was done in
        assert (
            conn.scalar(
                select(func.count()).where(s.jobs.c.grid_id == "G02", s.jobs.c.status.not_in(OPEN))
            )
            == closed_g02
        )
        moved = dict(
            conn.execute(
                select(s.members.c.id, s.members.c.grid_id).where(s.members.c.id.in_(g02_staff))
            ).all()
        )
        assert set(moved.values()) == {"G01"}
        assert conn.scalar(select(s.members.c.role).where(s.members.c.id == g02_leader)) == (
            "staff"
        )
        # every community member sits in the grid of their community
        assert (
            conn.scalar(
                select(func.count())
                .select_from(
                    s.members.join(s.communities, s.communities.c.id == s.members.c.community_id)
                )
                .where(s.members.c.kind == "community")
                .where(s.members.c.grid_id != s.communities.c.grid_id)
            )
            == 0
        )
        assert conn.scalar(select(s.grids.c.station_id).where(s.grids.c.id == "CC-NEW")) == "CC"
        actions = conn.execute(
            select(s.audit.c.entity, func.count()).group_by(s.audit.c.entity)
        ).all()
    assert dict(actions)["district"] == result.districts_moved
    assert dict(actions)["member"] == result.members_moved
    assert any("joins G01 as staff" in n for n in result.notes)
    assert "CC-NEW has no grid leader: name one in the roster" in result.notes
    grids = queries.grids(engine)
    assert "G02" not in set(grids["id"])
    assert "CC-NEW" in set(grids["id"])
    assert split in plan


def test_a_grid_id_of_another_station_is_refused_at_make_live(engine):
    plan = current(engine)
    first_cc = sorted(d for d, g in plan.items() if g == "G01")
    for d in first_cc:
        plan[d] = "G07"  # G07 is S01's grid, these districts are CC's
    for d, g in list(plan.items()):
        if g == "G07" and d not in first_cc:
            plan[d] = "S01-X"
    pid = save_plan(engine, "rename", plan, lo=1, hi=2, by="planner")
    before = snapshot_of(engine)
    with pytest.raises(StoreError, match="G07 belongs to station S01, not CC"):
        make_live(engine, pid, by="planner")
    assert snapshot_of(engine) == before
