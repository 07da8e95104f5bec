"""Each rule decides the answer on a tiny instance."""

from __future__ import annotations

import time

import pytest

from dispatch.check import check
from dispatch.solver import SolveParams, solve

from .conftest import job, line, member


def test_skill_rules_out_the_nearest_member():
    """The nearest member lacks 'repair', so the farther one gets the job."""
    p = line(
        [0, 10, 500],
        [member("near", 0), member("far", 2, skills=["repair"])],
        [job("outage", 1, skills=["repair"])],
    )
    plan = solve(p)
    assert plan.member_of("outage") == "far"


def test_window_forces_the_order():
    """a is nearer but opens late; b closes early: the route is b then a."""
    p = line(
        [0, 100, 200],
        [member("m", 0)],
        [job("a", 1, window=[500, 600]), job("b", 2, window=[0, 250])],
    )
    plan = solve(p)
    assert plan.route_of("m").jobs == ["b", "a"]
    stops = {s.job: s for s in plan.route_of("m").stops}
    assert stops["a"].start == 500  # arrived at 300, waited for the window


def test_shift_end_drops_a_job_with_its_reason():
    p = line([0, 300], [member("m", 0, shift=(0, 250))], [job("far", 1)])
    plan = solve(p)
    assert plan.member_of("far") is None
    assert "shift" in plan.reason_for("far")


def test_urgent_work_wins_when_overloaded():
    """One member, time for one job: the priority-1 job is served, the routine one waits
    and says why."""
    p = line(
        [0, 100, -100],
        [member("m", 0, shift=(0, 250), end=0)],
        [job("routine", 1, priority=4), job("urgent", 2, priority=1)],
    )
    plan = solve(p)
    assert plan.member_of("urgent") == "m"
    assert "more urgent" in plan.reason_for("routine")


def test_reasons_for_jobs_no_one_can_do():
    p = line(
        [0, 10, 20, 30],
        [member("m", 0, shift=(0, 1_000))],
        [
            job("skill", 1, skills=["metering"]),
            job("late", 2, window=[0, 5]),
            job("heavy", 3, demand=5),
        ],
    )
    data = p.to_json()
    data["members"][0]["capacity"] = 2
    data["jobs"].append(job("island", 3))
    data["locations"].append([111.9, 26.6])
    for row in data["durations"]:
        row.append(None)
    data["durations"].append([None] * 4 + [0])
    data["jobs"][-1]["location"] = 4
    from dispatch.model import Problem

    plan = solve(Problem.from_json(data))
    assert "no member has the skill(s) metering" in plan.reason_for("skill")
    assert "window closes" in plan.reason_for("late")
    assert "capacity" in plan.reason_for("heavy")
    assert "no road" in plan.reason_for("island")


def test_max_jobs_and_capacity_limit_the_route():
    p = line([0, 10, 20], [member("m", 0, max_jobs=1)], [job("a", 1), job("b", 2)])
    plan = solve(p)
    assert len(plan.route_of("m").stops) == 1
    assert len(plan.unassigned) == 1


def test_objective_counts_the_way_home_only_when_there_is_an_end():
    open_route = solve(line([0, 100], [member("m", 0)], [job("a", 1)]))
    closed_route = solve(line([0, 100], [member("m", 0, end=0)], [job("a", 1)]))
    assert (open_route.objective, closed_route.objective) == (100, 200)


def test_fixed_jobs_stay_at_the_head_of_the_route():
    """b is en route already: it stays first although a is on the way."""
    p = line([0, 100, 200], [member("m", 0, fixed=["b"])], [job("a", 1), job("b", 2)])
    plan = solve(p)
    assert plan.route_of("m").jobs == ["b", "a"]


def test_accepted_assignment_is_kept_when_moving_it_saves_little():
    """j is accepted for m2; m1 is 50 s nearer, less than the cost of a change."""
    p = line([0, 50, 100], [member("m1", 0), member("m2", 2)], [job("j", 1, member="m2")])
    p_moved = line([0, 50, 5_000], [member("m1", 0), member("m2", 2)], [job("j", 1, member="m2")])
    assert solve(p).member_of("j") == "m2"
    assert solve(p_moved).member_of("j") == "m1"  # but not at any price


def test_same_input_same_plan():
    p = line(
        list(range(0, 1_000, 37)),
        [member(f"m{k}", 0, max_jobs=5) for k in range(3)],
        [job(f"j{k}", k + 1, service=30) for k in range(20)],
    )
    a, b = solve(p), solve(p)
    assert a.to_json()["routes"] == b.to_json()["routes"]


def test_time_limit_is_respected():
    p = line(
        list(range(0, 3_000, 13)),
        [member(f"m{k}", 0, max_jobs=20) for k in range(8)],
        [job(f"j{k}", k + 1, service=60, window=[0, 5_000]) for k in range(150)],
        solution_limit=10**9,
    )
    started = time.perf_counter()
    plan = solve(p, SolveParams(time_limit=1.5))
    assert time.perf_counter() - started < 1.5 + 1.5
    assert check(p, plan).ok


def test_urgent_job_is_inserted_without_reordering_the_others():
    """A new outage goes into the cheapest feasible place; every other route keeps its
    order; a full re-solve from there is at least as good."""
    from dispatch.model import Problem
    from dispatch.solver import insert_urgent

    base = line(
        [0, 100, 200, 300, 150, 400],
        [member("m1", 0, max_jobs=3), member("m2", 5)],
        [job("a", 1), job("b", 2), job("c", 3)],
    )
    plan = solve(base)
    data = base.to_json()
    data["jobs"].append(job("outage", 4, priority=1, window=[0, 600]))
    grown = Problem.from_json(data)
    inserted = insert_urgent(grown, plan, "outage")
    assert inserted.member_of("outage") is not None
    for route in plan.routes:
        kept = [j for j in inserted.route_of(route.member).jobs if j != "outage"]
        assert kept == route.jobs
    assert check(grown, inserted).ok
    improved = solve(grown, current=inserted)
    assert improved.objective <= inserted.objective


def test_an_urgent_job_that_fits_nowhere_says_why():
    from dispatch.model import Problem
    from dispatch.solver import insert_urgent

    base = line([0, 100, 5_000], [member("m", 0, shift=(0, 1_000))], [job("a", 1)])
    plan = solve(base)
    data = base.to_json()
    data["jobs"].append(job("far", 2, priority=1))
    inserted = insert_urgent(Problem.from_json(data), plan, "far")
    assert inserted.member_of("far") is None
    assert "shift" in inserted.reason_for("far")


def test_an_urgent_job_is_placed_though_another_committed_route_broke_a_rule_since():
    """Review of issue 17: the insertion's independent check refused the whole county
    when any committed route broke a rule (a route run past its shift after a surge),
    so no urgent work was placed just when it mattered. Only what the insertion adds is
    refused now."""
    from dispatch.model import Problem
    from dispatch.plan import Plan, Route, travel_matrix
    from dispatch.schedule import timing
    from dispatch.solver import insert_urgent

    base = line(
        [0, 100, 200, 900, 1_000],
        [member("m1", 0), member("m2", 3, shift=(0, 300))],
        [job("a", 1), job("late", 4, service=600), job("outage", 2, priority=1)],
    )
    problem = Problem.from_json(base.to_json())
    t = travel_matrix(problem)
    over = Route("m2", timing(problem.member["m2"], [problem.job["late"]], t).stops)
    mine = Route("m1", timing(problem.member["m1"], [problem.job["a"]], t).stops)
    committed = Plan((mine, over), (), 0, 0)
    assert not check(problem, committed, t).ok  # m2 finishes after its shift
    placed = insert_urgent(problem, committed, "outage", travel=t)
    assert placed.member_of("outage") == "m1"
    assert placed.route_of("m2").jobs == ["late"]  # left as it was


class _Rerun(BaseException):
    """Like Streamlit's "rerun now", raised from a page's progress bar."""


def test_an_exception_from_the_progress_callback_ends_the_search_and_reaches_the_caller():
    """OR-Tools swallows what its solution callback raises; the solver hands it on (a
    click that arrived during the search is then not lost) and stops searching."""
    p = line([0, 10, 20, 30, 40], [member("m", 0)], [job(f"j{k}", k) for k in range(1, 5)])
    calls = []

    def progress(count: int, elapsed: float) -> None:
        calls.append(count)
        raise _Rerun

    with pytest.raises(_Rerun):
        solve(p, SolveParams(time_limit=2.0), on_progress=progress)
    assert len(calls) == 1  # no more callbacks after the one that raised
