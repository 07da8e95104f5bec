"""Faults: the process killed in the middle of commits, the same import twice, two tabs
editing one job. Promise: what was acknowledged is there after a restart, no plan is
half written, nothing is doubled, and a refused attempt is in the audit trail."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from store import schema as s
from store.board import ConflictError, clock, step_job
from store.db import make_engine, transaction
from store.intake import StoreLocator, import_file

from .test_load import HEAD

ROOT = Path(__file__).resolve().parents[2]
OPEN = ["assigned", "en_route", "on_site"]

CHILD = textwrap.dedent(
    """
    import sys
    from datetime import timedelta
    from sqlalchemy import select
    from store import schema as s
    from store.board import clock, commit_routes
    from store.db import make_engine, transaction

    engine = make_engine(sys.argv[1])
    member = sys.argv[2]
    now = clock(engine).now()
    while True:
        with engine.connect() as conn:
            jobs = conn.execute(
                select(s.jobs.c.id, s.jobs.c.status, s.jobs.c.member_id, s.jobs.c.version)
                .join(s.requests, s.requests.c.job_id == s.jobs.c.id)
                .where(s.requests.c.order_no.like("KILL-%"))
                .order_by(s.jobs.c.id)
            ).all()
        mine = [j for j in jobs if j.member_id == member and j.status == "assigned"]
        free = [j for j in jobs if j.status == "new"][:3]
        if not free:
            print("DONE", flush=True)
            break
        route = [(j.id, now + timedelta(minutes=5 * n)) for n, j in enumerate(mine + free)]
        commit_routes(engine, {member: route}, {j.id: j.version for j in mine + free},
                      by="killed")
        print("ACK " + ",".join(j.id for j in free), flush=True)
    """
)


@pytest.fixture
def store(demo_db, demo_dir):
    engine = make_engine(demo_db)
    locator = StoreLocator.from_folder(engine, demo_dir)
    with engine.connect() as conn:
        accounts = conn.scalars(
            select(s.customers.c.account_no).order_by(s.customers.c.account_no).limit(300)
        ).all()
        busy = select(s.jobs.c.member_id).where(
            s.jobs.c.member_id.is_not(None), s.jobs.c.status.in_(OPEN)
        )
        member = conn.scalar(  # a member with no work yet: the route is all this test's
            select(s.members.c.id)
            .where(s.members.c.kind == "staff", s.members.c.id.not_in(busy))
            .order_by(s.members.c.id)
        )
    return engine, locator, accounts, member, demo_db


def orders(prefix: str, accounts, engine) -> str:
    """Meter requests, one per account, received five minutes ago (CST)."""
    stamp = (clock(engine).now() - timedelta(minutes=5) + timedelta(hours=8)).isoformat(
        timespec="seconds"
    )
    return HEAD + "".join(
        f"{prefix}-{k:03d},95598,{stamp}+08:00,meter,{a},,,fault test,,\n"
        for k, a in enumerate(accounts)
    )


def test_killed_in_the_middle_of_commits_loses_nothing_acknowledged(store, figure):
    engine, locator, accounts, member, url = store
    import_file(engine, orders("KILL", accounts, engine), "kill.csv", locator, by="test")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, url, member],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    acked: list[str] = []
    deadline = time.monotonic() + 120
    while len(acked) < 30 and time.monotonic() < deadline:
        line = child.stdout.readline()
        if not line or line.startswith("DONE"):
            break
        acked += line.split()[1].split(",")
    time.sleep(random.Random(7).uniform(0.0, 0.03))  # into the next commit (~20 ms each)
    child.send_signal(signal.SIGKILL)  # kill -9
    child.wait(timeout=30)
    acked += [
        x
        for line in child.stdout.read().splitlines()
        if line.startswith("ACK")
        for x in line.split()[1].split(",")
    ]
    child.stdout.close()

    restarted = make_engine(url)  # as after a restart: a new engine on the same file
    with restarted.connect() as conn:
        integrity = (
            conn.exec_driver_sql("PRAGMA integrity_check").scalar()
            if conn.dialect.name == "sqlite"
            else "ok"  # PostgreSQL: a killed client's open transaction is rolled back
        )
        current = (
            select(s.assignments.c.job_id, s.assignments.c.member_id, s.assignments.c.seq)
            .join(s.jobs, s.jobs.c.id == s.assignments.c.job_id)
            .where(
                s.assignments.c.active.is_(True),
                s.assignments.c.member_id == member,
                s.jobs.c.status.in_(OPEN),
            )
        )
        rows = conn.execute(current).all()
        held = {r.job_id: r.member_id for r in rows}
        seqs = sorted(r.seq for r in rows)
        doubled = conn.execute(
            select(s.assignments.c.job_id)
            .where(s.assignments.c.active.is_(True))
            .group_by(s.assignments.c.job_id)
            .having(func.count() > 1)
        ).all()
        statuses = dict(
            conn.execute(
                select(s.jobs.c.id, s.jobs.c.status).where(s.jobs.c.member_id == member)
            ).all()
        )
    lost = [j for j in acked if held.get(j) != member]
    half = seqs != list(range(len(seqs))) or any(
        statuses.get(j) not in {"assigned", "en_route", "on_site"} for j in held
    )
    figure(
        f"kill -9 after {len(acked)} acknowledged jobs: {len(lost)} lost, "
        f"route of {len(seqs)} stops {'gapless' if not half else 'HALF WRITTEN'}, "
        f"{len(doubled)} doubled, integrity_check {integrity}"
    )
    assert integrity == "ok"
    assert len(acked) >= 3
    assert lost == []
    assert not half
    assert doubled == []


def test_the_same_import_twice_adds_nothing(store, figure):
    engine, locator, accounts, _, _ = store
    content = orders("TWICE", accounts[:100], engine)
    first = import_file(engine, content, "twice.csv", locator, by="test")
    with engine.connect() as conn:
        jobs = conn.scalar(select(func.count()).select_from(s.jobs))
    second = import_file(engine, content, "twice.csv", locator, by="test")
    with engine.connect() as conn:
        again = conn.scalar(select(func.count()).select_from(s.jobs))
    figure(
        f"replayed import: first {first.new} new, second {second.new} new, "
        f"{second.present} already present, jobs {jobs} → {again}"
    )
    assert first.new == 100
    assert second.new == 0
    assert again == jobs


def test_two_tabs_editing_one_job(store, figure):
    engine, *_ = store
    with engine.connect() as conn:
        job = conn.execute(
            select(s.jobs.c.id, s.jobs.c.version, s.jobs.c.member_id)
            .where(s.jobs.c.status == "assigned")
            .order_by(s.jobs.c.id)
        ).first()
    seen = job.version  # both tabs opened the job at this version
    step_job(engine, job.id, "en_route", by="tab-one", version=seen)
    with pytest.raises(ConflictError, match="changed since your view"):
        step_job(engine, job.id, "failed", by="tab-two", version=seen, reason="no access")
    with engine.connect() as conn:
        trail = conn.execute(
            select(s.audit.c.user, s.audit.c.action)
            .where(s.audit.c.entity_id == job.id)
            .order_by(s.audit.c.id)
        ).all()
        status = conn.scalar(select(s.jobs.c.status).where(s.jobs.c.id == job.id))
    figure(
        f"two tabs on {job.id}: first step kept ({status}), second refused; "
        f"audit {[tuple(r) for r in trail[-2:]]}"
    )
    assert status == "en_route"
    assert ("tab-one", "job_en_route") in [tuple(r) for r in trail]
    assert ("tab-two", "step refused") in [tuple(r) for r in trail]


@pytest.mark.sqlite_only
def test_a_writer_queued_past_the_busy_timeout_still_gets_through(store, figure):
    """One session holds the write lock for 11 s (past SQLite's 10 s busy timeout);
    another session's write waits and succeeds instead of failing "database is locked"."""
    engine, *_ = store
    other = make_engine(str(engine.url))
    held = threading.Event()

    def hold() -> None:
        with transaction(other) as conn:
            conn.execute(s.meta.insert().values(key="holder", value="x"))
            held.set()
            time.sleep(11)

    thread = threading.Thread(target=hold)
    thread.start()
    held.wait(10)
    started = time.perf_counter()
    with transaction(engine) as conn:
        conn.execute(s.meta.insert().values(key="waiter", value="y"))
    waited = time.perf_counter() - started
    thread.join()
    with engine.connect() as conn:
        keys = set(conn.scalars(select(s.meta.c.key)).all())
    figure(f"a writer queued {waited:.1f} s behind an 11 s write lock: committed, no error")
    assert {"holder", "waiter"} <= keys
    assert waited > 9
