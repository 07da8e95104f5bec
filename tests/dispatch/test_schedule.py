"""The constant-time insertion test agrees with walking every candidate route."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from dispatch.check import seconds
from dispatch.plan import travel_matrix
from dispatch.schedule import best_insertion, timing
from dispatch.solver import SolveParams, solve

from .conftest import job, line, member


def brute_force(problem, routes, new, t):
    best = None
    for m in problem.members:
        if not m.can_do(new):
            continue
        route = routes.get(m.id, [])
        base = timing(m, route, t).travel if route else 0.0
        for k in range(len(route) + 1):
            trial = timing(m, [*route[:k], new, *route[k:]], t)
            if trial.feasible and (best is None or trial.travel - base < best - 1e-9):
                best = trial.travel - base
    return best


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.integers(0, 3_000), min_size=8, max_size=8),
    st.lists(st.integers(0, 5_000), min_size=8, max_size=8),
    st.integers(0, 3_000),
)
def test_slack_insertion_matches_brute_force(xs, opens, new_x):
    jobs = [
        job(f"j{k}", 2 + k, window=[o, o + 1_500], service=100) for k, o in enumerate(opens[:6])
    ]
    p = line(
        [0, 1_500, *xs[:6], new_x],
        [member("a", 0, shift=(0, 9_000), end=0), member("b", 1, shift=(0, 7_000))],
        [*jobs, job("new", 8, window=[opens[6], opens[6] + 2_000], service=200)],
    )
    t = seconds(travel_matrix(p))
    plan = solve(p, SolveParams(time_limit=0.3, solution_limit=50))
    routes = {r.member: [p.job[j] for j in r.jobs if j != "new"] for r in plan.routes}
    fast = best_insertion(p, routes, p.job["new"], t)
    slow = brute_force(p, routes, p.job["new"], t)
    assert (fast is None) == (slow is None)
    if fast is not None:
        assert np.isclose(fast.added_travel, slow)
