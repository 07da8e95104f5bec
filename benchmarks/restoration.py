"""Restoration estimates calibrated on the demo's history with a held-back month (issue 21).

The on-site time of each repair and outage done in the last month of the demo's year is
estimated from the eleven months before it (`dispatch.restoration`: by type, area class
and part of the day, the median and the 10th–90th percentile range) and compared with
the time recorded. Baseline: the job type's norm service time (`dispatch.domain`), which
plans assumed until now, with no range.

    .venv/bin/python benchmarks/restoration.py [--types repair outage] [--month-days 30]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from dispatch.domain import JOB_TYPES  # noqa: E402
from dispatch.restoration import calibrate, on_site_history  # noqa: E402
from store.folder import folder_as_of  # noqa: E402

DEMO = ROOT / "data" / "demo"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--types", nargs="+", default=["repair", "outage"])
    parser.add_argument("--month-days", type=int, default=30)
    args = parser.parse_args()
    started = time.perf_counter()
    jobs = pd.read_parquet(DEMO / "jobs.parquet")
    events = pd.read_parquet(DEMO / "job_events.parquet")
    history = on_site_history(jobs, events)
    took = time.perf_counter() - started
    as_of = folder_as_of(DEMO)
    if as_of is None:
        print(f"{DEMO}: no as_of in meta.json: run make demo", file=sys.stderr)
        return 2
    cut = as_of - timedelta(days=args.month_days)
    scored = calibrate(history, cut, types=set(args.types))
    print(
        f"history: {len(history):,} jobs with on-site times ({took:.2f} s to read); "
        f"held back: arrivals from {cut:%Y-%m-%d %H:%M} UTC"
    )
    test = history[(history["arrived"] >= cut) & history["type"].isin(args.types)]
    for kind, (n, error, inside) in sorted(scored.by_type.items()):
        norm = JOB_TYPES[kind].service_min
        mine = test[test["type"] == kind]["minutes"]
        base = statistics.median(abs(mine - norm)) if len(mine) else float("nan")
        print(
            f"{kind:<8} {n:>4} jobs  median abs error {error:5.1f} min (norm {norm} min: "
            f"{base:5.1f}, ratio {error / base:.2f})  inside the range {inside:.0%}"
        )
    all_base = statistics.median(
        abs(m - JOB_TYPES[k].service_min)
        for k, m in zip(test["type"], test["minutes"], strict=True)
    )
    print(
        f"all      {scored.jobs:>4} jobs  median abs error {scored.median_abs_error_min:5.1f} min "
        f"(norm: {all_base:5.1f}, ratio {scored.median_abs_error_min / all_base:.2f})  "
        f"inside the range {scored.inside_share:.0%} (a 10–90% range: 80% expected)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
