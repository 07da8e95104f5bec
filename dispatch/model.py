"""The dispatch problem and plan of ../shared/formats/dispatch.md as typed classes.

`Problem.from_json` checks every field and names the bad one (`ProblemError`);
classes check themselves on construction. Times are whole seconds from the
plan's start. Fields beyond the format (allowed: consumers ignore what they do
not know) are kept in ``extra`` and written back unchanged.

Additions of ours, all optional:
- ``members[].fixed``: job ids at the head of the member's route, in order, that a
  re-plan must not move (work already started or en route);
- ``jobs[].member``: the member the job is currently accepted for (a re-plan keeps
  it there unless moving it pays);
- ``options.solution_limit``: stop after this many solutions (a deterministic budget);
- ``options.seed``: the search's random seed;
- ``members[].crew``: the people a route is the crew of (two for work one does while the
  other guards it); absent, the member works alone;
- ``jobs[].crew``: how many people the job needs (default 1): it is routed only to a
  crew at least that big.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from dispatch.errors import ProblemError

DEFAULT_PENALTY = {1: 1_000_000, 2: 100_000, 3: 20_000, 4: 5_000}
DEFAULT_PRIORITY = 3


def _fail(where: str, what: str) -> ProblemError:
    return ProblemError(f"{where}: {what}")


def _int(value: Any, where: str, *, minimum: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _fail(where, f"must be a whole number, got {value!r}")
    if isinstance(value, float) and (not math.isfinite(value) or value != int(value)):
        raise _fail(where, f"must be a whole number, got {value!r}")
    if minimum is not None and value < minimum:
        raise _fail(where, f"must be at least {minimum}, got {value!r}")
    return int(value)


def _window(value: Any, where: str) -> tuple[int, int] | None:
    if value is None:
        return None
    if not isinstance(value, Sequence) or isinstance(value, str) or len(value) != 2:
        raise _fail(where, f"must be [earliest, latest], got {value!r}")
    lo, hi = _int(value[0], f"{where}[0]"), _int(value[1], f"{where}[1]")
    if lo > hi:
        raise _fail(where, f"ends before it starts ({lo} > {hi})")
    return lo, hi


def _skills(value: Any, where: str) -> frozenset[str]:
    if value is None:
        return frozenset()
    if not isinstance(value, list) or not all(isinstance(s, str) for s in value):
        raise _fail(where, f"must be a list of skill names, got {value!r}")
    return frozenset(value)


@dataclass(frozen=True, slots=True)
class Member:
    """Someone who can be routed: a start, an optional end, a shift, skills, limits."""

    id: str
    start: int
    shift_s: tuple[int, int]  # earliest departure, latest finish: seconds from the start
    end: int | None = None
    skills: frozenset[str] = frozenset()
    max_jobs: int | None = None
    capacity: int | None = None
    fixed: tuple[str, ...] = ()
    crew: tuple[str, ...] = ()  # the people of a crew routed as one; empty: one person
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def size(self) -> int:
        """How many people work this route."""
        return max(1, len(self.crew))

    def can_do(self, job: Job) -> bool:
        return job.skills <= self.skills and self.size >= job.crew


@dataclass(frozen=True, slots=True)
class Job:
    """Work at one place: service time, required skills, window, priority, penalty."""

    id: str
    location: int
    service_s: int = 0
    skills: frozenset[str] = frozenset()
    window: tuple[int, int] | None = None
    priority: int = DEFAULT_PRIORITY
    penalty: int | None = None
    demand: int = 0
    member: str | None = None  # currently accepted for (re-planning)
    crew: int = 1  # people it needs at once
    extra: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.priority not in DEFAULT_PENALTY:
            raise _fail(f"job {self.id!r}: priority", f"must be 1 to 4, got {self.priority}")
        if self.crew < 1:
            raise _fail(f"job {self.id!r}: crew", f"must be at least 1, got {self.crew}")

    @property
    def drop_cost(self) -> int:
        """What leaving the job unserved costs (its penalty, or its priority's default)."""
        return DEFAULT_PENALTY[self.priority] if self.penalty is None else self.penalty


@dataclass(frozen=True)
class Problem:
    """A dispatch problem; ``durations[i][j]`` is None where no road leads from i to j."""

    locations: tuple[tuple[float, float], ...]
    members: tuple[Member, ...]
    jobs: tuple[Job, ...]
    durations: tuple[tuple[int | None, ...], ...] | None = None
    name: str = ""
    time_limit: float = 10.0
    solution_limit: int | None = None
    seed: int = 0
    extra: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        n = len(self.locations)
        seen: set[str] = set()
        for m in self.members:
            if m.id in seen:
                raise _fail(f"members: {m.id!r}", "appears twice")
            seen.add(m.id)
            for name, loc in (("start", m.start), ("end", m.end)):
                if loc is not None and not 0 <= loc < n:
                    raise _fail(f"member {m.id!r}: {name}", f"unknown location index {loc}")
        jobs = {j.id for j in self.jobs}
        if len(jobs) != len(self.jobs):
            dup = next(j.id for j in self.jobs if sum(k.id == j.id for k in self.jobs) > 1)
            raise _fail(f"jobs: {dup!r}", "appears twice")
        for j in self.jobs:
            if not 0 <= j.location < n:
                raise _fail(f"job {j.id!r}: location", f"unknown location index {j.location}")
            if j.member is not None and j.member not in seen:
                raise _fail(f"job {j.id!r}: member", f"unknown member {j.member!r}")
        people: dict[str, str] = {}
        for m in self.members:
            for person in m.crew:
                if person in people:
                    raise _fail(
                        f"member {m.id!r}: crew", f"{person!r} is already in {people[person]!r}"
                    )
                people[person] = m.id
        for m in self.members:
            for job_id in m.fixed:
                if job_id not in jobs:
                    raise _fail(f"member {m.id!r}: fixed", f"unknown job {job_id!r}")
        if self.durations is not None and (
            len(self.durations) != n or any(len(row) != n for row in self.durations)
        ):
            raise _fail("durations", f"must be a {n}×{n} matrix (one row and column per location)")

    @cached_property
    def job(self) -> dict[str, Job]:
        return {j.id: j for j in self.jobs}

    @cached_property
    def member(self) -> dict[str, Member]:
        return {m.id: m for m in self.members}

    # ---- JSON ---------------------------------------------------------------------

    @classmethod
    def from_json(cls, data: Any) -> Problem:
        """Validate a parsed JSON object; the first bad field is named in the error."""
        if not isinstance(data, dict):
            raise _fail("problem", "must be a JSON object")
        locations = data.get("locations")
        if not isinstance(locations, list) or not locations:
            raise _fail("locations", "required: a non-empty list of [lon, lat]")
        locs = []
        for i, loc in enumerate(locations):
            if (
                not isinstance(loc, list)
                or len(loc) != 2
                or not all(
                    isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)
                    for v in loc
                )
            ):
                raise _fail(f"locations[{i}]", f"must be [lon, lat], got {loc!r}")
            locs.append((float(loc[0]), float(loc[1])))
        durations = data.get("durations")
        matrix = None
        if durations is not None:
            if not isinstance(durations, list):
                raise _fail("durations", "must be a matrix (list of rows) or absent")
            rows = []
            for i, row in enumerate(durations):
                if not isinstance(row, list):
                    raise _fail(f"durations[{i}]", "must be a list")
                rows.append(
                    tuple(
                        None if v is None else _int(v, f"durations[{i}][{k}]", minimum=0)
                        for k, v in enumerate(row)
                    )
                )
            matrix = tuple(rows)
        members = tuple(_member(m, k) for k, m in enumerate(_list(data, "members")))
        jobs = tuple(_job(j, k) for k, j in enumerate(_list(data, "jobs")))
        options = data.get("options") or {}
        if not isinstance(options, dict):
            raise _fail("options", "must be an object")
        limit = options.get("time_limit", 10)
        if isinstance(limit, bool) or not isinstance(limit, int | float) or limit <= 0:
            raise _fail("options.time_limit", f"must be a positive number, got {limit!r}")
        solutions = options.get("solution_limit")
        known = {"name", "locations", "durations", "members", "jobs", "options"}
        return cls(
            locations=tuple(locs),
            members=members,
            jobs=jobs,
            durations=matrix,
            name=str(data.get("name", "")),
            time_limit=float(limit),
            solution_limit=None
            if solutions is None
            else _int(solutions, "options.solution_limit", minimum=1),
            seed=_int(options.get("seed", 0), "options.seed"),
            extra={k: v for k, v in data.items() if k not in known},
        )

    @classmethod
    def load(cls, path: str | Path) -> Problem:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise _fail(str(path), f"cannot read ({exc})") from exc
        except json.JSONDecodeError as exc:
            raise _fail(str(path), f"not valid JSON (line {exc.lineno}: {exc.msg})") from exc
        return cls.from_json(data)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": self.name,
            "locations": [list(loc) for loc in self.locations],
        }
        if self.durations is not None:
            out["durations"] = [list(row) for row in self.durations]
        out["members"] = [_member_json(m) for m in self.members]
        out["jobs"] = [_job_json(j) for j in self.jobs]
        options: dict[str, Any] = {"time_limit": self.time_limit}
        if self.solution_limit is not None:
            options["solution_limit"] = self.solution_limit
        if self.seed:
            options["seed"] = self.seed
        out["options"] = options
        out.update(self.extra)
        return out


def _list(data: dict[str, Any], key: str) -> list[Any]:
    value = data.get(key)
    if not isinstance(value, list):
        raise _fail(key, "required: a list")
    return value


def _member(m: Any, k: int) -> Member:
    where = f"members[{k}]"
    if not isinstance(m, dict):
        raise _fail(where, "must be an object")
    if not isinstance(m.get("id"), str) or not m["id"]:
        raise _fail(f"{where}.id", "required: a non-empty string")
    where = f"member {m['id']!r}"
    if "start" not in m:
        raise _fail(f"{where}: start", "required: a location index")
    shift = _window(m.get("shift"), f"{where}: shift")
    if shift is None:
        raise _fail(f"{where}: shift", "required: [earliest departure, latest finish]")
    fixed = m.get("fixed") or []
    if not isinstance(fixed, list) or not all(isinstance(f, str) for f in fixed):
        raise _fail(f"{where}: fixed", "must be a list of job ids")
    crew = m.get("crew") or []
    if not isinstance(crew, list) or not all(isinstance(c, str) and c for c in crew):
        raise _fail(f"{where}: crew", "must be a list of the crew's member ids")
    if len(set(crew)) != len(crew):
        raise _fail(f"{where}: crew", "names someone twice")
    known = {"id", "start", "end", "shift", "skills", "max_jobs", "capacity", "fixed", "crew"}
    return Member(
        id=m["id"],
        start=_int(m["start"], f"{where}: start", minimum=0),
        end=None if m.get("end") is None else _int(m["end"], f"{where}: end", minimum=0),
        shift_s=shift,
        skills=_skills(m.get("skills"), f"{where}: skills"),
        max_jobs=None
        if m.get("max_jobs") is None
        else _int(m["max_jobs"], f"{where}: max_jobs", minimum=0),
        capacity=None
        if m.get("capacity") is None
        else _int(m["capacity"], f"{where}: capacity", minimum=0),
        fixed=tuple(fixed),
        crew=tuple(crew),
        extra={k: v for k, v in m.items() if k not in known},
    )


def _job(j: Any, k: int) -> Job:
    where = f"jobs[{k}]"
    if not isinstance(j, dict):
        raise _fail(where, "must be an object")
    if not isinstance(j.get("id"), str) or not j["id"]:
        raise _fail(f"{where}.id", "required: a non-empty string")
    where = f"job {j['id']!r}"
    if "location" not in j:
        raise _fail(f"{where}: location", "required: a location index")
    priority = _int(j.get("priority", DEFAULT_PRIORITY), f"{where}: priority")
    if priority not in DEFAULT_PENALTY:
        raise _fail(f"{where}: priority", f"must be 1 (most urgent) to 4, got {priority}")
    member = j.get("member")
    if member is not None and not isinstance(member, str):
        raise _fail(f"{where}: member", "must be a member id")
    known = {
        "id",
        "location",
        "service",
        "skills",
        "window",
        "priority",
        "penalty",
        "demand",
        "member",
        "crew",
    }
    return Job(
        id=j["id"],
        location=_int(j["location"], f"{where}: location", minimum=0),
        service_s=_int(j.get("service", 0), f"{where}: service", minimum=0),
        skills=_skills(j.get("skills"), f"{where}: skills"),
        window=_window(j.get("window"), f"{where}: window"),
        priority=priority,
        penalty=None
        if j.get("penalty") is None
        else _int(j["penalty"], f"{where}: penalty", minimum=0),
        demand=_int(j.get("demand", 0), f"{where}: demand", minimum=0),
        member=member,
        crew=_int(j.get("crew", 1), f"{where}: crew", minimum=1),
        extra={k: v for k, v in j.items() if k not in known},
    )


def _member_json(m: Member) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": m.id,
        "start": m.start,
        "end": m.end,
        "shift": list(m.shift_s),
        "skills": sorted(m.skills),
        "max_jobs": m.max_jobs,
        "capacity": m.capacity,
    }
    if m.fixed:
        out["fixed"] = list(m.fixed)
    if m.crew:
        out["crew"] = list(m.crew)
    out.update(m.extra)
    return out


def _job_json(j: Job) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": j.id,
        "location": j.location,
        "service": j.service_s,
        "skills": sorted(j.skills),
        "window": None if j.window is None else list(j.window),
        "priority": j.priority,
        "penalty": j.penalty,
        "demand": j.demand,
    }
    if j.member is not None:
        out["member"] = j.member
    if j.crew > 1:
        out["crew"] = j.crew
    out.update(j.extra)
    return out
