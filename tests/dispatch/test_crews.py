"""Two-person work: a job that needs a crew of two is routed only to a crew of two
(one works, one guards), never to one person alone, by either engine; with no crew of
two it is left out with that reason (issue 21)."""

from __future__ import annotations

import numpy as np
import pytest

from dispatch.check import check, seconds
from dispatch.errors import ProblemError
from dispatch.model import Problem
from dispatch.plan import Plan, ReasonCode, Route, Stop, travel_matrix
from dispatch.pyvrp_engine import solve_routes_pyvrp
from dispatch.solver import SolveParams, solve

from .conftest import job, line, member


def _county(crews: int, seed: int = 4) -> Problem:
    """30 jobs on a line, a third of them repairs needing two; singles and ``crews`` pairs."""
    rng = np.random.default_rng(seed)
    people = [member(f"m{k}", k, skills=["repair", "metering"]) for k in range(4)]
    people += [
        member(f"c{k}", 4 + k, skills=["repair"], crew=[f"p{2 * k}", f"p{2 * k + 1}"])
        for k in range(crews)
    ]
    jobs = [
        job(f"j{k}", 8 + k, service=300, skills=["repair"] if k % 3 == 0 else ["metering"],
            crew=2 if k % 3 == 0 else 1, priority=1 if k % 3 == 0 else 3)
        for k in range(30)
    ]  # fmt: skip
    xs = rng.integers(0, 3_000, 8 + 30).tolist()
    return line(xs, people, jobs, solution_limit=None)


def _crew_of(problem: Problem, plan: Plan) -> dict[str, int]:
    return {j: problem.member[r.member].size for r in plan.routes for j in r.jobs}


def test_two_person_work_goes_to_crews_only() -> None:
    problem = _county(crews=2)
    plan = solve(problem, SolveParams(time_limit=3))
    sizes = _crew_of(problem, plan)
    pairs = [j.id for j in problem.jobs if j.crew == 2]
    assert all(sizes[j] == 2 for j in pairs if j in sizes)
    assert sum(j in sizes for j in pairs) >= 5  # the crews do serve them
    assert any(size == 1 for size in sizes.values())  # the singles do the rest


def test_pyvrp_keeps_the_rule_too() -> None:
    problem = _county(crews=1)
    t = seconds(travel_matrix(problem))
    routes = solve_routes_pyvrp(problem, t, [j.id for j in problem.jobs], time_limit=1.0)
    assert routes
    for member_id, jobs in routes.items():
        if problem.member[member_id].size == 1:
            assert all(problem.job[j].crew == 1 for j in jobs)


def test_without_a_crew_two_person_work_is_left_out_with_its_reason() -> None:
    problem = _county(crews=0)
    plan = solve(problem, SolveParams(time_limit=2))
    pairs = {j.id for j in problem.jobs if j.crew == 2}
    left = {u.job: u.reason for u in plan.unassigned}
    assert pairs <= set(left)
    assert {left[j].code for j in pairs} == {ReasonCode.NO_CREW}
    assert left[min(pairs)].words() == (
        "needs a crew of 2 (one works, one guards) and no crew of 2 is available"
    )
    assert not pairs & set(_crew_of(problem, plan))


def test_the_checker_refuses_one_person_alone_on_two_person_work() -> None:
    problem = _county(crews=0)
    t = seconds(travel_matrix(problem))
    two = next(j for j in problem.jobs if j.crew == 2)
    arrival = int(t[0, two.location])
    stop = Stop(two.id, arrival, arrival)
    plan = Plan((Route("m0", (stop,)),), (), 0, 0, 0.0)
    said = check(problem, plan, t).violations
    assert any("needs a crew of 2, the route has 1" in v for v in said)


def test_crews_in_the_format() -> None:
    problem = _county(crews=1)
    again = Problem.from_json(problem.to_json())
    assert again.member["c0"].crew == ("p0", "p1")
    assert again.job["j0"].crew == 2
    assert again.job["j1"].crew == 1
    assert "crew" not in problem.to_json()["jobs"][1]  # one person: as the format always was
    data = problem.to_json()
    data["members"][0]["crew"] = ["p0"]  # p0 is already c0's
    with pytest.raises(ProblemError, match="'p0' is already in"):
        Problem.from_json(data)
    data = problem.to_json()
    data["jobs"][0]["crew"] = 0
    with pytest.raises(ProblemError, match="job 'j0': crew: must be at least 1"):
        Problem.from_json(data)
