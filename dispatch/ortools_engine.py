"""The OR-Tools routing engine: models every rule of the format.

Nodes are the jobs, then one start and one end node per member (an open route's
end node is reached at no cost from anywhere). Travel and service go through
matrices evaluated inside OR-Tools (no Python callback per arc); skills restrict
the vehicles allowed at a job; ``max_jobs`` and ``capacity`` are dimensions;
optional jobs carry their penalty as a disjunction, mandatory ones none; a
member's fixed jobs are locked at the head of the route.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from ortools.constraint_solver import pywrapcp, routing_enums_pb2

from dispatch.model import Problem

BIG = 10_000_000  # seconds: stands for "no road", far beyond any shift
_STRATEGY = routing_enums_pb2.FirstSolutionStrategy
FIRST_SOLUTION = {
    "parallel_cheapest_insertion": _STRATEGY.PARALLEL_CHEAPEST_INSERTION,
    "path_cheapest_arc": _STRATEGY.PATH_CHEAPEST_ARC,
    "local_cheapest_insertion": _STRATEGY.LOCAL_CHEAPEST_INSERTION,
}
Progress = Callable[[int, float], None]


@dataclass(frozen=True)
class EngineRun:
    """What one search returns: job ids per member, in order, and the search's cost."""

    routes: dict[str, list[str]]
    cost: int
    status: str


def solve_routes(
    problem: Problem,
    t: NDArray[np.float64],
    job_ids: Sequence[str],
    *,
    mandatory: frozenset[str] = frozenset(),
    initial: dict[str, list[str]] | None = None,
    deadline: float,
    solution_limit: int | None = None,
    first_solution: str = "parallel_cheapest_insertion",
    change_cost_s: int = 0,
    balance: int = 0,
    on_progress: Progress | None = None,
) -> EngineRun:
    """Route the given jobs (others are ignored) with guided local search until the
    ``deadline`` (`time.perf_counter`): building the model counts against it (at 1,000
    jobs about half a second), the search is given what is left, at least 0.1 s."""
    jobs = [problem.job[j] for j in job_ids]
    members = list(problem.members)
    n_jobs, n_members = len(jobs), len(members)
    n = n_jobs + 2 * n_members
    starts = [n_jobs + 2 * v for v in range(n_members)]
    ends = [n_jobs + 2 * v + 1 for v in range(n_members)]

    location = np.empty(n, dtype=np.int64)
    location[:n_jobs] = [j.location for j in jobs]
    location[starts] = [m.start for m in members]
    location[ends] = [m.start if m.end is None else m.end for m in members]
    travel = t[np.ix_(location, location)]
    travel = np.where(np.isfinite(travel), travel, BIG).astype(np.int64)
    open_end = [ends[v] for v, m in enumerate(members) if m.end is None]
    travel[:, open_end] = 0  # an open route ends where its last service ends
    for v in range(n_members):  # an empty route costs nothing
        travel[starts[v], ends[v]] = 0
    service = np.zeros(n, dtype=np.int64)
    service[:n_jobs] = [j.service_s for j in jobs]

    manager = pywrapcp.RoutingIndexManager(n, n_members, starts, ends)
    routing = pywrapcp.RoutingModel(manager)
    cost = routing.RegisterTransitMatrix(travel.tolist())
    routing.SetArcCostEvaluatorOfAllVehicles(cost)
    time_cb = routing.RegisterTransitMatrix((travel + service[:, None]).tolist())
    horizon = int(max(m.shift_s[1] for m in members)) + 1
    routing.AddDimension(time_cb, horizon, horizon, False, "Time")
    clock = routing.GetDimensionOrDie("Time")
    if balance:  # fair loads: the longest working day (latest end - earliest start) costs
        clock.SetGlobalSpanCostCoefficient(balance)
    for v, m in enumerate(members):
        clock.CumulVar(routing.Start(v)).SetRange(m.shift_s[0], m.shift_s[1])
        clock.CumulVar(routing.End(v)).SetRange(m.shift_s[0], m.shift_s[1])
    for k, job in enumerate(jobs):
        index = manager.NodeToIndex(k)
        lo, hi = job.window if job.window else (0, horizon)
        clock.CumulVar(index).SetRange(max(0, lo), min(hi, horizon))
        forbidden = [v for v, m in enumerate(members) if not m.can_do(job)]
        if forbidden:
            routing.VehicleVar(index).RemoveValues(forbidden)
        if job.id not in mandatory:
            routing.AddDisjunction([index], job.drop_cost)

    if any(m.max_jobs is not None for m in members):
        counts = routing.RegisterUnaryTransitVector([1] * n_jobs + [0] * (2 * n_members))
        limits = [n_jobs if m.max_jobs is None else m.max_jobs for m in members]
        routing.AddDimensionWithVehicleCapacity(counts, 0, limits, True, "Jobs")
    if change_cost_s > 0 and any(j.member is not None for j in jobs):
        # Keeping accepted work with its member: leaving a job on another member's route
        # costs `change_cost_s`, paid through the span of a per-member dimension.
        transits = []
        for m in members:
            extra = [change_cost_s if j.member not in (None, m.id) else 0 for j in jobs]
            transits.append(routing.RegisterUnaryTransitVector(extra + [0] * (2 * n_members)))
        routing.AddDimensionWithVehicleTransits(
            transits, 0, change_cost_s * (n_jobs + 1), True, "Changes"
        )
        routing.GetDimensionOrDie("Changes").SetSpanCostCoefficientForAllVehicles(1)
    if any(m.capacity is not None for m in members) and any(j.demand for j in jobs):
        demand = routing.RegisterUnaryTransitVector(
            [j.demand for j in jobs] + [0] * (2 * n_members)
        )
        total = sum(j.demand for j in jobs)
        capacities = [total if m.capacity is None else m.capacity for m in members]
        routing.AddDimensionWithVehicleCapacity(demand, 0, capacities, True, "Load")

    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = FIRST_SOLUTION[first_solution]
    params.local_search_metaheuristic = (
        routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    )
    if solution_limit is not None:
        params.solution_limit = solution_limit
    routing.CloseModelWithParameters(params)
    # the limit is the search's: set once the model is built
    params.time_limit.FromMilliseconds(max(100, int((deadline - time.perf_counter()) * 1000)))

    index_of = {j.id: manager.NodeToIndex(k) for k, j in enumerate(jobs)}
    locks = [[index_of[j] for j in m.fixed if j in index_of] for m in members]
    if any(locks):
        routing.ApplyLocksToAllVehicles(locks, False)

    started = time.perf_counter()
    best = [np.inf]
    raised: list[BaseException] = []
    if on_progress is not None:

        def report() -> None:
            value = routing.CostVar().Value()
            if value < best[0] and not raised:
                best[0] = value
                try:
                    on_progress(int(value), time.perf_counter() - started)
                except BaseException as exc:  # re-raised after the search
                    # OR-Tools swallows an exception raised in its callback; a page's
                    # progress bar raises Streamlit's "rerun now" (a click meanwhile):
                    # end the search and hand the exception on, or the click is lost
                    raised.append(exc)
                    routing.solver().FinishCurrentSearch()

        routing.AddAtSolutionCallback(report)

    solution = None
    if initial:
        seeded = [[index_of[j] for j in initial.get(m.id, []) if j in index_of] for m in members]
        assignment = routing.ReadAssignmentFromRoutes(seeded, True)
        if assignment is not None:
            solution = routing.SolveFromAssignmentWithParameters(assignment, params)
    if solution is None and not raised:
        solution = routing.SolveWithParameters(params)
    if raised:
        raise raised[0]
    status = {
        0: "not solved",
        1: "success",
        2: "fail",
        3: "timeout",
        4: "invalid",
        5: "optimal",
        6: "feasible",
        7: "infeasible",
    }.get(routing.status(), "unknown")
    if solution is None:
        return EngineRun({}, -1, status)
    routes: dict[str, list[str]] = {}
    for v, m in enumerate(members):
        index = routing.Start(v)
        order = []
        index = solution.Value(routing.NextVar(index))
        while not routing.IsEnd(index):
            order.append(jobs[manager.IndexToNode(index)].id)
            index = solution.Value(routing.NextVar(index))
        if order:
            routes[m.id] = order
    return EngineRun(routes, int(solution.ObjectiveValue()), status)
