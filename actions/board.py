"""The dispatcher's actions on the board: take requests (urgent work placed at once),
plan the open jobs, commit a plan, step a job."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Engine

from actions.urgent import place_urgent
from dispatch.intake import Record
from dispatch.live import BoardProblem, build_problem
from dispatch.plan import Plan
from dispatch.solver import SolveParams, solve
from dispatch.travel import TravelTimes
from store.board import CommitResult, commit_routes, step_job
from store.errors import StoreError
from store.intake import ImportResult, StoreLocator, import_file, import_records
from store.snapshot import snapshot


@dataclass(frozen=True)
class Taken:
    """Requests taken in, and where each new urgent job was placed (its flag, or None
    when no member can take it now: the next plan will)."""

    result: ImportResult
    placed: dict[str, str | None] = field(default_factory=dict)


def _place(engine: Engine, result: ImportResult, network: TravelTimes | None) -> Taken:
    """Each new urgent job into the committed plan at once, as the store's clock stands.
    The requests are in whatever happens here: a job whose placing is refused (a route
    changed by someone else meanwhile) waits for the next plan, like one that fits
    nowhere."""
    placed: dict[str, str | None] = {}
    for job_id in result.urgent:
        try:
            placed[job_id] = place_urgent(engine, job_id, network=network, by="auto")
        except StoreError:
            placed[job_id] = None
    return Taken(result, placed)


def place_new_urgent(engine: Engine, result: ImportResult, network: TravelTimes | None) -> Taken:
    """`_place` for requests taken in another way (a member's report from the field)."""
    return _place(engine, result, network)


def take_requests(
    engine: Engine,
    records: Sequence[Record],
    *,
    by: str,
    network: TravelTimes | None = None,
    now: datetime | None = None,
) -> Taken:
    """Take validated requests in (all or nothing) and place their new urgent jobs."""
    return _place(engine, import_records(engine, records, by=by, now=now), network)


def take_file(
    engine: Engine,
    content: bytes,
    name: str,
    locator: StoreLocator,
    *,
    by: str,
    network: TravelTimes | None = None,
    now: datetime | None = None,
) -> Taken:
    """Take a work-order file in (all or nothing) and place its new urgent jobs."""
    return _place(engine, import_file(engine, content, name, locator, by=by, now=now), network)


def plan(
    engine: Engine,
    *,
    scope: str,
    seconds: float,
    moves: frozenset[str],
    now: datetime,
    network: TravelTimes | None = None,
    on_travel: Callable[[int], None] | None = None,
    on_progress: Callable[[int, float], None] | None = None,
) -> tuple[BoardProblem, Plan]:
    """Route the open jobs on the members who can take them: the board's problem (what a
    commit made from it must check) and the plan found in ``seconds``. ``on_travel``
    hears the job count before the travel times, ``on_progress`` the search."""
    snap = snapshot(engine, now)
    if on_travel is not None:
        on_travel(len(snap.jobs))
    board = build_problem(snap, scope=scope, network=network, time_limit=seconds, moves=moves)
    found = solve(
        board.problem, SolveParams(time_limit=seconds), travel=board.travel, on_progress=on_progress
    )
    return board, found


def commit(
    engine: Engine,
    board: BoardProblem,
    plan: Plan,
    *,
    members: Collection[str],
    by: str,
) -> CommitResult:
    """Make the plan's routes of these members the committed plan, refused whole if any
    job changed since the board was read (`store.errors.ConflictError`). A crew's route
    is assigned to both of its people."""
    routes = plan.arrivals(board.start, members)
    return commit_routes(engine, routes, board.versions, by=by, crews=board.crews)


def step(
    engine: Engine,
    job_id: str,
    status: str,
    *,
    by: str,
    version: int | None = None,
    reason: str | None = None,
    now: datetime | None = None,
) -> None:
    """Move a job one step (en route, on site, done, could not finish with a reason), on
    the version the screen showed."""
    step_job(engine, job_id, status, by=by, version=version, reason=reason, now=now)
