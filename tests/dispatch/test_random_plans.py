"""On random instances every returned plan passes the independent check, and every
job is either routed or explained."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dispatch.check import check
from dispatch.model import Problem
from dispatch.solver import SolveParams, solve

SKILLS = ["repair", "metering", "billing"]


@st.composite
def problems(draw) -> Problem:
    n_members = draw(st.integers(1, 4))
    n_jobs = draw(st.integers(0, 14))
    n = n_members + n_jobs
    xs = draw(st.lists(st.integers(0, 2_000), min_size=n, max_size=n))
    members = []
    for k in range(n_members):
        start = draw(st.integers(0, 3_000))
        members.append(
            {
                "id": f"m{k}",
                "start": k,
                "end": draw(st.sampled_from([None, k])),
                "shift": [start, start + draw(st.integers(300, 8_000))],
                "skills": draw(st.lists(st.sampled_from(SKILLS), unique=True, max_size=3)),
                "max_jobs": draw(st.sampled_from([None, 1, 3])),
                "capacity": draw(st.sampled_from([None, 2, 5])),
            }
        )
    jobs = []
    for k in range(n_jobs):
        open_at = draw(st.integers(0, 6_000))
        jobs.append(
            {
                "id": f"j{k}",
                "location": n_members + k,
                "service": draw(st.integers(0, 600)),
                "skills": draw(st.lists(st.sampled_from(SKILLS), unique=True, max_size=1)),
                "window": draw(
                    st.sampled_from([None, [open_at, open_at + draw(st.integers(0, 3_000))]])
                ),
                "priority": draw(st.integers(1, 4)),
                "demand": draw(st.integers(0, 3)),
            }
        )
    durations = [[abs(a - b) for b in xs] for a in xs]
    return Problem.from_json(
        {
            "locations": [[111.8 + x / 1e5, 26.5] for x in xs],
            "durations": durations,
            "members": members,
            "jobs": jobs,
            "options": {"time_limit": 1, "solution_limit": 200},
        }
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_every_plan_is_feasible_and_complete(problem):
    plan = solve(problem, SolveParams(time_limit=0.5))
    result = check(problem, plan)
    assert result.ok, result.violations
    assert result.objective == plan.objective
    routed = [s.job for r in plan.routes for s in r.stops]
    left = [u.job for u in plan.unassigned]
    assert sorted(routed + left) == sorted(j.id for j in problem.jobs)
    assert all(u.reason for u in plan.unassigned)
