"""Crews in the store (issue 21): the shift's pairing and the two-person job types are
kept and audited, a bad one writes nothing; a crew's route is committed to both of its
people, each sees it, may step it, and is credited with its work in the evaluation."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from actions import board as actions_board
from actions.evaluation import evaluate_month
from actions.field import step
from dispatch.board import shared_in_order
from dispatch.clock import local
from dispatch.errors import DualGridError
from store import crews as store_crews
from store import schema as s
from store.board import clock
from store.db import make_engine
from store.evaluation import records
from store.field import holds
from store.snapshot import snapshot


@pytest.fixture
def engine(demo_db):
    return make_engine(demo_db)


def _audit(engine, action: str) -> list[str]:
    with engine.connect() as conn:
        return list(conn.scalars(select(s.audit.c.after).where(s.audit.c.action == action)))


def test_the_shifts_pairing_is_kept_audited_and_a_bad_one_writes_nothing(engine):
    now = clock(engine).now()
    snap = snapshot(engine)
    assert snap.saved_crews is None  # nobody paired yet: the default applies
    staff = [m for m in snap.members if m.kind == "staff" and m.status == "available"]
    lead, mate, other = staff[0].id, staff[1].id, staff[2].id
    store_crews.save_crews(engine, [(lead, mate)], by="dispatcher.a", now=now)
    assert snapshot(engine).saved_crews == {lead: mate}
    assert _audit(engine, "crews") == [f'{{"{lead}": "{mate}"}}']
    with pytest.raises(DualGridError, match=f"{mate} is in two crews"):
        store_crews.save_crews(engine, [(lead, mate), (other, mate)], by="d", now=now)
    with pytest.raises(DualGridError, match="unknown member 'NOBODY'"):
        store_crews.save_crews(engine, [(lead, "NOBODY")], by="d", now=now)
    assert snapshot(engine).saved_crews == {lead: mate}  # as it was
    assert len(_audit(engine, "crews")) == 1
    store_crews.save_crews(engine, [], by="d", now=now)  # everyone alone: not the default
    assert snapshot(engine).saved_crews == {}
    assert store_crews.day_key(now) == f"crews:{local(now):%Y-%m-%d}"


def test_the_two_person_types_are_a_setting(engine):
    now = clock(engine).now()
    assert store_crews.crew_sizes(engine) == {"repair": 2, "outage": 2}
    store_crews.save_sizes(engine, {"outage": 1, "meter": 2}, by="d", now=now)
    assert snapshot(engine).crew_sizes == {"repair": 2, "meter": 2}
    with pytest.raises(DualGridError, match="not 3"):
        store_crews.save_sizes(engine, {"repair": 3}, by="d", now=now)
    assert store_crews.crew_sizes(engine) == {"repair": 2, "meter": 2}


def test_a_crews_route_is_both_of_theirs(engine):
    now = clock(engine).now()
    board, plan = actions_board.plan(
        engine, scope="county", seconds=2, moves=frozenset({"assigned"}), now=now
    )
    two = {j.id for j in board.problem.jobs if j.crew == 2}
    crew_routes = [r for r in plan.routes if r.member in board.crews and set(r.jobs) & two]
    assert crew_routes, "the demo morning's repairs go to crews"
    assert not [r for r in plan.routes if r.member not in board.crews and set(r.jobs) & two]
    route = crew_routes[0]
    lead, mate = route.member, board.crews[route.member]
    actions_board.commit(engine, board, plan, members={lead}, by="dispatcher.a")
    with engine.connect() as conn:
        active = conn.execute(
            select(s.assignments.c.job_id, s.assignments.c.member_id).where(
                s.assignments.c.active.is_(True), s.assignments.c.job_id.in_(list(route.jobs))
            )
        ).all()
    # work the lead had under way alone stays theirs; the rest is both of theirs
    started = {j for j in route.jobs if board.jobs[j].status in {"en_route", "on_site"}}
    expected = {(j, lead) for j in route.jobs} | {(j, mate) for j in route.jobs if j not in started}
    assert {(j, m) for j, m in active} == expected
    snap = snapshot(engine)
    mine = shared_in_order(snap.jobs)
    assert [j.id for j in mine[lead]] == list(route.jobs)
    assert [j.id for j in mine[mate]] == [j for j in route.jobs if j not in started]
    first = snap.job(next(j for j in route.jobs if j not in started))
    assert first.member_name.count(" + ") == 1  # the board names the crew
    assert first.member_id == lead
    assert first.mates == (mate,)
    assert holds(engine, mate, first.id)
    # the mate steps it from their phone, and is credited with it in the month
    step(engine, mate, first.id, "en_route", by=mate.lower(), version=first.version)
    for status in ("on_site", "done"):
        version = snapshot(engine).job(first.id).version
        step(engine, lead, first.id, status, by=lead.lower(), version=version)
    month = f"{local(clock(engine).now()):%Y-%m}"
    found = records(engine, month, month)
    assert (first.id, mate) in set(found.mates.itertuples(index=False, name=None))
    _, scores, _ = evaluate_month(found, month)
    done = scores.set_index("member_id")["tasks_done"]
    without = evaluate_month(
        type(found)(**{**found.__dict__, "mates": found.mates.iloc[0:0]}), month
    )[1].set_index("member_id")["tasks_done"]
    assert done[mate] == without[mate] + 1
    assert done[lead] == without[lead]
