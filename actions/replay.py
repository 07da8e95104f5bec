"""The demo day: the same weekday's requests of a week before, played into the store
from the clock's "now" at a chosen speed, through the ordinary intake (so outage
calls join, urgent jobs are placed at once), while crews on committed routes set
off, arrive and finish as their ETAs pass — so the board can be seen alive.

Idempotent: a step imports only what is due and not yet in (orders are unique
per channel), so several open boards and the command can run it side by side.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine

from actions.urgent import place_urgent
from dispatch.board import held_in_order
from dispatch.clock import local, local_iso
from dispatch.domain import JOB_TYPES, JobStatus
from dispatch.intake import validate
from dispatch.travel import TravelTimes
from store import notes, past
from store.board import clock, set_clock, step_job
from store.db import data_folder, make_engine
from store.errors import StoreError
from store.intake import ImportResult, StoreLocator, import_records
from store.snapshot import snapshot

REPLAY_KEY = "replay"
SHIFT = timedelta(days=7)  # the day replayed: the same weekday a week before
LENGTH = timedelta(hours=12)
PREFIX = "RPL-"
SET_OFF = timedelta(minutes=15)  # a crew sets off this long before its ETA


def replay_state(engine: Engine) -> dict[str, Any] | None:
    text = notes.note(engine, REPLAY_KEY)
    return json.loads(text) if text else None


def start_replay(engine: Engine, speed: float) -> dict[str, Any]:
    """Start (or re-speed) the demo day from the clock's now."""
    if not 1 <= speed <= 3600:
        msg = f"speed must be between 1 and 3600 simulated seconds per second, got {speed}"
        raise StoreError(msg)
    current = clock(engine)
    state = replay_state(engine)
    if state is None:
        start = current.now()
        state = {"start": start.isoformat(), "end": (start + LENGTH).isoformat()}
    state["speed"] = speed
    set_clock(engine, current.rerun_at(speed))
    notes.set_note(engine, REPLAY_KEY, json.dumps(state))
    return state


def stop_replay(engine: Engine) -> None:
    """Back to real speed; the clock keeps its time."""
    set_clock(engine, clock(engine).rerun_at(1.0))
    notes.drop_note(engine, REPLAY_KEY)


def due_rows(engine: Engine, state: dict[str, Any], now: datetime) -> list[dict[str, Any]]:
    """The week-before requests whose replayed time has come, as work-order rows."""
    start = datetime.fromisoformat(state["start"])
    until = min(now, datetime.fromisoformat(state["end"]))
    rows = past.requests_between(engine, start - SHIFT, until - SHIFT, not_prefixed=PREFIX)
    out = []
    for k, r in enumerate(rows, start=1):
        when = r.received_at + SHIFT
        out.append(
            {
                "_row": k,
                "order_no": f"{PREFIX}{r.order_no}",
                "channel": r.channel,
                "received_at": local_iso(when),
                "type": r.type,
                "account_no": r.account_no,
                "lon": None if r.account_no else r.lon,
                "lat": None if r.account_no else r.lat,
                "description": r.description,
                "reporter": r.reporter,
                "phone": r.contact_phone,
            }
        )
    return out


def advance_crews(engine: Engine, now: datetime) -> int:
    """Crews work their committed routes: the head job of each route sets off before its
    ETA, is reached at its ETA and finished after its service time."""
    jobs = [j for j in snapshot(engine, now).jobs if j.eta is not None]
    steps = 0
    for member, route in sorted(held_in_order(jobs).items()):  # members in id order
        head, eta = route[0], route[0].eta
        if eta is None:  # not held: the jobs were read with an ETA
            continue
        service = timedelta(minutes=JOB_TYPES[head.type].service_min)
        nxt = None
        if head.status == JobStatus.ASSIGNED and now >= eta - SET_OFF:
            nxt = JobStatus.EN_ROUTE
        elif head.status == JobStatus.EN_ROUTE and now >= eta:
            nxt = JobStatus.ON_SITE
        elif head.status == JobStatus.ON_SITE and now >= eta + service:
            nxt = JobStatus.DONE
        if nxt is not None:
            step_job(engine, head.id, str(nxt), by=member, now=now)
            steps += 1
    return steps


def replay_step(
    engine: Engine, locator: StoreLocator, network: TravelTimes | None = None
) -> tuple[ImportResult, int] | None:
    """Import what is due, place new urgent jobs, move the crews; None when no replay runs."""
    state = replay_state(engine)
    if state is None:
        return None
    now = clock(engine).now()
    rows = due_rows(engine, state, now)
    result = ImportResult()
    if rows:
        records = validate(rows, locator, now=now + timedelta(minutes=1), source="demo day")
        result = import_records(engine, records, by="replay", now=now)
        for job_id in result.urgent:
            place_urgent(engine, job_id, network=network, by="auto", now=now)
    moved = advance_crews(engine, now)
    if now >= datetime.fromisoformat(state["end"]):
        stop_replay(engine)
    return result, moved


def run_replay(
    url: str | None, *, speed: float, until_done: bool = True, log: Callable[[str], None] = print
) -> int:
    """The command: play the demo day until its end (Ctrl-C stops, keeping what is in)."""
    from geo.network import RoadNetwork

    engine = make_engine(url)
    folder = data_folder()
    locator = StoreLocator.from_folder(engine, folder)
    graph = folder / "roads.graphml"
    network = RoadNetwork.from_graphml(graph) if graph.exists() else None
    state = start_replay(engine, speed)
    log(f"demo day from {state['start']} UTC at ×{speed:g}; Ctrl-C stops")
    try:
        while True:
            step = replay_step(engine, locator, network)
            if step is None:
                break
            result, moved = step
            now = local(clock(engine).now())
            if result.new or moved:
                log(
                    f"{now:%H:%M} {result.new} new requests, {len(result.jobs)} new jobs, "
                    f"{moved} crew steps"
                )
            if not until_done:
                break
            time.sleep(2.0)
    except KeyboardInterrupt:
        stop_replay(engine)
        log("stopped")
    return 0
