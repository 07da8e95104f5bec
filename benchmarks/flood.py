"""Flood surge, end to end: the demo flood applied (closures, cut-off check, triage,
staging) and a 1,000-job surge planned on the pooled members, on a copy of the demo
store. Prints, for each search budget, the time from "apply" to a complete checked
plan, jobs served, and the objective — so the improvement with time shows.

Baseline, same run, same jobs and members: the same planning with no flood (no
closures, no triage, no staging) — the ratio is the flood's price.

    .venv/bin/python benchmarks/flood.py [--budgets 10 20 60] [--jobs 1000]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from sqlalchemy import select, update  # noqa: E402

from actions.flood import start_demo_flood  # noqa: E402
from actions.situation import plan_surge, situation  # noqa: E402
from dispatch.clock import local_iso  # noqa: E402
from dispatch.intake import validate  # noqa: E402
from dispatch.live import build_problem  # noqa: E402
from dispatch.solver import SolveParams, solve  # noqa: E402
from geo.network import RoadNetwork  # noqa: E402
from store import queries  # noqa: E402
from store import schema as s  # noqa: E402
from store.db import DEFAULT_SQLITE, data_folder, make_engine  # noqa: E402
from store.flood import areas  # noqa: E402
from store.intake import StoreLocator, import_records  # noqa: E402
from store.snapshot import snapshot  # noqa: E402


def prepare(path: Path, network: RoadNetwork, jobs: int) -> str:
    """The demo store with the demo flood, every staff member on duty and more calls
    from all over the county until about ``jobs`` jobs are open."""
    shutil.copyfile(DEFAULT_SQLITE, path)
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(update(s.member_status).values(status="available"))
    start_demo_flood(engine, network, data_folder(), by="bench")
    snap = snapshot(engine)
    missing = jobs - len(snap.jobs)
    rng = np.random.default_rng(7)
    with engine.connect() as conn:
        accounts = (
            conn.execute(select(s.customers.c.account_no).order_by(s.customers.c.account_no))
            .scalars()
            .all()
        )
    picks = rng.choice(len(accounts), size=max(0, missing), replace=False)
    kinds = rng.choice(
        ["repair", "meter", "billing", "hazard", "complaint"],
        size=len(picks),
        p=[0.4, 0.2, 0.2, 0.1, 0.1],
    )
    rows = [
        {
            "_row": k + 1,
            "order_no": f"BENCH-{k:05d}",
            "channel": "95598",
            "received_at": local_iso(snap.now - timedelta(minutes=int(rng.integers(1, 240)))),
            "type": str(kind),
            "account_no": accounts[int(i)],
        }
        for k, (i, kind) in enumerate(zip(picks, kinds, strict=True))
    ]
    locator = StoreLocator.from_folder(engine, data_folder())
    import_records(engine, validate(rows, locator, now=snap.now), now=snap.now)
    return url


def run(url: str, network: RoadNetwork, budget: float, *, flood: bool) -> dict:
    engine = make_engine(url)
    started = time.perf_counter()
    if flood:
        view = network.without([a.geometry for a in areas(engine)])
        sit = situation(engine, view)
        windows = queries.service_windows(engine)
        board, plan, _ = plan_surge(
            sit, view, list(zip(windows["lon"], windows["lat"], strict=True)), seconds=budget
        )
    else:
        board = build_problem(snapshot(engine), scope="county", network=network, time_limit=budget)
        plan = solve(board.problem, SolveParams(time_limit=budget), travel=board.travel)
    took = time.perf_counter() - started
    served = sum(len(r.stops) for r in plan.routes)
    return {
        "seconds": took,
        "jobs": len(board.problem.jobs) + len(board.held),
        "members": len(board.problem.members),
        "served": served,
        "held": len(board.held),
        "objective": plan.objective,
        "engine": plan.extra.get("engine"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--budgets", type=float, nargs="+", default=[10, 20, 60])
    parser.add_argument("--jobs", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    network = RoadNetwork.from_graphml(data_folder() / "roads.graphml")
    with tempfile.TemporaryDirectory() as tmp:
        url = prepare(Path(tmp) / "flood.db", network, args.jobs)
        for budget in args.budgets:
            floods = [run(url, network, budget, flood=True) for _ in range(args.repeat)]
            bases = [run(url, network, budget, flood=False) for _ in range(args.repeat)]
            f = floods[len(floods) // 2]
            b = bases[len(bases) // 2]
            fs = statistics.median(x["seconds"] for x in floods)
            bs = statistics.median(x["seconds"] for x in bases)
            print(
                f"budget {budget:g} s: flood applied → checked plan {fs:.1f} s "
                f"({f['jobs']} jobs, {f['members']} members; {f['served']} served, "
                f"{f['held']} held for safety; objective {f['objective']:,}, {f['engine']}) | "
                f"no-flood baseline {bs:.1f} s ({b['served']} served, "
                f"objective {b['objective']:,}) "
                f"| ratio {fs / bs:.2f}"
            )


if __name__ == "__main__":
    main()
