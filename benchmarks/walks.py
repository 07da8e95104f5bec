"""Each role's day in the browser, timed: the time from a click to its visible result for
every action the walks in tests/e2e take, as the median of several runs, with its ratio
to a plain rerun measured in the same runs (switching the board's view: the baseline).

    .venv/bin/python benchmarks/walks.py --repeat 3

Needs Debian's Chromium (as the browser tests do); runs on a private copy of the demo
store per walk, on SQLite.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WALKS = [
    "tests/e2e/test_dispatcher_day.py",
    "tests/e2e/test_coordinator_day.py",
    "tests/e2e/test_planner_day.py",
    "tests/e2e/test_viewer_and_leader_day.py",
]
FIGURE = re.compile(r"FIGURE e2e (.+?): ([0-9.]+) s$", re.MULTILINE)  # after pytest's dots too
BASELINE = "view switch (baseline): click to the intake form"


def run_once() -> dict[str, list[float]]:
    out = subprocess.run(
        [sys.executable, "-m", "pytest", *WALKS, "-q", "-s", "-k", "sqlite", "-p",
         "no:cacheprovider"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if out.returncode != 0:
        tail = "\n".join(out.stdout.splitlines()[-30:])
        print(f"the walks failed (exit {out.returncode}):\n{tail}", file=sys.stderr)
        raise SystemExit(1)
    figures: dict[str, list[float]] = defaultdict(list)
    for name, seconds in FIGURE.findall(out.stdout):
        figures[name].append(float(seconds))
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of every walk")
    args = parser.parse_args()
    runs: dict[str, list[float]] = defaultdict(list)
    for k in range(args.repeat):
        print(f"run {k + 1} of {args.repeat}…", file=sys.stderr, flush=True)
        for name, values in run_once().items():
            runs[name].extend(values)
    base = statistics.median(runs[BASELINE])
    print(f"{'action: click to visible result':<66} {'median s':>9} {'runs':>5} {'× base':>7}")
    for name, values in runs.items():
        median = statistics.median(values)
        print(f"{name:<66} {median:>9.2f} {len(values):>5} {median / base:>7.1f}")
    print(f"baseline: {BASELINE} (median {base:.2f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
