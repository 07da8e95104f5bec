"""Solomon and Gehring–Homberger VRPTW instances: our solver's gap to the best known
distance-only solutions (../shared/benchmarks/README.md explains the reference).

Each instance is solved with the fleet given and distance as the objective
(every customer must be served: its penalty is far above any route cost).
Distances are scaled by 100 and rounded for the solver; the reported distance is
recomputed from the routes in exact arithmetic.

    .venv/bin/python benchmarks/solomon.py             # 8 reference instances, 10 s and 30 s
    .venv/bin/python benchmarks/solomon.py --all       # all 56 Solomon instances
    .venv/bin/python benchmarks/solomon.py --gh --limits 60

Reference figures on this kind of machine (README): OR-Tools with parallel
cheapest insertion + GLS +5.1% at 2 s, +1.6% at 10 s, +1.0% at 30 s; PyVRP +0.05% at 10 s.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import math
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from dispatch.model import Job, Member, Problem  # noqa: E402
from dispatch.solver import SolveParams, solve  # noqa: E402

SHARED = ROOT.parent / "shared" / "benchmarks"
SCALE = 100
REFERENCE_SET = ["C101", "C201", "R101", "R201", "RC101", "RC201", "R112", "RC208"]


def read_solomon(path: Path) -> tuple[int, int, np.ndarray]:
    """Fleet size, capacity, rows of (x, y, demand, ready, due, service)."""
    lines = path.read_text().splitlines()
    fleet, capacity = map(int, lines[4].split())
    rows = [list(map(float, line.split()))[1:] for line in lines[9:] if line.strip()]
    return fleet, capacity, np.array(rows)


def read_vrplib(path: Path) -> tuple[int, int, np.ndarray]:
    """The same from a VRPLIB (.vrp) file of the Gehring–Homberger set."""
    sections: dict[str, list[list[float]]] = {}
    header: dict[str, str] = {}
    current = None
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not line or line == "EOF":
            continue
        if line.endswith("_SECTION"):
            current = line
            sections[current] = []
        elif ":" in line and current is None:
            key, value = line.split(":", 1)
            header[key.strip()] = value.strip()
        elif current:
            sections[current].append([float(v) for v in line.split()])
    coords = np.array(sections["NODE_COORD_SECTION"])[:, 1:3]
    demand = np.array(sections["DEMAND_SECTION"])[:, 1]
    windows = np.array(sections["TIME_WINDOW_SECTION"])[:, 1:3]
    service = (
        np.array(sections["SERVICE_TIME_SECTION"])[:, 1]
        if "SERVICE_TIME_SECTION" in sections
        else np.r_[0, np.full(len(coords) - 1, float(header.get("SERVICE_TIME", 0)))]
    )
    rows = np.column_stack((coords, demand, windows, service))
    return int(header["VEHICLES"]), int(header["CAPACITY"]), rows


def problem_of(
    fleet: int, capacity: int, rows: np.ndarray, limit: float
) -> tuple[Problem, np.ndarray]:
    xy = rows[:, :2]
    exact = np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1))
    due = round(rows[0, 4] * SCALE)
    members = tuple(
        Member(id=f"v{k}", start=0, end=0, shift_s=(0, due), capacity=capacity)
        for k in range(fleet)
    )
    jobs = tuple(
        Job(
            id=f"c{i}",
            location=i,
            service_s=round(r[5] * SCALE),
            window=(round(r[3] * SCALE), round(r[4] * SCALE)),
            demand=int(r[2]),
            penalty=10**9,
        )
        for i, r in enumerate(rows)
        if i > 0
    )
    problem = Problem(locations=tuple(map(tuple, xy)), members=members, jobs=jobs, time_limit=limit)
    return problem, exact


def distance(plan, exact: np.ndarray, problem: Problem) -> float:
    total = 0.0
    for route in plan.routes:
        places = [0] + [problem.job[j].location for j in route.jobs] + [0]
        total += sum(exact[a, b] for a, b in itertools.pairwise(places))
    return total


def references(path: Path) -> dict[str, float]:
    out = {}
    with path.open() as f:
        for row in csv.DictReader(f):
            best = float(row["bks_distance"])
            if row.get("dimacs_routes_float_feasible") == "True":
                best = min(best, float(row["dimacs_routes_float_distance"]))
            out[row["instance"]] = best
    return out


def run(names: list[str], folder: Path, reader, limits: list[float]) -> None:
    refs = references(folder / "bks.csv")
    gaps: dict[float, list[float]] = {limit: [] for limit in limits}
    print(f"{'instance':<10}" + "".join(f"{f'{limit:g} s':>22}" for limit in limits))
    for name in names:
        suffix = ".txt" if reader is read_solomon else ".vrp"
        fleet, capacity, rows = reader(folder / f"{name}{suffix}")
        cells = []
        for limit in limits:
            problem, exact = problem_of(fleet, capacity, rows, limit)
            # floored, so that rounding never makes a known-feasible route infeasible
            travel = np.floor(exact * SCALE)
            plan = solve(problem, SolveParams(time_limit=limit), travel=travel)
            served = sum(len(r.stops) for r in plan.routes)
            found = distance(plan, exact, problem)
            gap = 100 * (found / refs[name] - 1)
            if served < len(problem.jobs):
                gap = math.inf
            gaps[limit].append(gap)
            cells.append(f"{found:10.1f} {gap:+7.2f}% {len(plan.routes):2d}v")
        print(f"{name:<10}" + "".join(f"{c:>22}" for c in cells), flush=True)
    print(
        f"{'mean gap':<10}"
        + "".join(f"{statistics.mean(gaps[limit]):>+20.2f}% " for limit in limits)
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--all", action="store_true", help="every Solomon instance")
    parser.add_argument("--gh", action="store_true", help="the 200/400-customer instances")
    parser.add_argument("--limits", type=float, nargs="+", default=None)
    parser.add_argument("instances", nargs="*")
    args = parser.parse_args()
    if args.gh:
        folder = SHARED / "gh"
        names = args.instances or sorted(p.stem for p in folder.glob("*.vrp"))
        run(names, folder, read_vrplib, args.limits or [60])
    else:
        folder = SHARED / "solomon"
        names = args.instances or (
            sorted(p.stem for p in folder.glob("*.txt")) if args.all else REFERENCE_SET
        )
        run(names, folder, read_solomon, args.limits or [10, 30])
    return 0


if __name__ == "__main__":
    sys.exit(main())
