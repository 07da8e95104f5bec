"""The second engine (PyVRP) models the same rules; the better checked plan wins."""

from __future__ import annotations

import numpy as np

from dispatch.check import check, seconds
from dispatch.model import Problem
from dispatch.plan import Plan, travel_matrix
from dispatch.pyvrp_engine import can_express, solve_routes_pyvrp
from dispatch.reasons import screen
from dispatch.solver import SolveParams, finish_plan, solve

from .conftest import job, line, member


def county_like(n_jobs: int = 40, n_members: int = 5, seed: int = 3) -> Problem:
    rng = np.random.default_rng(seed)
    xs = rng.integers(0, 4_000, n_members + n_jobs).tolist()
    skills = ["repair", "metering"]
    members = [
        member(
            f"m{k}",
            k,
            shift=(0, 10_000),
            skills=[skills[k % 2]],
            max_jobs=6 if k % 2 else None,
            end=k if k < 2 else None,
        )
        for k in range(n_members)
    ]
    jobs = []
    for k in range(n_jobs):
        opens = int(rng.integers(0, 7_000))
        jobs.append(
            job(
                f"j{k}",
                n_members + k,
                service=int(rng.integers(60, 600)),
                skills=[skills[int(rng.integers(2))]],
                window=[opens, opens + 2_500],
                priority=int(rng.integers(1, 5)),
            )
        )
    return line(xs, members, jobs, solution_limit=None)  # wall-clock budget: both engines


def test_pyvrp_routes_respect_skills_and_job_limits():
    """Profiles bar jobs a member cannot do; max_jobs holds as a second load."""
    p = county_like()
    t = seconds(travel_matrix(p))
    routes = solve_routes_pyvrp(p, t, [j.id for j in p.jobs], time_limit=1.0)
    assert routes
    plan = finish_plan(p, routes, screen(p, t), t, 1.0)  # raises if a rule is broken
    assert check(p, plan).ok
    assert sum(len(r.stops) for r in plan.routes) > 20


def test_the_better_engine_wins_and_both_are_recorded():
    p = county_like(seed=5)
    plan = solve(p, SolveParams(time_limit=4))
    both = plan.extra["objectives"]  # each engine's routes as searched
    assert set(both) == {"ortools", "pyvrp"}
    assert plan.objective <= min(both.values())  # finishing only fills gaps
    assert plan.extra["engine"] == min(both, key=both.get)


def test_replanning_uses_ortools_alone():
    p = county_like()
    data = p.to_json()
    data["members"][0]["fixed"] = [data["jobs"][0]["id"]]
    replan = Problem.from_json(data)
    assert not can_express(replan)
    plan = solve(replan, SolveParams(time_limit=3))
    assert "objectives" not in plan.extra
    assert isinstance(plan, Plan)


def test_a_solution_limit_keeps_the_plan_deterministic():
    """With a deterministic budget the wall-clock second engine stays out; twice the
    same plan."""
    data = county_like().to_json()
    data["options"]["solution_limit"] = 300
    p = Problem.from_json(data)
    a, b = solve(p, SolveParams(time_limit=5)), solve(p, SolveParams(time_limit=5))
    assert "objectives" not in a.extra
    assert a.to_json()["routes"] == b.to_json()["routes"]
