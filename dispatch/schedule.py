"""Earliest-start schedules of routes, and cheapest feasible insertion of a job.

Pure functions over the problem and a whole-seconds travel matrix; the solver
uses them to time its routes and to explain or insert single jobs, the checker
does not (it has its own walk).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from dispatch.model import Job, Member, Problem
from dispatch.plan import Stop


@dataclass(frozen=True, slots=True)
class Timing:
    """A route's earliest schedule: stops with arrival/start, finish time, travel, load."""

    stops: tuple[Stop, ...]
    finish: float
    travel: float
    load: int
    feasible: bool


def timing(member: Member, jobs: Sequence[Job], t: NDArray[np.float64]) -> Timing:
    """Walk a route leaving at the shift start; feasible when every window, the shift,
    the skills, ``max_jobs`` and ``capacity`` hold and every leg has a road."""
    clock = float(member.shift[0])
    place = member.start
    travel = 0.0
    load = 0
    ok = member.max_jobs is None or len(jobs) <= member.max_jobs
    stops = []
    for job in jobs:
        leg = t[place, job.location]
        arrival = clock + leg
        start = max(arrival, job.window[0]) if job.window else arrival
        if not np.isfinite(leg) or (job.window and start > job.window[1]):
            ok = False
        if not member.can_do(job):
            ok = False
        stops.append(
            Stop(
                job.id,
                int(arrival) if np.isfinite(arrival) else -1,
                int(start) if np.isfinite(start) else -1,
            )
        )
        travel += leg
        load += job.demand
        clock = start + job.service
        place = job.location
    if member.end is not None and jobs:
        leg = t[place, member.end]
        travel += leg
        clock += leg
    if jobs and clock > member.shift[1]:
        ok = False
    if member.capacity is not None and load > member.capacity:
        ok = False
    return Timing(tuple(stops), clock, travel, load, ok and bool(np.isfinite(travel)))


@dataclass(frozen=True, slots=True)
class Insertion:
    member: str
    position: int
    added_travel: float


def best_insertion(
    problem: Problem,
    routes: dict[str, list[Job]],
    job: Job,
    t: NDArray[np.float64],
    *,
    locked: dict[str, int] | None = None,
) -> Insertion | None:
    """The feasible place in the current routes where the job adds least travel
    (positions inside a member's locked prefix are not considered)."""
    best: Insertion | None = None
    locked = locked or {}
    for member in problem.members:
        if not member.can_do(job):
            continue
        route = routes.get(member.id, [])
        base = timing(member, route, t)
        for position in range(locked.get(member.id, 0), len(route) + 1):
            candidate = [*route[:position], job, *route[position:]]
            trial = timing(member, candidate, t)
            if not trial.feasible:
                continue
            added = trial.travel - (base.travel if route else 0.0)
            if best is None or added < best.added_travel:
                best = Insertion(member.id, position, added)
    return best
