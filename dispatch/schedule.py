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
    clock = float(member.shift_s[0])
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
        clock = start + job.service_s
        place = job.location
    if member.end is not None and jobs:
        leg = t[place, member.end]
        travel += leg
        clock += leg
    if jobs and clock > member.shift_s[1]:
        ok = False
    if member.capacity is not None and load > member.capacity:
        ok = False
    return Timing(tuple(stops), clock, travel, load, ok and bool(np.isfinite(travel)))


@dataclass(frozen=True, slots=True)
class Insertion:
    member: str
    position: int
    added_travel: float


class _RouteSlack:
    """One route's earliest departures and latest starts, so that whether a job fits
    between two stops is a constant-time test (forward/backward time slack)."""

    def __init__(
        self, member: Member, route: Sequence[Job], t: NDArray[np.float64], locked: int
    ) -> None:
        self.member, self.route, self.locked = member, list(route), locked
        places = [member.start] + [j.location for j in route]
        depart = [float(member.shift_s[0])]
        clock = float(member.shift_s[0])
        for k, job in enumerate(route):
            arrival = clock + t[places[k], job.location]
            start = max(arrival, job.window[0]) if job.window else arrival
            clock = start + job.service_s
            depart.append(clock)
        # latest start of service at each stop that keeps the rest of the route feasible
        latest = [0.0] * len(route)
        nxt = float(member.shift_s[1])
        for k in range(len(route) - 1, -1, -1):
            job = route[k]
            if k == len(route) - 1:
                onward = 0.0 if member.end is None else t[job.location, member.end]
            else:
                onward = t[job.location, route[k + 1].location]
            bound = nxt - onward - job.service_s
            if job.window:
                bound = min(bound, job.window[1])
            latest[k] = bound
            nxt = bound
        self.places, self.depart, self.latest = places, depart, latest
        self.load = sum(j.demand for j in route)

    def best(self, job: Job, t: NDArray[np.float64]) -> tuple[int, float] | None:
        """(position, added travel) of the cheapest feasible insertion, or None."""
        member = self.member
        if member.max_jobs is not None and len(self.route) + 1 > member.max_jobs:
            return None
        if member.capacity is not None and self.load + job.demand > member.capacity:
            return None
        best = None
        n = len(self.route)
        for k in range(self.locked, n + 1):  # insert after position k (0 = after the start)
            here = self.places[k]
            arrival = self.depart[k] + t[here, job.location]
            start = max(arrival, job.window[0]) if job.window else arrival
            if not np.isfinite(arrival) or (job.window and start > job.window[1]):
                continue
            leave = start + job.service_s
            if k < n:
                after = self.route[k]
                reach = leave + t[job.location, after.location]
                if not reach <= self.latest[k]:
                    continue
                added = (
                    t[here, job.location]
                    + t[job.location, after.location]
                    - t[here, after.location]
                )
            else:
                back = 0.0 if member.end is None else t[job.location, member.end]
                if not leave + back <= member.shift_s[1]:
                    continue
                old_back = 0.0 if member.end is None or n == 0 else t[here, member.end]
                added = t[here, job.location] + back - old_back
            if np.isfinite(added) and (best is None or added < best[1]):
                best = (k, float(added))
        return best


def best_insertion(
    problem: Problem,
    routes: dict[str, list[Job]],
    job: Job,
    t: NDArray[np.float64],
    *,
    locked: dict[str, int] | None = None,
    slack: dict[str, _RouteSlack] | None = None,
) -> Insertion | None:
    """The feasible place in the current routes where the job adds least travel
    (positions inside a member's locked prefix are not considered). Pass ``slack``
    (from `route_slack`) to answer many jobs against the same routes quickly."""
    slack = slack or route_slack(problem, routes, t, locked=locked)
    best: Insertion | None = None
    for member in problem.members:
        if not member.can_do(job):
            continue
        found = slack[member.id].best(job, t)
        if found is not None and (best is None or found[1] < best.added_travel):
            best = Insertion(member.id, found[0], found[1])
    return best


def route_slack(
    problem: Problem,
    routes: dict[str, list[Job]],
    t: NDArray[np.float64],
    *,
    locked: dict[str, int] | None = None,
    only: str | None = None,
) -> dict[str, _RouteSlack]:
    """Per member, the slack of its current route (empty routes included); ``only``:
    that one member's (after its route changed)."""
    locked = locked or {}
    return {
        m.id: _RouteSlack(m, routes.get(m.id, []), t, locked.get(m.id, 0))
        for m in problem.members
        if only is None or m.id == only
    }
