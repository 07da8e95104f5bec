"""A served app and Debian's Chromium driven by Playwright, cut off from the internet."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine

from store.db import make_engine
from store.demo_users import demo_password, demo_users

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("DUALGRID_CHROMIUM", "/usr/bin/chromium")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOCAL = ("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:", "about:")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve(
    db: Path | str,
    demo_dir: Path,
    log: Path,
    *,
    port: int | None = None,
    extra: Sequence[str] = (),
) -> Iterator[str]:
    """`streamlit run app.py` on the store ``db`` (a SQLite file or a database URL);
    yields its URL once it answers."""
    port = port or _free_port()
    store = db if isinstance(db, str) else f"sqlite:///{db}"
    env = {**os.environ, "DUALGRID_DB": store, "DUALGRID_DATA": str(demo_dir)}
    with log.open("w") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "app.py",
                "--server.address",
                "127.0.0.1",
                "--server.port",
                str(port),
                "--server.headless",
                "true",
                # a file edited while a walk runs must not reload the app's modules under it
                "--server.fileWatcherType",
                "none",
                *extra,
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        if proc.poll() is not None:
            pytest.fail(f"streamlit exited with {proc.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as reply:
                if reply.read() == b"ok":
                    break
        except OSError:
            pass
        if time.monotonic() > deadline:
            pytest.fail(f"streamlit did not answer in 90 s:\n{log.read_text()}")
        time.sleep(0.3)
    try:
        yield url
    finally:
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(proc.pid, sig)
                proc.wait(timeout=10)
                break
            except (ProcessLookupError, subprocess.TimeoutExpired):
                continue


@pytest.fixture(scope="session")
def server(
    demo_db_template: Path, demo_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The app on a free port, on a private copy of the demo store with its demo users."""
    db = tmp_path_factory.mktemp("e2e") / "dualgrid.db"
    shutil.copyfile(demo_db_template, db)
    demo_users(make_engine(f"sqlite:///{db}"))
    with serve(db, demo_dir, tmp_path_factory.mktemp("e2e-log") / "streamlit.log") as url:
        yield url


@pytest.fixture
def served(backend: str, request: pytest.FixtureRequest, demo_dir: Path, tmp_path: Path):
    """The app on ``backend``: the shared SQLite server, or one on a private PostgreSQL
    copy of the demo with its demo users."""
    if backend == "sqlite":
        yield request.getfixturevalue("server")
        return
    url = request.getfixturevalue("backend_db")
    engine = make_engine(url)
    demo_users(engine)
    engine.dispose()
    with serve(url, demo_dir, tmp_path / "streamlit.log") as address:
        yield address


@dataclass
class Served:
    """An app served on its own store: where to browse and the store to check."""

    url: str
    engine: Engine


@pytest.fixture
def own_server(backend: str, backend_db: str, demo_dir: Path, tmp_path: Path) -> Iterator[Served]:
    """The app on a private copy of the demo store (with its demo users) that only this
    test writes to, on ``backend``: a walk can then assert every row it changed."""
    engine = make_engine(backend_db)
    demo_users(engine)
    with serve(backend_db, demo_dir, tmp_path / "streamlit.log") as url:
        yield Served(url, engine)
    engine.dispose()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium through Playwright; never a downloaded browser."""
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's Chromium "
            "(apt-get install chromium; .ci/run does it)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def offline_page(browser):
    """A page whose every request off this machine is blocked and recorded."""
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    blocked: list[str] = []

    def route(r):
        if r.request.url.startswith(LOCAL):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.blocked = blocked
    yield page
    context.close()


def sign_in(page, username: str) -> None:
    """Sign in on the page with the demo user's password (the first run of a cold
    server takes a while: the form is inert until it is done)."""
    from playwright.sync_api import expect

    name = page.get_by_label("Username")
    expect(name).to_be_editable(timeout=120_000)
    name.fill(username)
    page.get_by_label("Password", exact=True).fill(demo_password(username))
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text("Signed in:").wait_for(timeout=60_000)


_STATE = "document.querySelector('[data-testid=stApp]')?.dataset.testScriptState"
#: Done: no run going and none asked for ("rerunRequested" is a run about to start).
_AT_REST = f"['notRunning', 'compilationError'].includes({_STATE})"
#: At rest for a while: a map reports back a moment after it is drawn, and that report
#: starts one more run; a click in between would land on a page about to change.
_QUIET = f"""() => {{
    if (!({_AT_REST})) {{ window.__dgQuietSince = undefined; return false; }}
    const now = performance.now();
    if (window.__dgQuietSince === undefined) window.__dgQuietSince = now;
    return now - window.__dgQuietSince >= {{quiet_ms}};
}}"""


def idle(page, timeout: float = 120_000, quiet_ms: int = 750) -> None:
    """Wait until the app has finished the run the last action started and the runs it
    set off (a map reporting back), and has stayed at rest for ``quiet_ms`` (a run that
    has not begun within two seconds counts as done)."""
    from playwright.sync_api import Error

    with suppress(Error):
        page.wait_for_function(f"{_STATE} === 'running'", timeout=2_000)
    page.evaluate("window.__dgQuietSince = undefined")
    page.wait_for_function(
        _QUIET.replace("{quiet_ms}", str(quiet_ms)), timeout=timeout, polling=100
    )


def open_page(page, title: str) -> None:
    """Open a page from the sidebar's navigation and wait for it to be drawn."""
    page.get_by_test_id("stSidebarNav").get_by_text(title, exact=True).click()
    idle(page)


def figure(name: str, seconds: float) -> None:
    """One measured figure of a walk (time from a click to its visible result)."""
    print(f"FIGURE e2e {name}: {seconds:.2f} s")
