"""An independent check of a plan against its problem: every rule of the format,
recomputed from scratch (it shares nothing with the solver's model).

A member leaves ``start`` at ``shift[0]``; arrival at a stop is the departure from
the previous place plus the travel; service starts at ``max(arrival, window[0])``,
which must be at most ``window[1]``; departure is start plus service. The finish
(arrival at ``end``, or the end of the last service when there is no end) must be
at most ``shift[1]``. Skills, ``max_jobs`` and ``capacity`` must hold, and every job
appears exactly once: in one route, or unassigned with a reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from dispatch.model import Member, Problem
from dispatch.plan import Plan, Route, travel_matrix


@dataclass
class CheckResult:
    """What `check` found: violated rules, remarks that are not violations, the objective."""

    violations: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    objective: int = 0
    travel: int = 0

    @property
    def ok(self) -> bool:
        return not self.violations


def seconds(matrix: NDArray[np.float64]) -> NDArray[np.float64]:
    """Whole seconds, as the solver sees them (``inf`` stays ``inf``)."""
    return np.where(np.isfinite(matrix), np.rint(matrix), np.inf)


def check(problem: Problem, plan: Plan, travel: NDArray[np.float64] | None = None) -> CheckResult:
    """Every violated rule of ``plan``; the objective recomputed by the format's rule."""
    t = seconds(travel_matrix(problem) if travel is None else travel)
    out = CheckResult()
    jobs, members = problem.job, problem.member
    seen: dict[str, str] = {}

    def mark(job_id: str, where: str) -> None:
        if job_id not in jobs:
            out.violations.append(f"{where}: unknown job {job_id!r}")
        elif job_id in seen:
            out.violations.append(f"job {job_id!r} appears twice ({seen[job_id]} and {where})")
        else:
            seen[job_id] = where

    routed_members: set[str] = set()
    total_travel = 0.0
    for route in plan.routes:
        member = members.get(route.member)
        if member is None:
            out.violations.append(f"route of unknown member {route.member!r}")
            continue
        if route.member in routed_members:
            out.violations.append(f"member {route.member!r} has two routes")
        routed_members.add(route.member)
        for stop in route.stops:
            mark(stop.job, f"route of {route.member}")
        total_travel += _check_route(problem, member, route, t, out)
    for u in plan.unassigned:
        mark(u.job, "unassigned")
        if not str(u.reason).strip():
            out.violations.append(f"job {u.job!r} is unassigned without a reason")
    for job_id in jobs:
        if job_id not in seen:
            out.violations.append(f"job {job_id!r} is neither routed nor unassigned")
    penalties = sum(jobs[u.job].drop_cost for u in plan.unassigned if u.job in jobs)
    out.travel = int(total_travel) if np.isfinite(total_travel) else -1
    out.objective = out.travel + penalties if out.travel >= 0 else -1
    if plan.objective != out.objective:
        out.notes.append(
            f"the plan states objective {plan.objective}; by the rules it is {out.objective}"
        )
    return out


def _check_route(
    problem: Problem, member: Member, route: Route, t: NDArray[np.float64], out: CheckResult
) -> float:
    """Walk one route; returns its travel seconds (``inf`` if a leg has no road)."""
    jobs = problem.job
    who = f"member {member.id!r}"
    clock = float(member.shift_s[0])
    place = member.start
    travel = 0.0
    load = 0
    stops = [s for s in route.stops if s.job in jobs]
    if member.max_jobs is not None and len(stops) > member.max_jobs:
        out.violations.append(f"{who}: {len(stops)} jobs, more than max_jobs {member.max_jobs}")
    fixed = list(member.fixed)
    if fixed and [s.job for s in stops[: len(fixed)]] != fixed:
        out.violations.append(f"{who}: route must begin with its fixed jobs {fixed}")
    for stop in stops:
        job = jobs[stop.job]
        leg = t[place, job.location]
        if not np.isfinite(leg):
            out.violations.append(f"{who}: no road to job {job.id!r}")
            return float("inf")
        travel += leg
        arrival = clock + leg
        start = max(arrival, job.window[0]) if job.window else arrival
        if job.window and start > job.window[1]:
            out.violations.append(
                f"{who}: job {job.id!r} starts at {int(start)}, after its "
                f"window ends ({job.window[1]})"
            )
        missing = job.skills - member.skills
        if missing:
            out.violations.append(f"{who}: lacks skill(s) {sorted(missing)} for job {job.id!r}")
        if member.size < job.crew:
            out.violations.append(
                f"{who}: job {job.id!r} needs a crew of {job.crew}, the route has {member.size}"
            )
        if (stop.arrival, stop.start) != (int(arrival), int(start)):
            out.notes.append(
                f"job {job.id!r}: the plan says arrival {stop.arrival}, start "
                f"{stop.start}; the earliest schedule gives {int(arrival)}, "
                f"{int(start)}"
            )
        load += job.demand
        clock = start + job.service_s
        place = job.location
    if member.capacity is not None and load > member.capacity:
        out.violations.append(f"{who}: load {load} exceeds capacity {member.capacity}")
    if member.end is not None and stops:
        leg = t[place, member.end]
        if not np.isfinite(leg):
            out.violations.append(f"{who}: no road back to its end")
            return float("inf")
        travel += leg
        clock += leg
    if stops and clock > member.shift_s[1]:
        out.violations.append(
            f"{who}: finishes at {int(clock)}, after its shift ends ({member.shift_s[1]})"
        )
    return travel
