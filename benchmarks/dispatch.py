"""Our solver on county-like instances against a greedy dispatcher and plain PyVRP.

For each size (jobs × members) and seed it prints, at the same time limit:
- the full instance (skills, job limits): our objective, the greedy baseline's,
  and their ratio (target: at least 30% below greedy, ratio <= 0.70);
- the instance without skills and job limits, which plain PyVRP can express: our
  objective, PyVRP's, and their ratio (target <= 1.00);
- on the full instance, the ratio to the best plan a 10-minute search found
  (`benchmarks/references/`, made by `benchmarks/references.py`; target <= 1.01);
- how soon our search has its first feasible plan (target: under 3 s at 400 × 40),
  and how long inserting one new urgent job into the plan takes (target: under 1 s).

    .venv/bin/python benchmarks/dispatch.py [--limit 10] [--seeds 1 2] [--sizes 100x10 400x40]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from benchmarks.county_instances import (  # noqa: E402
    DEMO,
    county_instance,
    greedy,
    pyvrp,
    without_skills_and_limits,
)
from benchmarks.references import reference  # noqa: E402
from dispatch.model import Job  # noqa: E402
from dispatch.reasons import screen  # noqa: E402
from dispatch.solver import SolveParams, SolverError, insert_urgent, solve  # noqa: E402
from geo.network import RoadNetwork  # noqa: E402


def ours(problem, t, limit):
    first: list[float] = []
    started = time.perf_counter()

    def progress(_objective: int, _elapsed: float) -> None:
        if not first:
            first.append(time.perf_counter() - started)

    plan = solve(problem, SolveParams(time_limit=limit), travel=t, on_progress=progress)
    return plan, (first[0] if first else float("nan"))


def _engines(plan) -> str:
    """Which engine's plan won, and both objectives when both ran."""
    both = plan.extra.get("objectives")
    if not both:
        missing = plan.extra.get("second_engine")
        return plan.extra.get("engine", "?") + (f" (PyVRP: {missing})" if missing else "")
    return f"{plan.extra['engine']} won: " + ", ".join(f"{k} {v:,}" for k, v in both.items())


def urgent_insert_time(problem, t, plan) -> float:
    """Seconds to insert one new priority-1 job beside an existing one."""
    anchor = next(j for j in problem.jobs if j.priority == 1)
    new = Job(
        id="new-outage",
        location=anchor.location,
        service_s=3600,
        skills=anchor.skills,
        window=anchor.window,
        priority=1,
    )
    grown = replace(problem, jobs=(*problem.jobs, new))
    started = time.perf_counter()
    insert_urgent(grown, plan, new.id, travel=t)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--limit", type=float, default=10.0)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--sizes", nargs="+", default=["100x10", "200x20", "400x40"])
    parser.add_argument("--no-pyvrp", action="store_true")
    args = parser.parse_args()
    network = RoadNetwork.from_graphml(DEMO / "roads.graphml")
    greedy_ratios, avoidable_ratios, pyvrp_ratios, ref_ratios = [], [], [], []
    print(f"time limit {args.limit:g} s; objective = travel seconds + penalties of unserved jobs")
    for size in args.sizes:
        n_jobs, n_members = map(int, size.split("x"))
        for seed in args.seeds:
            problem, t = county_instance(n_jobs, n_members, seed, network)
            plan, first = ours(problem, t, args.limit)
            base = greedy(problem, t)
            ratio = plan.objective / base.objective
            # penalties of jobs no member could serve even alone are paid by every plan
            fixed_cost = sum(problem.job[j].drop_cost for j in screen(problem, t))
            avoidable = (plan.objective - fixed_cost) / (base.objective - fixed_cost)
            greedy_ratios.append(ratio)
            avoidable_ratios.append(avoidable)
            served = sum(len(r.stops) for r in plan.routes)
            urgent_left = sum(problem.job[u.job].priority == 1 for u in plan.unassigned)
            insert_s = urgent_insert_time(problem, t, plan)
            print(
                f"{problem.name:<22} ours {plan.objective:>11,} ({served} served, "
                f"{urgent_left} urgent left)  greedy {base.objective:>11,}  ratio {ratio:.3f}"
                f"  first plan {first:.2f} s  insert {insert_s:.3f} s"
                f"  [{_engines(plan)}]",
                flush=True,
            )
            ref = reference(problem.name)
            if ref:
                ref_ratios.append(plan.objective / ref["objective"])
                print(
                    f"{'  10-minute reference':<22} {ref['objective']:>11,} "
                    f"({ref['limit_s']:g} s, {ref['commit']})  ratio {ref_ratios[-1]:.4f}",
                    flush=True,
                )
            if args.no_pyvrp:
                continue
            plain = without_skills_and_limits(problem)
            mine, _ = ours(plain, t, args.limit)
            try:
                theirs = pyvrp(plain, t, args.limit)
                other = f"{theirs.objective:>11,}"
                ratio = mine.objective / theirs.objective
                pyvrp_ratios.append(ratio)
                text = f"ratio {ratio:.3f}"
            except SolverError as exc:
                other, text = "infeasible", str(exc)[:60]
            print(
                f"{'  no skills/limits':<22} ours {mine.objective:>11,}"
                f"{'':>27}pyvrp {other}  {text}  [{_engines(mine)}]",
                flush=True,
            )
    print(
        f"median ratio to greedy {statistics.median(greedy_ratios):.3f} (target <= 0.70); "
        f"without the penalties no plan can avoid {statistics.median(avoidable_ratios):.3f}"
    )
    if ref_ratios:
        print(
            f"ratio to the 10-minute references: median {statistics.median(ref_ratios):.4f}, "
            f"worst {max(ref_ratios):.4f} (target <= 1.01; benchmarks/references.py)"
        )
    if pyvrp_ratios:
        print(
            f"median ratio to PyVRP {statistics.median(pyvrp_ratios):.3f}, worst "
            f"{max(pyvrp_ratios):.3f} (target <= 1.00)"
        )
    return 0 if np.isfinite(statistics.median(greedy_ratios)) else 1


if __name__ == "__main__":
    sys.exit(main())
