"""A new urgent job placed into the committed plan at once, flagged for the dispatcher."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine

from dispatch.live import LOCAL, build_problem, committed_routes
from dispatch.schedule import route_slack, timing
from store import schema as s
from store.board import commit_routes, snapshot
from store.db import transaction


def place_urgent(
    engine: Engine,
    job_id: str,
    *,
    network: Any = None,
    by: str = "auto",
    now: datetime | None = None,
) -> str | None:
    """Put a new urgent job into the committed plan at once: the cheapest feasible place
    in a qualified on-duty member's route. The job is flagged for the dispatcher.
    Returns what was done, or None when no place was feasible (it waits, new)."""
    snap = snapshot(engine, now)
    if job_id not in {j.id for j in snap.jobs}:
        return None
    board = build_problem(snap, scope="station", network=network)
    problem = board.problem
    routes = {
        m: [problem.job[j] for j in r]
        for m, r in committed_routes(snap).items()
        if m in problem.member
    }
    slack = route_slack(
        problem, routes, board.travel, locked={m.id: len(m.fixed) for m in problem.members}
    )
    job = problem.job[job_id]
    best = None
    for member in problem.members:
        if member.can_do(job):
            found = slack[member.id].best(job, board.travel)
            if found is not None and (best is None or found[1] < best[2]):
                best = (member.id, found[0], found[1])
    if best is None:
        return None
    member_id, position = best[0], best[1]
    order = [j.id for j in routes.get(member_id, [])]
    order.insert(position, job_id)
    timed = timing(problem.member[member_id], [problem.job[j] for j in order], board.travel)
    etas = {st.job: board.start + timedelta(seconds=float(st.arrival)) for st in timed.stops}
    name = board.members[member_id].name
    flag = (
        f"placed automatically in {name} ({member_id})'s route as stop {position + 1}, "
        f"ETA {(etas[job_id] + LOCAL):%H:%M} — review"
    )
    versions = {j: snap.job(j).version for j in order}
    commit_routes(engine, {member_id: [(j, etas[j]) for j in order]}, versions, by=by, now=snap.now)
    with transaction(engine) as conn:
        conn.execute(s.jobs.update().where(s.jobs.c.id == job_id).values(flag=flag))
    return flag
