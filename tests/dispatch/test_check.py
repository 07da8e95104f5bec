"""The independent checker finds each broken rule of a hand-edited plan."""

from __future__ import annotations

from dispatch.check import check
from dispatch.plan import Plan, Route, Stop, Unassigned

from .conftest import job, line, member


def problem():
    return line(
        [0, 100, 200, 300],
        [member("m1", 0, skills=["repair"], max_jobs=2, shift=(0, 1_000), end=0), member("m2", 0)],
        [
            job("a", 1, window=[0, 150], skills=["repair"], service=10),
            job("b", 2, window=[0, 400], service=10),
            job("c", 3, priority=4),
        ],
    )


def plan(routes, unassigned=(), objective=0):
    return Plan(
        tuple(Route(m, tuple(Stop(j, 0, 0) for j in js)) for m, js in routes),
        tuple(Unassigned(j, r) for j, r in unassigned),
        objective,
        0,
    )


def test_a_good_plan_passes_with_its_objective():
    result = check(problem(), plan([("m1", ["a", "b"])], [("c", "low priority")]))
    assert result.ok, result.violations
    assert result.travel == 100 + 100 + 200  # out to 100, to 200, back to 0
    assert result.objective == 400 + 5_000


def test_each_rule_is_reported():
    p = problem()
    cases = {
        "window ends": plan([("m1", ["b", "a"])], [("c", "x")]),
        "lacks skill": plan([("m2", ["a", "b"])], [("c", "x")]),
        "max_jobs": plan([("m1", ["a", "b", "c"])]),
        "appears twice": plan([("m1", ["a"]), ("m2", ["a", "b"])], [("c", "x")]),
        "neither routed nor unassigned": plan([("m1", ["a", "b"])]),
        "without a reason": plan([("m1", ["a", "b"])], [("c", " ")]),
        "unknown job": plan([("m1", ["a", "b", "zz"])], [("c", "x")]),
        "unknown member": plan([("mX", ["a"])], [("b", "x"), ("c", "x")]),
    }
    for expected, bad in cases.items():
        violations = check(p, bad).violations
        assert any(expected in v for v in violations), (expected, violations)


def test_shift_end_counts_the_way_back():
    """m1 must be back at 0 by 1,000: serving c (at 300) ends at 620 — fine; a 700 s
    service there makes the return arrive at 1,300, after the shift."""
    p = line([0, 300], [member("m1", 0, shift=(0, 1_000), end=0)], [job("c", 1, service=700)])
    assert not check(p, plan([("m1", ["c"])])).ok
    p = line([0, 300], [member("m1", 0, shift=(0, 1_000), end=0)], [job("c", 1, service=20)])
    assert check(p, plan([("m1", ["c"])])).ok


def test_no_road_is_a_violation():
    p = line([0, 10], [member("m1", 0)], [job("a", 1)])
    data = p.to_json()
    data["durations"][0][1] = None
    from dispatch.model import Problem

    result = check(Problem.from_json(data), plan([("m1", ["a"])]))
    assert any("no road" in v for v in result.violations)
