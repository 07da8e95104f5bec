"""Assign and route members to jobs: `solve(problem) -> Plan`.

Urgent work comes first by construction: when a problem has priority-1 jobs and
other work, a first search routes the urgent jobs alone; a second search routes
everything, starting from that plan, with every urgent job it served made
mandatory — lower-priority work can fill the gaps but can never push urgent work
out. Jobs no one could serve are screened out before the search, with their
reason; jobs the search leaves out get theirs from the final routes. Every plan
passes the independent `check` before it is returned.

Re-planning: a member's ``fixed`` jobs stay at the head of the route; jobs with
a ``member`` (accepted assignments) start on that member's route and moving one
costs `SolveParams.change_cost_s` in the search (not in the reported objective).
"""

from __future__ import annotations

import functools
import importlib.util
import json
import pickle
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from dispatch.check import check, seconds
from dispatch.domain import Priority
from dispatch.errors import DualGridError, ProblemError
from dispatch.model import Problem
from dispatch.ortools_engine import solve_routes
from dispatch.plan import Plan, Reason, ReasonCode, Route, Unassigned, travel_matrix
from dispatch.pyvrp_engine import can_express
from dispatch.reasons import explain_dropped, screen
from dispatch.schedule import best_insertion, route_slack, timing
from dispatch.travel import TravelTimes

ProgressCallback = Callable[[int, float], None]
#: Below this many jobs OR-Tools alone finds its best plan quickly; a second search
#: (a new process, about a second to start) is worth it only above.
SECOND_ENGINE_MIN_JOBS = 25
#: How long after the search deadline the second engine's routes are waited for.
GRACE_S = 0.3


class SolverError(DualGridError, RuntimeError):
    """The search produced a plan that breaks a rule: a bug, never a user's fault."""


@dataclass(frozen=True)
class SolveParams:
    """How to search. ``time_limit`` and ``solution_limit`` default to the problem's options;
    a solution limit makes the result deterministic whatever the machine's speed (OR-Tools
    alone then: the second engine's budget is wall-clock time)."""

    time_limit: float | None = None
    solution_limit: int | None = None
    urgent_share: float = 0.3  # of the time, for the urgent-only first search
    first_solution: str = "parallel_cheapest_insertion"
    change_cost_s: int = 900  # moving an accepted job to another member, in the search
    seed_second_phase: bool = False  # start the full search from the urgent-only routes
    second_engine: str = "pyvrp"  # beside OR-Tools on the second core; "none" to skip
    # fair loads: the cost of each second of the longest working day (0: none); PyVRP
    # cannot weigh it, so a balanced search is OR-Tools' alone
    balance: int = 0


def _initial_routes(problem: Problem, current: Plan | None) -> dict[str, list[str]]:
    """Start from the current plan, else from fixed jobs and accepted assignments."""
    if current is not None:
        return {r.member: list(r.jobs) for r in current.routes}
    routes: dict[str, list[str]] = {m.id: list(m.fixed) for m in problem.members}
    for job in problem.jobs:
        if job.member and job.id not in routes[job.member]:
            routes[job.member].append(job.id)
    return {m: r for m, r in routes.items() if r}


def solve(
    problem: Problem,
    params: SolveParams | None = None,
    *,
    travel: NDArray[np.float64] | None = None,
    network: TravelTimes | None = None,
    current: Plan | None = None,
    on_progress: ProgressCallback | None = None,
) -> Plan:
    """Assign and route members; every job ends in a route or in `unassigned` with a reason.

    ``travel`` (seconds between locations) overrides the problem's own matrix; else a
    road ``network`` (`geo.network.RoadNetwork`) gives the times; else straight lines.
    """
    params = params or SolveParams()
    started = time.perf_counter()
    t = seconds(travel if travel is not None else travel_matrix(problem, network))
    limit = params.time_limit or problem.time_limit
    solutions = params.solution_limit or problem.solution_limit
    fixed = {j for m in problem.members for j in m.fixed}
    reasons = screen(problem, t)
    blocked = sorted(fixed & set(reasons))
    if blocked:
        msg = f"fixed job {blocked[0]!r} cannot be kept: {reasons[blocked[0]]}"
        raise ProblemError(msg)
    candidates = [j.id for j in problem.jobs if j.id not in reasons]
    initial = _initial_routes(problem, current)
    urgent = [j for j in candidates if problem.job[j].priority == Priority.URGENT or j in fixed]
    # the searches end early enough for the plan to be finished (gaps filled, every
    # left-out job explained, checked) within the limit
    deadline = started + limit - finish_reserve(len(candidates), len(problem.members), limit)
    helper = (
        None
        if solutions is not None  # a deterministic budget: OR-Tools alone
        else _start_second_engine(problem, t, candidates, params, deadline)
    )
    try:
        routes = _search(problem, t, candidates, urgent, fixed, initial, params, solutions,
                         deadline, on_progress)  # fmt: skip
    except BaseException:  # a progress callback stopped the search: no helper left behind
        if helper is not None:
            helper.kill()
            helper.communicate()
        raise
    engine = "ortools"
    said: dict[str, object] = {}
    other = _collect_second_engine(helper, deadline, said)
    if other is not None:
        # only the better of the two is finished (0.1–0.3 s at 1,000 jobs, kept from
        # the search); both are recorded as searched
        searched = {
            "ortools": routes_cost(problem, routes, t),
            "pyvrp": routes_cost(problem, other, t),
        }
        if searched["pyvrp"] < searched["ortools"]:
            engine, routes = "pyvrp", other
    plan = finish_plan(problem, routes, reasons, t, time.perf_counter() - started)
    plan.extra["engine"] = engine
    plan.extra.update(said)
    if other is not None:
        plan.extra["objectives"] = searched
    return plan


def finish_reserve(n_jobs: int, n_members: int, limit: float) -> float:
    """Seconds kept from the search for finishing its plan: measured at about 0.3 s for
    1,000 jobs and 80 members (`benchmarks/time_limits.py`), at most a quarter of the limit."""
    return min(0.25 * limit, 0.05 + 4e-6 * n_jobs * max(1, n_members))


def routes_cost(problem: Problem, routes: dict[str, list[str]], t: NDArray[np.float64]) -> int:
    """A search's routes as the objective counts them: travel plus the penalties of
    every job they leave out (before gaps are filled)."""
    served = {j for route in routes.values() for j in route}
    travel = sum(
        timing(m, [problem.job[j] for j in routes[m.id]], t).travel
        for m in problem.members
        if routes.get(m.id)
    )
    return int(travel) + sum(j.drop_cost for j in problem.jobs if j.id not in served)


def _search(
    problem: Problem,
    t: NDArray[np.float64],
    candidates: list[str],
    urgent: list[str],
    fixed: set[str],
    initial: dict[str, list[str]] | None,
    params: SolveParams,
    solutions: int | None,
    deadline: float,
    on_progress: ProgressCallback | None,
) -> dict[str, list[str]]:
    """OR-Tools' routes: priority-1 work first, then the rest around it, all searched
    by the ``deadline`` (`time.perf_counter`)."""
    if not candidates:
        return {}
    if urgent and len(urgent) < len(candidates):
        share = max(0.1, (deadline - time.perf_counter()) * params.urgent_share)
        first = solve_routes(
            problem,
            t,
            urgent,
            mandatory=frozenset(fixed),
            initial=initial,
            deadline=time.perf_counter() + share,
            solution_limit=None if solutions is None else max(1, solutions // 3),
            first_solution=params.first_solution,
            change_cost_s=params.change_cost_s,
            balance=params.balance,
            on_progress=on_progress,
        )
        served = {j for route in first.routes.values() for j in route}
        seed = {m: list(r) for m, r in first.routes.items()}
        phase_two = functools.partial(
            solve_routes,
            problem,
            t,
            candidates,
            mandatory=frozenset(served | fixed),
            solution_limit=solutions,
            first_solution=params.first_solution,
            change_cost_s=params.change_cost_s,
            balance=params.balance,
            on_progress=on_progress,
        )
        final = phase_two(initial=seed if params.seed_second_phase else None, deadline=deadline)
        if final.cost < 0 and not params.seed_second_phase:
            # the construction heuristic found no plan that keeps every served urgent
            # job: search on from the urgent-only routes instead
            final = phase_two(initial=seed, deadline=deadline)
        routes = final.routes if final.cost >= 0 else first.routes
    else:
        run = solve_routes(
            problem,
            t,
            candidates,
            mandatory=frozenset(fixed),
            initial=initial,
            deadline=deadline,
            solution_limit=solutions,
            first_solution=params.first_solution,
            change_cost_s=params.change_cost_s,
            balance=params.balance,
            on_progress=on_progress,
        )
        if run.cost < 0 and fixed:
            msg = "no plan keeps every member's fixed jobs; check their windows and shifts"
            raise ProblemError(msg)
        routes = run.routes
    return routes


def _start_second_engine(
    problem: Problem,
    t: NDArray[np.float64],
    job_ids: list[str],
    params: SolveParams,
    deadline: float,
) -> subprocess.Popen[bytes] | None:
    """PyVRP in a separate process (the second core), for problems it can express.

    A plain subprocess, not multiprocessing: a spawned child would re-import the
    caller's main module (the Streamlit app, say)."""
    if params.second_engine != "pyvrp" or params.balance or not can_express(problem):
        return None
    if len(job_ids) < SECOND_ENGINE_MIN_JOBS or deadline - time.perf_counter() < 2.0:
        return None  # small or rushed: starting a process costs more than it can win
    if importlib.util.find_spec("pyvrp") is None:
        return None
    wall_deadline = time.time() + (deadline - time.perf_counter())
    with tempfile.NamedTemporaryFile("wb", suffix=".pickle", delete=False) as f:
        pickle.dump((problem, t, job_ids, wall_deadline), f)
    try:
        return subprocess.Popen(
            [sys.executable, "-m", "dispatch.pyvrp_engine", f.name],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
    except OSError:  # no process could start: OR-Tools' plan stands, leave no file behind
        Path(f.name).unlink(missing_ok=True)
        return None


def _collect_second_engine(
    helper: subprocess.Popen[bytes] | None, deadline: float, said: dict[str, object]
) -> dict[str, list[str]] | None:
    """The helper's routes if they arrive by the deadline (`GRACE_S` after it for
    writing them); a late helper is stopped and OR-Tools' plan stands. Why there are
    none is put in ``said["second_engine"]`` (late, failed, no feasible plan)."""
    if helper is None:
        return None
    try:
        out, _ = helper.communicate(timeout=max(0.1, deadline - time.perf_counter() + GRACE_S))
    except subprocess.TimeoutExpired:
        helper.kill()
        helper.communicate()
        said["second_engine"] = "late"
        return None
    if helper.returncode != 0 or not out.strip():
        said["second_engine"] = f"failed (exit {helper.returncode})"
        return None
    routes = json.loads(out)
    if not isinstance(routes, dict):
        said["second_engine"] = "no feasible plan"
        return None
    return routes


def fill_gaps(
    problem: Problem,
    routes: dict[str, list[str]],
    reasons: dict[str, Reason],
    t: NDArray[np.float64],
) -> dict[str, list[str]]:
    """Put back every left-out job that still fits somewhere for less travel than its
    penalty, most urgent first (a search stopped by its time limit can miss some)."""
    routes = {m: list(r) for m, r in routes.items()}
    served = {j for route in routes.values() for j in route}
    waiting = sorted(
        (j for j in problem.jobs if j.id not in served and j.id not in reasons),
        key=lambda j: (j.priority, -j.drop_cost, j.id),
    )
    locked = {m.id: len(m.fixed) for m in problem.members}
    jobs = problem.job
    current = {m: [jobs[j] for j in r] for m, r in routes.items()}
    slack = route_slack(problem, current, t, locked=locked)
    for job in waiting:
        spot = best_insertion(problem, current, job, t, locked=locked, slack=slack)
        if spot is not None and spot.added_travel < job.drop_cost:
            routes.setdefault(spot.member, []).insert(spot.position, job.id)
            current[spot.member] = [jobs[j] for j in routes[spot.member]]
            # only the changed route's slack is stale
            slack.update(route_slack(problem, current, t, locked=locked, only=spot.member))
    return routes


def finish_plan(
    problem: Problem,
    routes: dict[str, list[str]],
    reasons: dict[str, Reason],
    t: NDArray[np.float64],
    solve_seconds: float,
    *,
    known: frozenset[str] = frozenset(),
) -> Plan:
    """Time the routes, explain the jobs left out, and check the result: a broken rule
    not among the ``known`` ones (those the plan came in with) is an error."""
    routes = fill_gaps(problem, routes, reasons, t)
    served = {j for route in routes.values() for j in route}
    dropped = [j.id for j in problem.jobs if j.id not in served and j.id not in reasons]
    reasons = {**reasons, **explain_dropped(problem, routes, dropped, t)}
    plan_routes = []
    travel = 0.0
    for member in problem.members:
        order = routes.get(member.id)
        if not order:
            continue
        timed = timing(member, [problem.job[j] for j in order], t)
        travel += timed.travel
        plan_routes.append(Route(member.id, timed.stops))
    unassigned = tuple(Unassigned(j.id, reasons[j.id]) for j in problem.jobs if j.id not in served)
    penalties = sum(problem.job[u.job].drop_cost for u in unassigned)
    plan = Plan(tuple(plan_routes), unassigned, int(travel) + penalties, int(travel), solve_seconds)
    broken = [v for v in check(problem, plan, t).violations if v not in known]
    if broken:
        msg = "the solver's plan breaks the rules: " + "; ".join(broken[:5])
        raise SolverError(msg)
    return plan


def insert_urgent(
    problem: Problem,
    plan: Plan,
    job_id: str,
    *,
    travel: NDArray[np.float64] | None = None,
    network: TravelTimes | None = None,
) -> Plan:
    """Put one new job into a committed plan at once, without a full re-solve: the
    cheapest feasible place in any qualified member's route (after their fixed jobs).
    The other routes keep their order. When no place is feasible the job is listed as
    unassigned with its reason. A full `solve(..., current=new_plan)` then improves it.
    The result is checked independently; a rule the committed plan already broke
    elsewhere (a route run past its shift since, say) is not the insertion's to refuse.
    """
    started = time.perf_counter()
    if job_id not in problem.job:
        msg = f"unknown job {job_id!r}"
        raise ProblemError(msg)
    t = seconds(travel if travel is not None else travel_matrix(problem, network))
    routes = {r.member: list(r.jobs) for r in plan.routes}
    for route in routes.values():
        if job_id in route:
            route.remove(job_id)
    jobs = problem.job
    locked = {m.id: len(m.fixed) for m in problem.members}
    reasons = {u.job: u.reason for u in plan.unassigned if u.job != job_id}
    known = {j for r in routes.values() for j in r} | set(reasons)
    for other in problem.jobs:  # jobs new since the plan was made wait for the next solve
        if other.id not in known and other.id != job_id:
            reasons[other.id] = Reason(ReasonCode.NEW_SINCE_PLAN)
    impossible = screen(problem, t)
    if job_id in impossible:
        reasons[job_id] = impossible[job_id]
    else:
        current = {m: [jobs[j] for j in r] for m, r in routes.items()}
        spot = best_insertion(problem, current, jobs[job_id], t, locked=locked)
        if spot is None:
            reasons.update(explain_dropped(problem, routes, [job_id], t))
        else:
            routes.setdefault(spot.member, []).insert(spot.position, job_id)
    broken_before = frozenset(check(problem, plan, t).violations)
    took = time.perf_counter() - started
    return finish_plan(problem, routes, reasons, t, took, known=broken_before)
