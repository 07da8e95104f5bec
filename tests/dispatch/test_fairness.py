"""Fair loads (issue 21): balancing shortens the longest working day and shrinks the
spread across members, and its price in travel is stated against the plain plan."""

from __future__ import annotations

import numpy as np

from dispatch.check import check, seconds
from dispatch.fairness import loads, price, working_days
from dispatch.model import Problem
from dispatch.plan import travel_matrix
from dispatch.solver import SolveParams, solve

from .conftest import job, line, member


def _grid(seed: int = 8) -> Problem:
    """Four members in one grid, two at the jobs' end of the line: a plain plan lets the
    near two do nearly everything."""
    rng = np.random.default_rng(seed)
    people = [member(f"m{k}", k, shift=(0, 40_000)) for k in range(4)]
    jobs = [job(f"j{k}", 4 + k, service=900, priority=3) for k in range(24)]
    xs = [0, 100, 3_000, 3_100, *rng.integers(0, 800, 24).tolist()]
    return line(xs, people, jobs, solution_limit=3_000)


def test_balancing_shrinks_the_spread_and_states_its_price() -> None:
    problem = _grid()
    t = seconds(travel_matrix(problem))
    plain = solve(problem, SolveParams(time_limit=5), travel=t)
    fair = solve(problem, SolveParams(time_limit=5, balance=10), travel=t)
    assert check(problem, fair, t).ok
    assert not fair.unassigned  # every job still served
    bought = price(problem, fair, plain, t)
    assert bought.after.longest_s < bought.before.longest_s
    assert bought.spread_cut_s > 0
    assert bought.travel_added_s >= 0  # the travel it costs, said with the plan
    assert bought.travel_added_s == fair.travel - plain.travel


def test_working_days_count_every_member() -> None:
    problem = _grid()
    t = seconds(travel_matrix(problem))
    plan = solve(problem, SolveParams(time_limit=5), travel=t)
    days = working_days(problem, plan, t)
    assert set(days) == {"m0", "m1", "m2", "m3"}
    worked = loads(problem, plan, t)
    assert worked.longest_s == max(days.values())
    assert worked.spread_s == max(days.values()) - min(days.values())
