"""The time limit is the dispatcher's: `solve` answers within it (plus half a second)
at every size up to 1,000 jobs, with the best plan the time allowed — the model's
building and the plan's finishing count against it (issue 21)."""

from __future__ import annotations

import time

import pytest

from dispatch.check import check, seconds
from dispatch.plan import travel_matrix
from dispatch.solver import SolveParams, finish_reserve, solve
from tests.dispatch.test_engines import county_like


@pytest.mark.parametrize(("n_jobs", "n_members", "limit"), [(1_000, 80, 3.0), (300, 30, 1.0)])
def test_a_solve_returns_within_its_limit_with_a_plan(
    n_jobs: int, n_members: int, limit: float
) -> None:
    problem = county_like(n_jobs=n_jobs, n_members=n_members, seed=21)
    t = seconds(travel_matrix(problem))
    started = time.perf_counter()
    plan = solve(problem, SolveParams(time_limit=limit), travel=t)
    took = time.perf_counter() - started
    assert took <= limit + 0.5, f"{took:.2f} s for a {limit:g} s limit"
    assert check(problem, plan, t).ok
    served = sum(len(r.stops) for r in plan.routes)
    assert served > n_jobs // 4  # stopped early, it still hands over the plan it had
    assert len(plan.unassigned) + served == n_jobs


def test_the_finishing_reserve_grows_with_the_problem_and_stays_a_share_of_the_limit() -> None:
    assert finish_reserve(1_000, 80, 10.0) > finish_reserve(100, 10, 10.0)
    assert finish_reserve(1_000, 250, 1.0) == 0.25
