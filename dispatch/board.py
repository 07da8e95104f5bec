"""What the dispatch board sees: each open job and each active member as the store holds
them at one moment. One read serves the plan (`dispatch.live`), the board's table and
map, the task sheets, the situation report and the replay; tables are made from these
only where they are shown."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Final

from dispatch.domain import CREW_SIZES, JobStatus


@dataclass(frozen=True, slots=True)
class BoardJob:
    """An open job: what it is, where, by when, who holds it, and what its calls say."""

    id: str
    type: str
    priority: int
    lon: float
    lat: float
    grid_id: str
    station_id: str
    community_id: str
    created_at: datetime  # naive UTC, as every time here
    deadline: datetime
    status: str
    member_id: str | None = None
    seq: int | None = None  # its place in the member's committed route
    version: int = 0
    calls: int = 1
    district_id: str = ""
    pinned: bool = False  # priority set by the coordinator
    area_class: str = ""  # urban, rural or remote: the district's (its norm deadline)
    eta: datetime | None = None  # the committed route's arrival
    on_site_at: datetime | None = None  # when its crew said they arrived (on site)
    member_name: str = ""
    district_name: str = ""
    channels: tuple[str, ...] = ()  # of its calls (`Channel` values), each once, sorted
    place: str = ""  # the first caller's address, else the district's name
    description: str = ""  # the first caller's, phone and ID numbers masked
    customer: str = ""  # the first caller's name
    contact: str = ""  # the first caller's phone, masked
    flag: str = ""  # for the dispatcher's attention (an urgent job placed by itself)
    mates: tuple[str, ...] = ()  # the rest of its crew, when a crew of two holds it


@dataclass(frozen=True, slots=True)
class BoardMember:
    id: str
    name: str
    kind: str  # staff or community
    specialty: str | None
    skills: frozenset[str]
    grid_id: str
    station_id: str
    community_id: str | None
    status: str
    lon: float
    lat: float


@dataclass(frozen=True)
class Snapshot:
    """What the board sees at one moment (from the store)."""

    now: datetime
    jobs: tuple[BoardJob, ...]
    members: tuple[BoardMember, ...]
    #: the dispatcher's crews for this shift (lead → mate); None: the default pairing
    saved_crews: Mapping[str, str] | None = None
    #: people each job type needs at once, where more than one (`dispatch.crews`)
    crew_sizes: Mapping[str, int] = field(default_factory=lambda: dict(CREW_SIZES))

    def job(self, job_id: str) -> BoardJob:
        return next(j for j in self.jobs if j.id == job_id)


#: A committed route's order: work under way first, then the committed sequence.
ROUTE_RANK: Final[Mapping[str, int]] = {
    JobStatus.ON_SITE: 0,
    JobStatus.EN_ROUTE: 1,
    JobStatus.ASSIGNED: 2,
}


def shared_in_order(jobs: Iterable[BoardJob]) -> dict[str, list[BoardJob]]:
    """`held_in_order` for each person: a crew's route is also each mate's (task sheets,
    the field's task list)."""
    routes = held_in_order(jobs)
    for route in list(routes.values()):
        for job in route:
            for mate in job.mates:
                routes.setdefault(mate, []).append(job)
    return routes


def held_in_order(jobs: Iterable[BoardJob]) -> dict[str, list[BoardJob]]:
    """The jobs members hold, by member, each in its committed route's order:
    work under way first, then the committed sequence."""
    routes: dict[str, list[BoardJob]] = {}
    for job in jobs:
        if job.member_id and job.status in ROUTE_RANK:
            routes.setdefault(job.member_id, []).append(job)
    return {m: sorted(held, key=_route_key) for m, held in routes.items()}


def _route_key(job: BoardJob) -> tuple[int, int, datetime]:
    return ROUTE_RANK[job.status], 9999 if job.seq is None else job.seq, job.created_at


def by_deadline(jobs: Iterable[BoardJob]) -> list[BoardJob]:
    """The jobs in the order the board lists them: the soonest deadline first."""
    return sorted(jobs, key=lambda j: (j.deadline, j.id))
