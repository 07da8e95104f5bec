"""The dispatch board: time from pressing "Plan" to the plan shown, for 100 open jobs
and 30 members on duty, measured on the page itself (AppTest runs the page script
exactly as the server does, map included).

Baseline, measured in the same run on the same board: the solver alone
(`dispatch.solver.solve` with the same search time on the same problem). The ratio
page / solver is the price of everything around the search: reading the store,
travel times on the roads, drawing routes on the roads, the map and the tables.

    .venv/bin/python benchmarks/board.py [--repeat 3] [--seconds 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import select, update  # noqa: E402

from dispatch.clock import local_iso  # noqa: E402
from dispatch.intake import validate  # noqa: E402
from store import schema as s  # noqa: E402
from store.db import DEFAULT_SQLITE, data_folder, make_engine  # noqa: E402
from store.intake import StoreLocator, import_records  # noqa: E402
from store.snapshot import snapshot  # noqa: E402

JOBS, MEMBERS = 100, 30


def prepare(path: Path) -> str:
    """A copy of the demo store with 100 open jobs and 30 staff on duty."""
    shutil.copyfile(DEFAULT_SQLITE, path)
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    snap = snapshot(engine)
    staff = [m.id for m in snap.members if m.kind == "staff"]
    busy = {j.member_id for j in snap.jobs if j.member_id}
    keep = sorted(busy)[:MEMBERS] + [m for m in staff if m not in busy]
    keep = keep[:MEMBERS]
    with engine.begin() as conn:
        conn.execute(
            update(s.member_status)
            .where(s.member_status.c.member_id.in_([m for m in staff if m not in keep]))
            .values(status="off_duty")
        )
        # more open work: the week before's requests, as if they had come in this morning
        history = conn.execute(
            select(s.requests)
            .where(s.requests.c.received_at < snap.now - timedelta(days=7))
            .order_by(s.requests.c.received_at.desc())
            .limit(400)
        ).all()
    locator = StoreLocator.from_folder(engine, data_folder())
    rows, seen = [], set()
    for k, r in enumerate(history):
        if r.type == "outage" and r.district_id in seen:
            continue
        seen.add(r.district_id)
        when = snap.now - timedelta(minutes=5 + k)
        rows.append(
            {
                "_row": k + 1,
                "order_no": f"BENCH-{r.order_no}",
                "channel": r.channel,
                "received_at": local_iso(when),
                "type": r.type,
                "account_no": r.account_no,
                "lon": r.lon,
                "lat": r.lat,
            }
        )
        if len(rows) >= JOBS - len(snap.jobs):
            break
    import_records(engine, validate(rows, locator, now=snap.now), now=snap.now)
    after = snapshot(engine)
    on_duty = sum(1 for m in after.members if m.kind == "staff" and m.status != "off_duty")
    print(f"board: {len(after.jobs)} open jobs, {on_duty} staff on duty")
    return url


def page_plan(url: str, search_s: int) -> float:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.run()
    at.switch_page("views/board.py").run()
    at.select_slider(key="board.seconds").set_value(search_s).run()
    plan = next(b for b in at.button if b.label == "Plan")
    started = time.perf_counter()
    plan.click().run()
    took = time.perf_counter() - started
    assert not at.exception, at.exception
    shown = [x.value for x in at.success if x.value.startswith("Proposed plan")]
    assert shown, "no plan shown"
    print(f"  page: {took:.2f} s — {shown[0]}")
    return took


def solver_alone(url: str, search_s: int) -> float:
    from dispatch.live import build_problem
    from dispatch.solver import SolveParams, solve
    from geo.network import RoadNetwork

    network = RoadNetwork.from_graphml(data_folder() / "roads.graphml")
    board = build_problem(snapshot(make_engine(url)), network=network, time_limit=search_s)
    started = time.perf_counter()
    solve(board.problem, SolveParams(time_limit=search_s), travel=board.travel)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seconds", type=int, nargs="+", default=[2, 5])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = prepare(Path(tmp) / "board.db")
        os.environ["DUALGRID_DB"] = url
        for search_s in args.seconds:
            pages, solos = [], []
            for _ in range(args.repeat):
                pages.append(page_plan(url, search_s))
                solos.append(solver_alone(url, search_s))
            page, solo = statistics.median(pages), statistics.median(solos)
            print(
                f"search {search_s} s: Plan → plan shown median {page:.2f} s "
                f"(runs {', '.join(f'{p:.2f}' for p in pages)}); solver alone (baseline) "
                f"median {solo:.2f} s; ratio {page / solo:.2f}"
            )


if __name__ == "__main__":
    main()
