"""The board on the demo store: plan, commit, conflicts between two dispatchers,
a job's steps, and an urgent job placed at once."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from actions.urgent import place_urgent
from dispatch.job_notes import said
from dispatch.lifecycle import TransitionError
from dispatch.live import build_problem
from dispatch.review import MoveError, diff, move_job
from dispatch.solver import SolveParams, solve
from store import schema as s
from store.board import ConflictError, commit_routes, step_job
from store.db import make_engine
from store.snapshot import snapshot


@pytest.fixture
def engine(demo_db):
    return make_engine(demo_db)


def planned(engine, **kw):
    snap = snapshot(engine)
    board = build_problem(snap, **kw)
    plan = solve(board.problem, SolveParams(solution_limit=50), travel=board.travel)
    return snap, board, plan


def routes_of(board, plan, members=None):
    return {
        r.member: [(st.job, board.start + timedelta(seconds=st.arrival)) for st in r.stops]
        for r in plan.routes
        if members is None or r.member in members
    }


def test_the_demo_board_plans_every_open_job_or_says_why(engine):
    snap, board, plan = planned(engine)
    open_ids = {j.id for j in snap.jobs}
    routed = {j for r in plan.routes for j in r.jobs}
    assert routed | {u.job for u in plan.unassigned} == open_ids
    assert all(u.reason for u in plan.unassigned)
    # work already under way stays at the head of its member's route
    for job in snap.jobs:
        if job.status in {"en_route", "on_site"}:
            assert plan.member_of(job.id) == job.member_id
    changes = diff(board.current, plan, sorted(open_ids))
    assert {c.kind for c in changes} <= {
        "kept",
        "moved",
        "assigned",
        "taken off",
        "still unassigned",
    }


def test_commit_assigns_and_a_second_commit_from_the_same_view_is_refused(engine):
    snap, board, plan = planned(engine)
    routes = routes_of(board, plan)
    new_jobs = {j.id for j in snap.jobs if j.status == "new"} & {
        j for r in routes.values() for j, _ in r
    }
    assert new_jobs
    result = commit_routes(engine, routes, board.versions, by="dispatcher.a")
    assert result.assigned >= len(new_jobs)
    with engine.connect() as conn:
        rows = conn.execute(select(s.jobs).where(s.jobs.c.id.in_(sorted(new_jobs)))).all()
        assert {r.status for r in rows} == {"assigned"}
        active = conn.execute(
            select(s.assignments.c.job_id, func.count())
            .where(s.assignments.c.active.is_(True), s.assignments.c.job_id.in_(sorted(new_jobs)))
            .group_by(s.assignments.c.job_id)
        ).all()
        assert all(n == 1 for _, n in active)
        assert len(active) == len(new_jobs)
    audit_before = _audit_count(engine)
    with pytest.raises(ConflictError, match="nothing was committed"):
        commit_routes(engine, routes, board.versions, by="dispatcher.b")
    # nothing written but the refused attempt itself, in the audit trail
    assert _audit_count(engine) == audit_before + 1
    with engine.connect() as conn:
        last = conn.execute(select(s.audit).order_by(s.audit.c.id.desc())).first()
    assert (last.user, last.action) == ("dispatcher.b", "commit refused")


def _audit_count(engine):
    with engine.connect() as conn:
        return conn.scalar(select(func.count()).select_from(s.audit))


def test_two_dispatchers_at_once_never_assign_one_job_twice(engine):
    snap = snapshot(engine)
    job = next(j for j in snap.jobs if j.status == "new" and j.type in {"meter", "billing"})
    staff = [m for m in snap.members if m.kind == "staff" and m.status == "available"][:2]
    versions = {job.id: job.version}
    outcomes: dict[str, str] = {}
    barrier = threading.Barrier(2)

    def dispatcher(name, member):
        barrier.wait()
        try:
            commit_routes(
                engine, {member.id: [(job.id, snap.now)]}, versions, by=name, now=snap.now
            )
            outcomes[name] = "committed"
        except ConflictError as exc:
            outcomes[name] = str(exc)

    threads = [threading.Thread(target=dispatcher, args=(f"d{k}", m)) for k, m in enumerate(staff)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes.values())[0] == "committed"
    assert list(outcomes.values()).count("committed") == 1
    loser = next(v for v in outcomes.values() if v != "committed")
    assert job.id in loser
    with engine.connect() as conn:
        active = conn.scalar(
            select(func.count())
            .select_from(s.assignments)
            .where(s.assignments.c.job_id == job.id, s.assignments.c.active.is_(True))
        )
    assert active == 1


def test_a_job_goes_through_its_life_and_each_step_is_recorded(engine):
    snap = snapshot(engine)
    job = next(j for j in snap.jobs if j.status == "new")
    member = next(m for m in snap.members if m.kind == "staff" and m.status == "available")
    commit_routes(engine, {member.id: [(job.id, snap.now)]}, {job.id: job.version}, by="d")
    for status in ("en_route", "on_site"):
        step_job(engine, job.id, status, by=member.id)
    with pytest.raises(TransitionError, match="say why"):
        step_job(engine, job.id, "failed", by=member.id)
    step_job(engine, job.id, "done", by=member.id)
    with engine.connect() as conn:
        events = conn.execute(
            select(s.job_events.c.status, s.job_events.c.by)
            .where(s.job_events.c.job_id == job.id)
            .order_by(s.job_events.c.id)
        ).all()
        row = conn.execute(select(s.jobs).where(s.jobs.c.id == job.id)).one()
        position = conn.execute(
            select(s.member_status).where(s.member_status.c.member_id == member.id)
        ).one()
        audits = conn.scalar(
            select(func.count()).select_from(s.audit).where(s.audit.c.entity_id == job.id)
        )
    assert [e.status for e in events] == ["new", "assigned", "en_route", "on_site", "done"]
    assert events[-1].by == member.id
    assert row.status == "done"
    assert row.closed_at is not None
    assert (position.status, position.lon, position.lat) == ("available", row.lon, row.lat)
    assert audits >= 4
    with pytest.raises(TransitionError, match="closed"):
        step_job(engine, job.id, "on_site", by=member.id)


def test_a_stale_step_is_a_conflict(engine):
    snap = snapshot(engine)
    job = next(j for j in snap.jobs if j.status == "assigned")
    step_job(engine, job.id, "en_route", by="x", version=job.version)
    with pytest.raises(ConflictError):
        step_job(engine, job.id, "on_site", by="y", version=job.version)


def test_move_is_checked(engine):
    _snap, board, plan = planned(engine)
    route = next(
        r for r in plan.routes if any(j for j in r.jobs if board.problem.job[j].priority > 1)
    )
    job_id = next(
        j
        for j in route.jobs
        if board.problem.job[j].priority > 1
        and j not in {f for m in board.problem.members for f in m.fixed}
    )
    job = board.problem.job[job_id]
    unfit = next(m for m in board.problem.members if not job.skills <= m.skills)
    with pytest.raises(MoveError, match="lacks"):
        move_job(board, plan, job_id, unfit.id)
    fit = [m for m in board.problem.members if job.skills <= m.skills and m.id != route.member]
    moved = None
    for member in fit:
        try:
            moved = move_job(board, plan, job_id, member.id)
            break
        except MoveError:
            continue
    assert moved is not None
    assert moved.member_of(job_id) == member.id
    assert sum(len(r.stops) for r in moved.routes) == sum(len(r.stops) for r in plan.routes)


def test_a_new_urgent_job_is_placed_at_once_and_flagged(engine, tmp_path):
    from dispatch.domain import Channel
    from dispatch.intake import Place, Record
    from store.intake import import_records

    snap = snapshot(engine)
    with engine.connect() as conn:
        d = conn.execute(select(s.districts).where(s.districts.c.area_class == "urban")).first()
    record = Record(
        1,
        "U-1",
        Channel.HOTLINE_95598,
        snap.now,
        "repair",
        Place(d.id, d.grid_id, d.area_class, d.lon + 0.001, d.lat, (d.lon, d.lat)),
    )
    result = import_records(engine, [record])
    assert len(result.urgent) == 1
    flag = place_urgent(engine, result.urgent[0])
    assert flag is not None
    assert "review" in said(flag)
    with engine.connect() as conn:
        row = conn.execute(select(s.jobs).where(s.jobs.c.id == result.urgent[0])).one()
    assert row.status == "assigned"
    assert row.flag == flag
