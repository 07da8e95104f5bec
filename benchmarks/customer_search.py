"""The customers page's search on the demo store (334,000 customers): by whole account
number, name, part of an address, and a caller's whole number. Baseline, in the same run:
one SELECT of the customers' id column (the cheapest full pass over the table, what any
search without an index must at least do).

    .venv/bin/python benchmarks/customer_search.py [--repeat 5] [--db URL]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from store import customers  # noqa: E402
from store import schema as s  # noqa: E402
from store.db import make_engine  # noqa: E402


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--db", default=None, help="store URL (default: $DUALGRID_DB or data/)")
    args = parser.parse_args()
    engine = make_engine(args.db)
    with engine.connect() as conn:
        someone = conn.execute(
            select(s.customers).order_by(s.customers.c.account_no.desc()).limit(1)
        ).one()

    def full_pass() -> None:
        with engine.connect() as conn:
            conn.execute(select(s.customers.c.account_no)).all()

    queries = {
        "account": someone.account_no,
        "name": someone.name,
        "address": someone.address[-8:],
        "phone": someone.phone,
    }
    print(f"store: {engine.url.render_as_string(hide_password=True)}, {args.repeat} runs each")
    base = statistics.median(timed(full_pass) for _ in range(args.repeat))
    print(f"baseline full pass over customers: {base * 1000:.0f} ms (median)")
    by = f"benchmark-{os.getpid()}"  # whole-number searches are limited per user and hour
    for label, text in queries.items():
        runs = [timed(lambda t=text: customers.find(engine, t, by=by)) for _ in range(args.repeat)]
        found = len(customers.find(engine, text, by=by))
        median = statistics.median(runs)
        print(
            f"{label:8s} {median * 1000:6.0f} ms median ({min(runs) * 1000:.0f}–"
            f"{max(runs) * 1000:.0f}), {found} found, ratio to baseline {median / base:.2f}"
        )


if __name__ == "__main__":
    main()
