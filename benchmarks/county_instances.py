"""County-like dispatch instances on the demo county, and two reference solvers.

Instances: jobs at customers' homes with the types, skills, priorities and
service times of `dispatch.domain`; urgent jobs must be reached inside the repair
norm of their area (45/90/120 min); members are staff starting at their grid's
service window, with their skills, 8-hour (some 4-hour) shifts, some with a job
limit; travel times come from the demo road network.

References:
- `greedy`: the most urgent job first (then the earliest deadline), to the
  qualified member who gets there first by appending it to their route;
- `pyvrp`: plain PyVRP (iterated local search) on what it can express directly —
  no skills, no job limits: multi-depot vehicles with shifts, time windows,
  prizes for optional clients, open routes through a zero-cost end depot.
"""

from __future__ import annotations

import json
import time
from dataclasses import replace
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from dispatch.check import seconds
from dispatch.domain import JOB_TYPES, REPAIR_ARRIVAL_MIN, REQUEST_TYPES
from dispatch.model import Job, Member, Problem
from dispatch.plan import Plan
from dispatch.reasons import screen
from dispatch.solver import finish_plan
from geo.network import RoadNetwork

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "data" / "demo"
HOUR = 3600
BIG = 10_000_000


def county_instance(
    n_jobs: int, n_members: int, seed: int, network: RoadNetwork
) -> tuple[Problem, np.ndarray]:
    """A generated instance and its travel-time matrix (seconds)."""
    rng = np.random.default_rng(seed)
    customers = pd.read_parquet(DEMO / "customers.parquet", columns=["lon", "lat", "district_id"])
    districts = gpd.read_file(DEMO / "districts.geojson", engine="pyogrio")
    area = districts.set_index("id")["area_class"]
    staff = pd.read_parquet(DEMO / "members.parquet").query("kind == 'staff'")
    windows = gpd.read_file(DEMO / "windows.geojson", engine="pyogrio")
    home = windows.groupby("grid_id")[["lon", "lat"]].first()

    # a control room's mix: repair crews are the largest group on duty
    mix = {"repair": 0.4, "metering": 0.2, "account": 0.2, "billing": 0.1, "connection": 0.1}
    counts = {k: max(1, round(v * n_members)) for k, v in mix.items()}
    counts["repair"] += n_members - sum(counts.values())
    chosen = pd.concat(
        [
            staff[staff["specialty"] == k].sample(
                c, random_state=seed, replace=c > (staff["specialty"] == k).sum()
            )
            for k, c in counts.items()
        ]
    ).drop_duplicates("id")
    chosen = pd.concat(
        [chosen, staff.drop(chosen.index).sample(n_members - len(chosen), random_state=seed)]
    )
    # the control room dispatches its on-duty crews for the grids they serve
    customers = customers.assign(
        grid_id=customers["district_id"].map(districts.set_index("id")["grid_id"])
    )
    sites = customers[customers["grid_id"].isin(set(chosen["grid_id"]))].sample(
        n_jobs, random_state=seed
    )
    # the work orders' own types (the flood mode's household checks are not requests)
    share = {"repair": 12, "outage": 10, "hazard": 5, "complaint": 5, "meter": 12,
             "billing": 20, "connection": 8, "contract": 8, "verification": 10}  # fmt: skip
    assert set(share) == set(REQUEST_TYPES), "a work-order type without a share here"
    kinds = list(share)
    weights = np.array(list(share.values()), dtype=float)
    locations = [tuple(home.loc[g]) for g in chosen["grid_id"]]
    members = []
    for k, row in enumerate(chosen.itertuples()):
        short = rng.random() < 0.2
        members.append(
            Member(
                id=row.id,
                start=k,
                end=k if rng.random() < 0.5 else None,
                shift_s=(0, 4 * HOUR if short else 8 * HOUR),
                skills=frozenset(row.skills.split(",")),
                max_jobs=int(rng.integers(6, 11)) if rng.random() < 0.3 else None,
            )
        )
    jobs = []
    for k, site in enumerate(sites.itertuples()):
        kind = JOB_TYPES[kinds[rng.choice(len(kinds), p=weights / weights.sum())]]
        opens = int(rng.integers(0, 6 * HOUR))
        if kind.emergency:
            window = (opens, opens + 60 * REPAIR_ARRIVAL_MIN[area[site.district_id]])
        elif rng.random() < 0.5:
            window = (opens, opens + int(rng.integers(2, 5)) * HOUR)
        else:
            window = (0, 8 * HOUR)
        locations.append((site.lon, site.lat))
        jobs.append(
            Job(
                id=f"j{k:03d}",
                location=n_members + k,
                service_s=kind.service_min * 60,
                skills=frozenset({kind.skill}),
                window=window,
                priority=int(kind.priority),
            )
        )
    problem = Problem(
        locations=tuple(locations),
        members=tuple(members),
        jobs=tuple(jobs),
        name=f"county-{n_jobs}x{n_members}-s{seed}",
    )
    return problem, seconds(network.travel_times(locations, locations))


def without_skills_and_limits(problem: Problem) -> Problem:
    """The same instance as plain PyVRP can express it."""
    return replace(
        problem,
        members=tuple(replace(m, skills=frozenset(), max_jobs=None) for m in problem.members),
        jobs=tuple(replace(j, skills=frozenset()) for j in problem.jobs),
    )


def greedy(problem: Problem, t: np.ndarray) -> Plan:
    """Most urgent job first, to the qualified member who gets there first."""
    started = time.perf_counter()
    routes: dict[str, list[str]] = {m.id: [] for m in problem.members}
    clock = {m.id: float(m.shift_s[0]) for m in problem.members}
    place = {m.id: m.start for m in problem.members}
    load = dict.fromkeys(routes, 0)
    order = sorted(problem.jobs, key=lambda j: (j.priority, j.window[1] if j.window else BIG))
    for job in order:
        best = None
        for m in problem.members:
            if not m.can_do(job) or (m.max_jobs is not None and len(routes[m.id]) >= m.max_jobs):
                continue
            if m.capacity is not None and load[m.id] + job.demand > m.capacity:
                continue
            arrival = clock[m.id] + t[place[m.id], job.location]
            start = max(arrival, job.window[0]) if job.window else arrival
            if not np.isfinite(arrival) or (job.window and start > job.window[1]):
                continue
            back = 0.0 if m.end is None else t[job.location, m.end]
            if start + job.service_s + back > m.shift_s[1]:
                continue
            if best is None or arrival < best[0]:
                best = (arrival, m.id, start)
        if best is not None:
            _, member, start = best
            routes[member].append(job.id)
            clock[member] = start + job.service_s
            place[member] = job.location
            load[member] += job.demand
    return finish_plan(problem, routes, screen(problem, t), t, time.perf_counter() - started)


def pyvrp(problem: Problem, t: np.ndarray, time_limit: float, seed: int | None = None) -> Plan:
    """Plain PyVRP on an instance without skills or job limits."""
    from pyvrp import ActivityType, Model
    from pyvrp.stop import MaxRuntime

    if any(m.skills for m in problem.members) or any(m.max_jobs for m in problem.members):
        msg = "plain PyVRP cannot express skills or job limits"
        raise ValueError(msg)
    started = time.perf_counter()
    model = Model()
    locs = [
        model.add_location(x=round(lon * 1e5), y=round(lat * 1e5)) for lon, lat in problem.locations
    ]
    nowhere = model.add_location(x=0, y=0)  # the end of open routes, reached for free
    depots: dict[int, object] = {}

    def depot(loc: int) -> object:
        if loc not in depots:
            depots[loc] = model.add_depot(locs[loc])
        return depots[loc]

    for m in problem.members:
        depot(m.start)
        if m.end is not None:
            depot(m.end)
    open_end = model.add_depot(nowhere)
    for m in problem.members:
        model.add_vehicle_type(
            num_available=1,
            capacity=[m.capacity if m.capacity is not None else BIG],
            start_depot=depots[m.start],
            end_depot=open_end if m.end is None else depots[m.end],
            tw_early=m.shift_s[0],
            tw_late=m.shift_s[1],
            name=m.id,
        )
    for job in problem.jobs:
        lo, hi = job.window or (0, BIG)
        model.add_client(
            locs[job.location],
            delivery=[job.demand],
            service_duration=job.service_s,
            tw_early=lo,
            tw_late=hi,
            prize=job.drop_cost,
            required=False,
            name=job.id,
        )
    matrix = np.where(np.isfinite(t), t, BIG).astype(np.int64)
    for i, a in enumerate(locs):
        for j, b in enumerate(locs):
            model.add_edge(a, b, distance=int(matrix[i, j]), duration=int(matrix[i, j]))
        model.add_edge(a, nowhere, distance=0, duration=0)
        model.add_edge(nowhere, a, distance=BIG, duration=BIG)
    seed = problem.seed if seed is None else seed  # the same seed our solver's PyVRP uses
    result = model.solve(stop=MaxRuntime(time_limit), seed=seed, display=False)
    routes: dict[str, list[str]] = {}
    for route in result.best.routes():
        member = problem.members[route.vehicle_type()].id
        routes[member] = [
            problem.jobs[a.idx].id for a in route.schedule() if a.type == ActivityType.CLIENT
        ]
    return finish_plan(problem, routes, screen(problem, t), t, time.perf_counter() - started)


def save(problem: Problem, t: np.ndarray, path: Path) -> None:
    """Write an instance in the exchange format, with its matrix."""
    data = problem.to_json()
    data["durations"] = [[None if not np.isfinite(v) else int(v) for v in row] for row in t]
    path.write_text(json.dumps(data), encoding="utf-8")
