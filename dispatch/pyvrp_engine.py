"""A second engine: PyVRP (iterated local search), for the problems it can express.

It runs beside OR-Tools on the second core (routing search is single-threaded);
the better checked plan wins. Skills become routing profiles — one travel matrix
per distinct skill set, with every arc into a job the members of that profile
cannot do made prohibitively long; ``max_jobs`` is a second load dimension (each
job loads 1); an open route ends at a virtual depot reached from anywhere for
free. Fixed jobs and accepted assignments (re-planning) it cannot express, so
re-plans use OR-Tools alone.
"""

from __future__ import annotations

import json
import pickle
import sys
import time
from pathlib import Path
from typing import TypeAlias

import numpy as np
from numpy.typing import NDArray

from dispatch.model import Problem

BIG = 10_000_000
UNLIMITED = BIG  # PyVRP scales its penalties by the data: keep "no limit" modest
#: A job whose penalty dwarfs any route is effectively mandatory: PyVRP searches
#: required clients better than optional ones with huge prizes.
REQUIRED_PENALTY = 10**8

#: What makes members alike: start, end, shift, (skills, crew size), max_jobs, capacity.
_Kind: TypeAlias = tuple[
    int, int | None, tuple[int, int], tuple[frozenset[str], int], int | None, int | None
]


def can_express(problem: Problem) -> bool:
    """False for re-planning problems (fixed jobs, accepted assignments)."""
    return not any(m.fixed for m in problem.members) and not any(j.member for j in problem.jobs)


def solve_routes_pyvrp(
    problem: Problem, t: NDArray[np.float64], job_ids: list[str], time_limit: float, seed: int = 0
) -> dict[str, list[str]] | None:
    """Routes (job ids per member) of PyVRP's best feasible solution, or None."""
    from pyvrp import ActivityType, Client, Depot, Location, ProblemData, VehicleType, solve
    from pyvrp.stop import MaxRuntime

    started = time.perf_counter()
    jobs = [problem.job[j] for j in job_ids]
    members = list(problem.members)
    n = len(problem.locations)
    # locations: the problem's places, then one per job (so a profile can bar arcs into
    # that job alone), then the virtual end of open routes
    places = np.r_[np.arange(n), [j.location for j in jobs]]
    locations = [
        Location(x=round(lon * 1e5), y=round(lat * 1e5))
        for lon, lat in (problem.locations[p] for p in places)
    ]
    locations.append(Location(x=0, y=0))
    virtual = len(locations) - 1
    base = t[np.ix_(places, places)]
    base = np.where(np.isfinite(base), base, BIG).astype(np.int64)
    matrix = np.full((len(locations), len(locations)), BIG, dtype=np.int64)
    matrix[:-1, :-1] = base
    matrix[:, virtual] = 0

    depot_index: dict[int, int] = {}
    depots: list[Depot] = []
    for loc in [m.start for m in members] + [m.end for m in members if m.end is not None]:
        if loc not in depot_index:
            depot_index[loc] = len(depots)
            depots.append(Depot(location=int(loc)))
    end_depot = len(depots)
    depots.append(Depot(location=virtual))

    # a profile per skill set and crew size: arcs into the jobs it cannot do are barred
    skill_sets = sorted({(m.skills, m.size) for m in members}, key=lambda p: (sorted(p[0]), p[1]))
    matrices = []
    for skills, size in skill_sets:
        barred = [n + k for k, j in enumerate(jobs) if not (j.skills <= skills and size >= j.crew)]
        profile = matrix.copy()
        profile[:, barred] = BIG
        np.fill_diagonal(profile, 0)
        matrices.append(profile)

    limit_jobs = any(m.max_jobs is not None for m in members)
    # members alike in every respect form one vehicle type (PyVRP searches a fleet of a
    # type much better than the same vehicles as separate types)
    kinds: dict[_Kind, list[str]] = {}
    for m in members:
        key = (m.start, m.end, m.shift_s, (m.skills, m.size), m.max_jobs, m.capacity)
        kinds.setdefault(key, []).append(m.id)
    vehicle_types = [
        VehicleType(
            num_available=len(ids),
            capacity=[capacity if capacity is not None else UNLIMITED]
            + ([max_jobs if max_jobs is not None else UNLIMITED] if limit_jobs else []),
            start_depot=depot_index[start],
            end_depot=end_depot if end is None else depot_index[end],
            tw_early=shift[0],
            tw_late=shift[1],
            profile=skill_sets.index(skills),
            name=ids[0],
        )
        for (start, end, shift, skills, max_jobs, capacity), ids in kinds.items()
    ]
    owners = list(kinds.values())
    clients = [
        Client(
            location=n + k,
            delivery=[j.demand] + ([1] if limit_jobs else []),
            service_duration=j.service_s,
            tw_early=j.window[0] if j.window else 0,
            tw_late=j.window[1] if j.window else UNLIMITED,
            prize=j.drop_cost,
            required=j.drop_cost >= REQUIRED_PENALTY,
            name=j.id,
        )
        for k, j in enumerate(jobs)
    ]
    # stub gap: pyvrp types each matrix as np.ndarray[int] (int as the shape), which no
    # 2-D int64 array matches; PyVRP takes these at run time
    data = ProblemData(locations, clients, depots, vehicle_types, matrices, matrices)  # type: ignore[arg-type]
    remaining = max(0.1, time_limit - (time.perf_counter() - started))
    result = solve(data, MaxRuntime(remaining), seed=seed, display=False)
    if not result.best.is_feasible():
        return None
    routes: dict[str, list[str]] = {}
    free = [list(ids) for ids in owners]
    for route in result.best.routes():
        member = free[route.vehicle_type()].pop(0)
        routes[member] = [jobs[a.idx].id for a in route.schedule() if a.type == ActivityType.CLIENT]
    return routes


def main(argv: list[str]) -> int:
    """Helper process: read (problem, travel, job ids, wall deadline) from a pickle the
    solver wrote (and remove it), print the routes as JSON."""
    path = Path(argv[1])
    try:
        with path.open("rb") as f:
            problem, t, job_ids, wall_deadline = pickle.load(f)
    finally:
        path.unlink(missing_ok=True)
    routes = solve_routes_pyvrp(
        problem, t, job_ids, wall_deadline - time.time() - 0.3, seed=problem.seed
    )
    print(json.dumps(routes))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
