"""Load: 20 dispatcher sessions at once create, claim and commit 1,000 jobs on one
store. Promise: no job lost, none assigned twice, no "database is locked" reaching a
user (a refused commit is a conflict the dispatcher re-plans, counted separately)."""

from __future__ import annotations

import random
import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from store import schema as s
from store.board import ConflictError, clock, commit_routes
from store.db import make_engine
from store.intake import StoreLocator, import_file

SESSIONS, PER_SESSION, BATCH = 20, 50, 5
HEAD = "order_no,channel,received_at,type,account_no,lon,lat,description,reporter,phone\n"


@pytest.fixture
def world(demo_db, demo_dir):
    engine = make_engine(demo_db)
    with engine.connect() as conn:
        accounts = conn.scalars(
            select(s.customers.c.account_no)
            .order_by(s.customers.c.account_no)
            .limit(SESSIONS * PER_SESSION)
        ).all()
        staff = conn.scalars(
            select(s.members.c.id)
            .where(s.members.c.kind == "staff")
            .order_by(s.members.c.id)
            .limit(SESSIONS)
        ).all()
    return engine, StoreLocator.from_folder(engine, demo_dir), accounts, staff


def work_orders(session: int, accounts, now) -> str:
    when = (now - timedelta(minutes=5) + timedelta(hours=8)).isoformat(timespec="seconds")
    rows = [
        f"LOAD-{session:02d}-{k:03d},95598,{when}+08:00,meter,"
        f"{accounts[session * PER_SESSION + k]},,,load test,,"
        for k in range(PER_SESSION)
    ]
    return HEAD + "\n".join(rows) + "\n"


def open_load_jobs(engine):
    with engine.connect() as conn:
        return conn.execute(
            select(s.jobs.c.id, s.jobs.c.status, s.jobs.c.member_id, s.jobs.c.version)
            .join(s.requests, s.requests.c.job_id == s.jobs.c.id)
            .where(s.requests.c.order_no.like("LOAD-%"))
        ).all()


def test_twenty_sessions_create_claim_and_commit_a_thousand_jobs(world, figure):
    engine, locator, accounts, staff = world
    now = clock(engine).now()
    errors: list[str] = []
    conflicts = [0]
    commits = [0]
    start = threading.Barrier(SESSIONS)

    def session(k: int) -> None:
        rng = random.Random(k)
        member = staff[k]
        try:
            start.wait()
            import_file(
                engine, work_orders(k, accounts, now), f"load-{k}.csv", locator, by=f"dispatcher{k}"
            )
            while True:
                jobs = open_load_jobs(engine)
                mine = [j for j in jobs if j.member_id == member and j.status == "assigned"]
                free = [j for j in jobs if j.status == "new"]
                if not free:
                    return
                pick = rng.sample(free, min(BATCH, len(free)))
                route = [
                    (j.id, now + timedelta(minutes=10 * n)) for n, j in enumerate([*mine, *pick])
                ]
                versions = {j.id: j.version for j in [*mine, *pick]}
                try:
                    commit_routes(engine, {member: route}, versions, by=f"dispatcher{k}")
                    commits[0] += 1
                except ConflictError:
                    conflicts[0] += 1
                    time.sleep(rng.random() * 0.05)
        except Exception as exc:
            errors.append(f"{type(exc).__name__}: {exc}")

    started = time.perf_counter()
    threads = [threading.Thread(target=session, args=(k,)) for k in range(SESSIONS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=600)
    took = time.perf_counter() - started

    jobs = open_load_jobs(engine)
    with engine.connect() as conn:
        doubled = conn.execute(
            select(s.assignments.c.job_id)
            .where(s.assignments.c.active.is_(True))
            .group_by(s.assignments.c.job_id)
            .having(func.count() > 1)
        ).all()
    locked = [e for e in errors if "locked" in e]
    figure(
        f"load: {SESSIONS} sessions, {len(jobs)} jobs created of {SESSIONS * PER_SESSION}, "
        f"{sum(j.status == 'assigned' for j in jobs)} committed in {commits[0]} commits, "
        f"{conflicts[0]} conflicts re-planned, {len(doubled)} assigned twice, "
        f"{len(locked)} 'database is locked', {len(errors)} other errors, {took:.1f} s"
    )
    assert errors == []
    assert len(jobs) == SESSIONS * PER_SESSION  # none lost
    assert all(j.status == "assigned" for j in jobs)
    assert doubled == []
