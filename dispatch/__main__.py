"""python -m dispatch solve PROBLEM.json -o PLAN.json [--time-limit S] [--graph FILE]
python -m dispatch check PROBLEM.json PLAN.json

`solve` writes the plan and exits 0 when it found one (unserved jobs are not an
error). `check` prints every violated rule and exits 1 when there is one, 0 when
the plan is feasible; it also prints the plan's objective. A malformed problem or
plan gets a message naming the field and exit status 2.

The store's commands (work orders in: `python -m store import`; a day replayed:
`python -m actions replay`) live where the store may be imported; the modules of
`dispatch/` never import the store, streamlit or folium.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dispatch.errors import DualGridError


def _solve(args: argparse.Namespace) -> int:
    from dispatch.model import Problem
    from dispatch.solver import SolveParams, solve

    problem = Problem.load(args.problem)
    network = None
    if args.graph is not None:
        from geo.network import RoadNetwork

        network = RoadNetwork.from_file(args.graph)
    plan = solve(problem, SolveParams(time_limit=args.time_limit), network=network)
    plan.save(args.out)
    served = sum(len(r.stops) for r in plan.routes)
    print(
        f"{args.out}: {served} jobs routed on {len(plan.routes)} members, "
        f"{len(plan.unassigned)} unassigned; objective {plan.objective:,} "
        f"(travel {plan.travel:,} s) in {plan.solve_seconds:.1f} s"
    )
    return 0


def _check(args: argparse.Namespace) -> int:
    from dispatch.check import check
    from dispatch.model import Problem
    from dispatch.plan import Plan

    problem = Problem.load(args.problem)
    plan = Plan.load(args.plan)
    result = check(problem, plan)
    for line in result.violations:
        print(f"violation: {line}")
    for line in result.notes:
        print(f"note: {line}")
    print(
        f"objective {result.objective:,} (travel {result.travel:,} s); "
        f"{'feasible' if result.ok else f'{len(result.violations)} violation(s)'}"
    )
    return 0 if result.ok else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m dispatch",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True)
    solve = sub.add_parser("solve", help="solve a problem into a plan")
    solve.add_argument("problem", type=Path)
    solve.add_argument("-o", "--out", type=Path, required=True)
    solve.add_argument(
        "--time-limit",
        type=float,
        default=None,
        help="seconds to search (default: the problem's options.time_limit)",
    )
    solve.add_argument(
        "--graph",
        type=Path,
        default=None,
        help="road network (GraphML or .osm) when the problem has no durations",
    )
    checker = sub.add_parser("check", help="check a plan against its problem")
    checker.add_argument("problem", type=Path)
    checker.add_argument("plan", type=Path)
    args = parser.parse_args(argv)
    commands = {"solve": _solve, "check": _check}
    try:
        return commands[args.command](args)
    except DualGridError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # never a traceback: what failed, in one line
        from dispatch.privacy import one_line

        print(f"error: {one_line(exc)}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
