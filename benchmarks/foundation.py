"""Foundation figures: demo build, GraphML writing, store load, app cold start.

Each figure is a median over repeats, with its ratio to a baseline run in the
same process where one exists:

- GraphML: our writer (`geo.graphml`) against `osmnx.save_graphml`;
- store load: our driver-level SQLite load against SQLAlchemy Core's executemany;
- cold start: `streamlit run` until it answers, and until Chromium shows the map.

    .venv/bin/python benchmarks/foundation.py [--repeat 3] [--skip-build] [--skip-browser]
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import osmnx as ox  # noqa: E402
from sqlalchemy import Connection  # noqa: E402

from demo.build import build_demo  # noqa: E402
from geo.graphml import write_graphml  # noqa: E402
from store import load as store_demo  # noqa: E402
from store.db import make_engine  # noqa: E402
from store.folder import manifest_digest, read_tables  # noqa: E402

DEMO = ROOT / "data" / "demo"


def median_time(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def report(name: str, ours: float, baseline: float | None = None, label: str = "") -> None:
    line = f"{name:<44} {ours:8.2f} s"
    if baseline is not None:
        line += f"   baseline {label} {baseline:8.2f} s   ratio {ours / baseline:5.2f}"
    print(line, flush=True)


def bench_build(tmp: Path, repeat: int) -> None:
    report(
        "demo build (python -m demo)",
        median_time(lambda: build_demo(tmp / "demo", log=lambda _: None), repeat),
    )


def bench_graphml(tmp: Path, repeat: int) -> None:
    graph = ox.load_graphml(DEMO / "roads.graphml")
    ours = median_time(lambda: write_graphml(graph, tmp / "ours.graphml"), repeat)
    theirs = median_time(lambda: ox.save_graphml(graph, tmp / "osmnx.graphml"), repeat)
    report(f"GraphML write ({graph.number_of_edges():,} edges)", ours, theirs, "osmnx.save_graphml")


def _slow_insert(conn: Connection, table: object, frame: object) -> None:
    """The baseline: SQLAlchemy Core executemany with dict rows (type processing per row)."""
    columns = [c.name for c in table.columns if c.name in frame.columns]  # type: ignore[attr-defined]
    part = frame[columns].astype(object)  # type: ignore[index]
    rows = part.where(part.notna(), None).to_dict("records")
    for row in rows:
        for key, value in row.items():
            if hasattr(value, "to_pydatetime"):
                row[key] = value.floor("s").to_pydatetime()
    conn.execute(table.insert(), rows)  # type: ignore[attr-defined]


def bench_store(tmp: Path, repeat: int) -> None:
    tables = read_tables(DEMO)
    digest = manifest_digest(DEMO)

    def load(insert: Callable | None, name: str) -> Callable[[], object]:
        def run() -> None:
            path = tmp / f"{name}.db"
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            original = store_demo._insert
            if insert is not None:
                store_demo._insert = insert
            try:
                store_demo.load_demo(make_engine(f"sqlite:///{path}"), tables, digest)
            finally:
                store_demo._insert = original

        return run

    ours = median_time(load(None, "ours"), repeat)
    theirs = median_time(load(_slow_insert, "core"), max(1, repeat // 3))
    report(
        "store load (334,000 customers, 26,000 requests)", ours, theirs, "SQLAlchemy executemany"
    )


def _serve(db: Path) -> tuple[subprocess.Popen, str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "DUALGRID_DB": f"sqlite:///{db}"}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    return proc, f"http://127.0.0.1:{port}"


def _wait_health(url: str, proc: subprocess.Popen) -> None:
    while True:
        if proc.poll() is not None:
            raise RuntimeError("streamlit exited")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as reply:
                if reply.read() == b"ok":
                    return
        except OSError:
            time.sleep(0.05)


def bench_cold_start(tmp: Path, repeat: int, browser: bool) -> None:
    db = tmp / "app.db"
    shutil.copyfile(ROOT / "data" / "dualgrid.db", db)
    health, drawn, again = [], [], []
    for _ in range(repeat):
        start = time.perf_counter()
        proc, url = _serve(db)
        try:
            _wait_health(url, proc)
            health.append(time.perf_counter() - start)
            if browser:
                first, second = _map_drawn(url)
                drawn.append(first + health[-1])
                again.append(second)
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=10)
    report("cold start: server answers", statistics.median(health))
    if drawn:
        report("cold start: map with 25 grids drawn (Chromium)", statistics.median(drawn))
        report("warm: a new visitor's map drawn (Chromium)", statistics.median(again))


def _map_drawn(url: str) -> tuple[float, float]:
    """Seconds until the 25 grids are drawn: the first visit, then a new visitor's."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
            ],
        )
        took = []
        for _ in range(2):
            context = browser.new_context()
            page = context.new_page()
            start = time.perf_counter()
            page.goto(url)
            frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
            frame.locator('path.leaflet-interactive[stroke="#37474f"]').nth(24).wait_for(
                state="attached", timeout=120_000
            )
            took.append(time.perf_counter() - start)
            context.close()
        browser.close()
        return took[0], took[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-build", action="store_true", help="skip the 25 s demo build")
    parser.add_argument("--skip-browser", action="store_true")
    parser.add_argument("--only-start", action="store_true", help="only the cold-start part")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        if not args.only_start:
            if not args.skip_build:
                bench_build(tmp, 1)
            bench_graphml(tmp, args.repeat)
            bench_store(tmp, args.repeat)
        bench_cold_start(tmp, args.repeat, browser=not args.skip_browser)
    return 0


if __name__ == "__main__":
    sys.exit(main())
