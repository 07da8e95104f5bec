"""The dispatch board's problem: today's open jobs and on-duty members as a dispatch
problem (a proposal's review and a dispatcher's moves are `dispatch.review`).

Who may serve what: a job needs its type's skill, and — unless the walls between
grids are down — a member of its own grid or station (the scope, as a skill
token ``@G11`` / ``@CC`` that members carry for their grid and station). Work
already started (en route, on site) stays at the head of its member's route;
accepted assignments start where they are and move only when it pays.

Assigned work stays with its crew unless the dispatcher allows that kind of move
(`MOVES`: by default other assigned work may move when it pays, priority-1 work
and work under way may not): a kept job carries a token only its member has
(``#M016``), so the search can serve it on that route or not at all.

Time zero of the problem is "now"; a job's window closes at its norm deadline,
unless no qualified member can make that deadline any more — then it is served
as soon as possible and marked late, rather than left out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Final

import numpy as np
from numpy.typing import NDArray

from dispatch.board import BoardJob, BoardMember, Snapshot, held_in_order
from dispatch.clock import local
from dispatch.crews import crew_size, shift_crews
from dispatch.domain import (
    COMMUNITY_SKILLS,
    JOB_TYPES,
    OPEN_STATUSES,
    SKILL_LABELS,
    STARTED,
    JobStatus,
    MemberStatus,
    Priority,
)
from dispatch.errors import DualGridError
from dispatch.model import Job, Member, Problem
from dispatch.plan import Reason, ReasonCode, straight_line_seconds
from dispatch.travel import TravelTimes
from i18n import N_, Words, _

SCOPES: Final = Words(
    {
        "grid": N_("own grid only"),
        "station": N_("own station (grids of one station help each other)"),
        "county": N_("whole county (walls down)"),
    }
)
#: The kinds of assigned work a re-plan may move to another member (or take off).
MOVES: Final = Words(
    {
        "assigned": N_("other assigned work, when it pays"),
        "urgent": N_("assigned priority-1 work"),
        "started": N_("work under way (en route or on site): recalls the crew"),
    }
)
DEFAULT_MOVES: Final = frozenset({"assigned"})
DAY_END_LOCAL_H: Final = 18  # a day shift ends at 18:00 local
ON_CALL_H: Final = 8  # repair crews on call: the next eight hours
MIN_SHIFT_H: Final = 1


@dataclass(frozen=True)
class BoardProblem:
    """The problem, its travel times and what a commit made from it must check (read-only:
    a re-plan builds a new one)."""

    problem: Problem
    travel: NDArray[np.float64]
    start: datetime
    versions: dict[str, int]
    current: dict[str, list[str]]  # member → committed route
    late: set[str] = field(default_factory=set)
    members: dict[str, BoardMember] = field(default_factory=dict)
    jobs: dict[str, BoardJob] = field(default_factory=dict)
    held: dict[str, Reason] = field(default_factory=dict)  # jobs left out of the search, why
    kept: set[str] = field(default_factory=set)  # assigned jobs that must stay with their member
    moves: frozenset[str] = DEFAULT_MOVES
    crews: Mapping[str, str] = field(default_factory=dict)  # lead → mate, routed as one
    mates: Mapping[str, BoardMember] = field(default_factory=dict)  # by id

    def name(self, member_id: str) -> str:
        """A route's people by name: "李德辉 + 王芳" for a crew."""
        names = [self.members[member_id].name]
        if member_id in self.crews:
            names.append(self.mates[self.crews[member_id]].name)
        return " + ".join(names)


@dataclass(frozen=True)
class Adjust:
    """What an emergency changes in the ordinary board problem (`dispatch.surge`)."""

    places: Mapping[str, tuple[float, float]] = field(default_factory=dict)  # job → work from
    held: Mapping[str, Reason] = field(default_factory=dict)  # job → why it must wait
    penalties: Mapping[str, int] = field(default_factory=dict)  # job → cost of leaving it
    starts: Mapping[str, tuple[float, float, int]] = field(default_factory=dict)  # staging
    shift_s: int | None = None  # one shift length for everyone


def _shift_seconds(member: BoardMember, now: datetime) -> int:
    if member.specialty == "repair":
        return ON_CALL_H * 3600
    here = local(now)
    end = here.replace(hour=DAY_END_LOCAL_H, minute=0, second=0, microsecond=0)
    return int(max((end - here).total_seconds(), MIN_SHIFT_H * 3600))


def _member_skills(member: BoardMember) -> frozenset[str]:
    base = member.skills if member.kind == "staff" else member.skills | COMMUNITY_SKILLS
    return base | {f"@{member.grid_id}", f"@{member.station_id}", keep_token(member.id)}


def keep_token(member_id: str) -> str:
    """The skill only this member has: a job needing it stays on their route."""
    return f"#{member_id}"


def may_move(job: BoardJob, moves: frozenset[str]) -> bool:
    """Whether a re-plan may take this assigned job from its member."""
    if job.status in {JobStatus.EN_ROUTE, JobStatus.ON_SITE}:
        return "started" in moves
    if job.priority == Priority.URGENT:
        return "urgent" in moves
    return "assigned" in moves


def _scope_token(job: BoardJob, scope: str) -> set[str]:
    if scope == "grid":
        return {f"@{job.grid_id}"}
    if scope == "station":
        return {f"@{job.station_id}"}
    return set()


def committed_routes(snapshot: Snapshot) -> dict[str, list[str]]:
    """Each member's committed route (job ids): started work first, then by committed order."""
    return {m: [j.id for j in jobs] for m, jobs in held_in_order(snapshot.jobs).items()}


def pool(snapshot: Snapshot) -> list[BoardMember]:
    """Members who can be routed now: staff on duty; community members only where
    their community has open work they can do (record verification)."""
    wanted = {
        j.community_id
        for j in snapshot.jobs
        if j.status == JobStatus.NEW and JOB_TYPES[j.type].skill in COMMUNITY_SKILLS
    }
    busy = {j.member_id for j in snapshot.jobs if j.member_id}
    return [
        m
        for m in snapshot.members
        if m.status != MemberStatus.OFF_DUTY
        and (m.kind == "staff" or m.community_id in wanted or m.id in busy)
    ]


def _service_s(job: BoardJob) -> int:
    seconds = JOB_TYPES[job.type].service_min * 60
    return seconds // 2 if job.status == JobStatus.ON_SITE else seconds  # about half is left


def _free_after_started(
    members: list[BoardMember],
    current: dict[str, list[str]],
    started: set[str],
    snapshot: Snapshot,
    where: dict[str, int],
    travel: NDArray[np.float64],
) -> dict[str, tuple[float, int]]:
    """When (seconds from now) and where (location index) each member is free of the work
    they have under way."""
    free = {}
    for k, m in enumerate(members):
        at_s, here = 0.0, k
        for j in current.get(m.id, []):
            if j in started:
                at_s += travel[here, where[j]] + _service_s(snapshot.job(j))
                here = where[j]
        free[m.id] = (at_s, here)
    return free


def build_problem(
    snapshot: Snapshot,
    *,
    scope: str = "station",
    network: TravelTimes | None = None,
    travel: NDArray[np.float64] | None = None,
    time_limit: float = 5.0,
    adjust: Adjust | None = None,
    moves: frozenset[str] = DEFAULT_MOVES,
) -> BoardProblem:
    """The open jobs and on-duty members as a `Problem` starting now (with an emergency's
    ``adjust``ments: where jobs are worked from, jobs held back, penalties, staging).
    Assigned work whose kind is not in ``moves`` stays with its member."""
    adjust = adjust or Adjust()
    if scope not in SCOPES:
        msg = f"unknown scope {scope!r}; one of {', '.join(SCOPES)}"
        raise DualGridError(msg)
    unknown = sorted(set(moves) - set(MOVES))
    if unknown:
        msg = f"unknown kind of move {unknown[0]!r}; one of {', '.join(MOVES)}"
        raise DualGridError(msg)
    now = snapshot.now
    everyone = pool(snapshot)
    present = {m.id for m in everyone}
    crews = {
        lead: mate
        for lead, mate in shift_crews(snapshot).pairs.items()
        if lead in present and mate in present
    }
    mates = {m.id: m for m in everyone if m.id in crews.values()}
    members = [m for m in everyone if m.id not in mates]  # a crew is routed as its lead
    by_id = {m.id: m for m in members}
    current = {m: r for m, r in committed_routes(snapshot).items() if m in by_id}
    open_jobs = [j for j in snapshot.jobs if j.status in OPEN_STATUSES and j.id not in adjust.held]
    locations = [adjust.starts.get(m.id, (m.lon, m.lat))[:2] for m in members] + [
        adjust.places.get(j.id, (j.lon, j.lat)) for j in open_jobs
    ]
    if travel is None:
        travel = (
            network.travel_times(locations, locations)
            if network is not None
            else straight_line_seconds(locations)
        )
    started = {
        j
        for route in current.values()
        for j in route
        if snapshot.job(j).status in STARTED and "started" not in moves
    }
    held = dict(adjust.held)
    where = {j.id: len(members) + k for k, j in enumerate(open_jobs)}
    for m, route in current.items():
        at = members.index(by_id[m])
        for j in route:
            if j in started and not np.isfinite(travel[at, where[j]]):
                # roads closed under an emergency: the crew cannot be routed to it
                started.discard(j)
                held[j] = Reason(ReasonCode.CUT_OFF, {"member": m})
    skills = {m.id: _member_skills(m) for m in members}
    for lead, mate in crews.items():  # a crew does what either of them does
        skills[lead] |= _member_skills(mates[mate])
    size = {m.id: 2 if m.id in crews else 1 for m in members}
    free = _free_after_started(members, current, started, snapshot, where, travel)
    jobs: list[Job] = []
    late: set[str] = set()
    kept: set[str] = set()
    for k, job in enumerate(open_jobs):
        if job.id in held:
            continue
        location = len(members) + k
        kind = JOB_TYPES[job.type]
        needs = frozenset({kind.skill} | (set() if job.id in started else _scope_token(job, scope)))
        service = _service_s(job)
        # work under way goes on with whoever is there; otherwise the type's crew
        people = 1 if job.id in started else crew_size(snapshot.crew_sizes, job.type)
        holder = job.member_id if job.member_id in by_id else None
        if holder is not None and not (needs <= skills[holder] and size[holder] >= people):
            holder = None
        if holder is not None and job.id not in started and not may_move(job, moves):
            needs |= {keep_token(holder)}
            kept.add(job.id)
        window = None
        if job.id not in started:
            due = int((job.deadline - now).total_seconds())
            qualified = [
                k2 for k2, m in enumerate(members) if needs <= skills[m.id] and size[m.id] >= people
            ]
            if job.id in kept:  # only its holder: after the work they have under way
                assert holder is not None  # a job is kept only by its holder
                at_s, here = free[holder]
                soonest = at_s + travel[here, location]
            else:
                soonest = min((travel[q, location] for q in qualified), default=np.inf)
            if np.isfinite(soonest) and due >= soonest:
                window = (0, due)
            else:
                late.add(job.id)
        jobs.append(
            Job(
                id=job.id,
                location=location,
                service_s=service,
                skills=needs,
                window=window,
                priority=job.priority,
                penalty=adjust.penalties.get(job.id),
                member=holder if job.id not in started else None,
                crew=people,
            )
        )
    problem_members = [
        Member(
            id=m.id,
            start=k,
            shift_s=(
                adjust.starts[m.id][2] if m.id in adjust.starts else 0,
                adjust.shift_s or _shift_seconds(m, now),  # a crew: its lead's shift
            ),
            skills=skills[m.id],
            crew=(m.id, crews[m.id]) if m.id in crews else (),
            fixed=tuple(j for j in current.get(m.id, []) if j in started and j not in held),
        )
        for k, m in enumerate(members)
    ]
    problem = Problem(
        locations=tuple(locations),
        members=tuple(problem_members),
        jobs=tuple(jobs),
        name=f"board {now:%Y-%m-%d %H:%M} UTC",
        time_limit=time_limit,
    )
    return BoardProblem(
        problem,
        np.asarray(travel, dtype=float),
        now,
        {j.id: j.version for j in open_jobs},
        current,
        late,
        by_id,
        {j.id: j for j in snapshot.jobs if j.status in OPEN_STATUSES},
        held,
        kept,
        frozenset(moves),
        crews,
        mates,
    )


def humanize(reason: Reason | str) -> str:
    """A reason in the board's words, in the user's language (scope tokens read as
    places): no member has the skills @S02, metering → "no on-duty member in S02 with
    metering"."""
    if isinstance(reason, str):  # a reason read as text (a plan made elsewhere)
        return _humanize_text(reason)
    if reason.code == ReasonCode.NO_SKILL:
        return _no_skill([str(t) for t in reason.figures["missing"]])
    if reason.code == ReasonCode.TEXT:
        return _humanize_text(reason.words())
    return reason.said()


def _no_skill(tokens: list[str]) -> str:
    places = "/".join(t[1:] for t in tokens if t.startswith("@"))
    skills = ", ".join(SKILL_LABELS.get(t, t) for t in tokens if not t.startswith("@"))
    if places and skills:
        return _("no on-duty member in {places} with {skills}").format(places=places, skills=skills)
    if places:
        return _("no on-duty member in {places}").format(places=places)
    if skills:
        return _("no on-duty member with {skills}").format(skills=skills)
    return _("no on-duty member")


def _humanize_text(reason: str) -> str:
    head = "no member has the skill(s) "
    if reason.startswith(head):
        return _no_skill(reason[len(head) :].split(", "))
    if reason.startswith("#"):
        return _("stays with {member}").format(member=reason[1:])
    return reason.replace("@", "").replace("#", _("kept with "))
