"""Time limits kept: the wall time of `solve` against the limit the dispatcher set, and
where the time goes (issue 21).

For each size (jobs × members, county instances on the demo's roads) and limit it
solves ``--repeat`` times and prints the median and worst wall time, their excess over
the limit (target: at most +0.5 s at every size up to 1,000 jobs), and the time of each
part: screening, OR-Tools' searches (the urgent-only first search and the full one),
waiting for the second engine, finishing the plan (gaps filled, reasons, check). It
also measures what starting the second engine costs: a new Python process importing
PyVRP (the baseline every second-engine run pays before it searches).

    .venv/bin/python benchmarks/time_limits.py [--limits 5 10] [--sizes 100x10 1000x80]
"""

from __future__ import annotations

import argparse
import functools
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.county_instances import DEMO, county_instance  # noqa: E402
from dispatch import solver  # noqa: E402
from geo.network import RoadNetwork  # noqa: E402

PARTS = ("screen", "solve_routes", "_collect_second_engine", "finish_plan")
spent: dict[str, float] = {}


def _timed(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[name] = spent.get(name, 0.0) + time.perf_counter() - started

    return wrapper


def helper_start_up(repeat: int) -> float:
    """Median seconds for a new interpreter to import the second engine and PyVRP."""
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-c", "import pyvrp, dispatch.pyvrp_engine"], check=True, cwd=ROOT
        )
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--limits", type=float, nargs="+", default=[5.0, 10.0])
    parser.add_argument(
        "--sizes", nargs="+", default=["100x10", "200x20", "400x40", "700x60", "1000x80"]
    )
    parser.add_argument("--seed", type=int, default=41)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    for name in PARTS:
        setattr(solver, name, _timed(name, getattr(solver, name)))
    print(f"second engine start-up (new process, import PyVRP): {helper_start_up(3):.2f} s")
    network = RoadNetwork.from_graphml(DEMO / "roads.graphml")
    worst = 0.0
    for size in args.sizes:
        n_jobs, n_members = map(int, size.split("x"))
        problem, t = county_instance(n_jobs, n_members, args.seed, network)
        for limit in args.limits:
            walls, parts, engines = [], {p: [] for p in PARTS}, []
            for _ in range(args.repeat):
                spent.clear()
                started = time.perf_counter()
                plan = solver.solve(problem, solver.SolveParams(time_limit=limit), travel=t)
                walls.append(time.perf_counter() - started)
                missing = plan.extra.get("second_engine")
                engines.append(str(plan.extra.get("engine")) + (f"/{missing}" if missing else ""))
                for p in PARTS:
                    parts[p].append(spent.get(p, 0.0))
            over = max(walls) - limit
            worst = max(worst, over)
            split = "  ".join(
                f"{p.strip('_')} {statistics.median(v):.2f}" for p, v in parts.items()
            )
            median = statistics.median(walls)
            print(
                f"{problem.name:<22} limit {limit:>4g} s  wall median {median:.2f}"
                f"  worst {max(walls):.2f} ({over:+.2f})  [{split}]  won: {','.join(engines)}",
                flush=True,
            )
    print(f"worst excess over the limit: {worst:+.2f} s (target <= +0.50)")
    return 0 if worst <= 0.5 else 1


if __name__ == "__main__":
    sys.exit(main())
