"""The best plans a 10-minute search finds on the skills family (issue 21's references).

The skills family (skills, job limits, priorities: what plain PyVRP cannot express) has
no published best-known results, so its reference is the best plan our own solver finds
given ten minutes. Each run writes the plan (the dispatch plan format) and its objective
to ``benchmarks/references/``; ``benchmarks/dispatch.py`` prints the ratio of its
10-second plans to these.

    .venv/bin/python benchmarks/references.py [--limit 600] [--seeds 51] [--sizes 100x10]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.county_instances import DEMO, county_instance  # noqa: E402
from dispatch.solver import SolveParams, solve  # noqa: E402
from geo.network import RoadNetwork  # noqa: E402

REFERENCES = ROOT / "benchmarks" / "references"


def reference(name: str) -> dict | None:
    """The stored reference of one instance (by its name), or None."""
    path = REFERENCES / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--limit", type=float, default=600.0)
    parser.add_argument("--seeds", type=int, nargs="+", default=[51])
    parser.add_argument("--sizes", nargs="+", default=["100x10", "200x20", "400x40"])
    args = parser.parse_args()
    network = RoadNetwork.from_graphml(DEMO / "roads.graphml")
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        check=False,
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout.strip()
    REFERENCES.mkdir(exist_ok=True)
    for size in args.sizes:
        n_jobs, n_members = map(int, size.split("x"))
        for seed in args.seeds:
            problem, t = county_instance(n_jobs, n_members, seed, network)
            started = time.perf_counter()
            plan = solve(problem, SolveParams(time_limit=args.limit), travel=t)
            wall = time.perf_counter() - started
            old = reference(problem.name)
            if old and old["objective"] <= plan.objective:
                print(f"{problem.name:<22} {plan.objective:>11,}: kept {old['objective']:,}")
                continue
            record = {
                "instance": problem.name,
                "objective": plan.objective,
                "limit_s": args.limit,
                "wall_s": round(wall, 1),
                "commit": commit,
                "found": time.strftime("%Y-%m-%d"),
                "plan": plan.to_json(),
            }
            path = REFERENCES / f"{problem.name}.json"
            path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
            print(f"{problem.name:<22} {plan.objective:>11,} in {wall:.0f} s -> {path.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
