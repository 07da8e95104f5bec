"""The monthly evaluation on the demo store: reading a year's records, then one month's
grid indicators, member scores and record quality. Baseline, in the same run: pandas
reading the same tables' raw rows with one SELECT each (what any evaluation must read).

    .venv/bin/python benchmarks/evaluation.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from actions.evaluation import evaluate_month  # noqa: E402
from store.db import make_engine  # noqa: E402
from store.evaluation import records  # noqa: E402

FIRST, LAST, MONTH = "2025-12", "2026-11", "2026-10"


def baseline(engine) -> float:
    started = time.perf_counter()
    with engine.connect() as conn:
        for table in ("jobs", "requests", "customers", "attendance", "billing", "job_events"):
            pd.read_sql_query(f"SELECT * FROM {table}", conn)
    return time.perf_counter() - started


def run(engine) -> tuple[float, float]:
    started = time.perf_counter()
    r = records(engine, FIRST, LAST)
    read = time.perf_counter() - started
    started = time.perf_counter()
    evaluate_month(r, MONTH)
    return read, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--db", default=None)
    args = parser.parse_args()
    engine = make_engine(args.db)
    reads, months, bases = [], [], []
    for _ in range(args.repeat):
        bases.append(baseline(engine))
        read, month = run(engine)
        reads.append(read)
        months.append(month)
    b, r, m = statistics.median(bases), statistics.median(reads), statistics.median(months)
    print(f"baseline, raw rows of the six tables: median {b:.2f} s {sorted(bases)}")
    print(f"records {FIRST}..{LAST}: median {r:.2f} s {sorted(reads)}; ratio {r / b:.2f}")
    print(
        f"month {MONTH} (indicators, member scores, record quality): median {m:.2f} s "
        f"{sorted(months)}"
    )


if __name__ == "__main__":
    main()
