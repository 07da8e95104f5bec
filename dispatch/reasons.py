"""Why a job is left out: computed from the problem and the plan, never guessed.

Before solving, `screen` finds jobs no member could serve even with an empty
route — no one has the skills, no road, the window closes before anyone can get
there, no shift is long enough, no capacity is large enough. After solving,
`explain_dropped` says why a job that could have been served was not: serving
it costs more travel than its penalty, or the qualified members' time went to
more urgent work, or their shifts are full.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from dispatch.model import Job, Member, Problem
from dispatch.plan import Reason, ReasonCode
from dispatch.schedule import best_insertion, route_slack


def _alone(member: Member, job: Job, t: NDArray[np.float64]) -> tuple[float, float, float]:
    """Arrival, service start and finish if the member did only this job."""
    arrival = member.shift_s[0] + t[member.start, job.location]
    start = max(arrival, job.window[0]) if job.window else arrival
    finish = start + job.service_s
    if member.end is not None:
        finish += t[job.location, member.end]
    return arrival, start, finish


def screen(problem: Problem, t: NDArray[np.float64]) -> dict[str, Reason]:
    """Reasons for the jobs that no member could serve even with nothing else to do."""
    reasons: dict[str, Reason] = {}
    for job in problem.jobs:
        qualified = [m for m in problem.members if m.can_do(job)]
        if not qualified and any(job.skills <= m.skills for m in problem.members):
            reasons[job.id] = Reason(ReasonCode.NO_CREW, {"crew": job.crew})
            continue
        if not qualified:
            have = set().union(*(m.skills for m in problem.members)) if problem.members else set()
            missing = sorted(job.skills - have) or sorted(job.skills)
            reasons[job.id] = Reason(ReasonCode.NO_SKILL, {"missing": missing})
            continue
        roads = [
            m
            for m in qualified
            if np.isfinite(t[m.start, job.location])
            and (m.end is None or np.isfinite(t[job.location, m.end]))
        ]
        if not roads:
            reasons[job.id] = Reason(ReasonCode.NO_ROAD)
            continue
        timed = [(m, *_alone(m, job, t)) for m in roads]
        if job.window and all(start > job.window[1] for _, _, start, _ in timed):
            soonest = min(arrival for _, arrival, _, _ in timed)
            figures = {"closes_s": float(job.window[1]), "soonest_s": float(soonest)}
            reasons[job.id] = Reason(ReasonCode.WINDOW_CLOSED, figures)
            continue
        if all(finish > m.shift_s[1] for m, _, _, finish in timed):
            reasons[job.id] = Reason(ReasonCode.NO_SHIFT)
            continue
        room = [
            m
            for m in roads
            if (m.max_jobs is None or m.max_jobs > 0)
            and (m.capacity is None or m.capacity >= job.demand)
        ]
        if not room:
            reasons[job.id] = Reason(ReasonCode.CAPACITY, {"demand": job.demand})
    return reasons


def explain_dropped(
    problem: Problem, routes: dict[str, list[str]], dropped: list[str], t: NDArray[np.float64]
) -> dict[str, Reason]:
    """Reasons for feasible jobs the plan leaves out, from the routes it chose."""
    jobs = problem.job
    current = {m: [jobs[j] for j in route] for m, route in routes.items()}
    locked = {m.id: len(m.fixed) for m in problem.members}
    slack = route_slack(problem, current, t, locked=locked)
    reasons: dict[str, Reason] = {}
    for job_id in dropped:
        job = jobs[job_id]
        insertion = best_insertion(problem, current, job, t, slack=slack)
        if insertion is not None:
            figures = {"added_travel_s": int(insertion.added_travel), "penalty": job.drop_cost}
            reasons[job_id] = Reason(ReasonCode.COSTLY, figures)
            continue
        qualified = {m.id for m in problem.members if m.can_do(job)}
        busy_with = sorted(
            {
                jobs[j].priority
                for m in qualified
                for j in routes.get(m, [])
                if jobs[j].priority < job.priority
            }
        )
        if busy_with:
            priorities = [int(p) for p in busy_with]
            reasons[job_id] = Reason(ReasonCode.BUSY_URGENT, {"priorities": priorities})
        else:
            reasons[job_id] = Reason(ReasonCode.SHIFT_FULL)
    return reasons
