"""Place urgent work: a new urgent job put into the committed plan at once, flagged for
the dispatcher to review."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine

from dispatch.clock import local
from dispatch.job_notes import coded
from dispatch.live import build_problem
from dispatch.plan import Plan, Route
from dispatch.schedule import timing
from dispatch.solver import SolverError, insert_urgent
from dispatch.travel import TravelTimes
from store.board import commit_routes
from store.snapshot import snapshot


def place_urgent(
    engine: Engine,
    job_id: str,
    *,
    network: TravelTimes | None = None,
    by: str = "auto",
    now: datetime | None = None,
) -> str | None:
    """Put a new urgent job into the committed plan at once: the cheapest feasible place
    in a qualified on-duty member's route (the solver's `insert_urgent`, whose plan is
    checked independently), written with its flag in one transaction. Returns the flag,
    or None when no place was feasible (the job waits, new)."""
    snap = snapshot(engine, now)
    if job_id not in {j.id for j in snap.jobs}:
        return None
    board = build_problem(snap, scope="station", network=network)
    problem = board.problem
    if job_id not in problem.job:
        return None
    routable = {  # a job held off the search (cut off by the water, say) is not routed
        m: [j for j in r if j in problem.job]
        for m, r in board.current.items()
        if m in problem.member
    }
    committed = Plan(
        tuple(
            Route(m, timing(problem.member[m], [problem.job[j] for j in r], board.travel).stops)
            for m, r in routable.items()
            if r
        ),
        (),
        0,
        0,
    )
    try:
        placed = insert_urgent(problem, committed, job_id, travel=board.travel)
    except SolverError:  # the insertion would break a rule: the job waits for the next plan
        return None
    route = next((r for r in placed.routes if job_id in r.jobs), None)
    if route is None:
        return None
    committing = placed.arrivals(board.start, {route.member})
    etas = dict(committing[route.member])
    position = route.jobs.index(job_id)
    name = board.name(route.member)
    flag = coded(
        "placed_urgent",
        member=f"{name} ({route.member})",
        stop=position + 1,
        eta=f"{local(etas[job_id]):%H:%M}",
    )
    versions = {j: snap.job(j).version for j in route.jobs}
    commit_routes(
        engine,
        committing,
        versions,
        by=by,
        now=snap.now,
        flags={job_id: flag},
        crews=board.crews,
    )
    return flag
