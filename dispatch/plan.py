"""Plans (the solver's answer) and the travel times a problem implies."""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from dispatch.errors import ProblemError
from dispatch.model import Problem
from dispatch.travel import TravelTimes
from i18n import N_, _

#: Without a matrix or a road network, travel is the great-circle distance at this
#: speed (it stands for the real, winding road at a county's usual pace).
STRAIGHT_LINE_SPEED_KPH = 25.0
_EARTH_M = 6_371_008.8


@dataclass(frozen=True, slots=True)
class Stop:
    job: str
    arrival: int
    start: int


@dataclass(frozen=True, slots=True)
class Route:
    member: str
    stops: tuple[Stop, ...]

    @property
    def jobs(self) -> list[str]:
        return [s.job for s in self.stops]


class ReasonCode(StrEnum):
    """Why a job is left out, as a code; its figures say by how much."""

    NO_SKILL = "no_skill"  # missing: the skills (and scope tokens) nobody has
    NO_CREW = "no_crew"  # crew: people the job needs at once, and no route has as many
    NO_ROAD = "no_road"
    WINDOW_CLOSED = "window_closed"  # closes_s, soonest_s: seconds from the plan's start
    NO_SHIFT = "no_shift"  # it does not fit in any qualified member's shift, even alone
    CAPACITY = "capacity"  # demand
    COSTLY = "costly"  # added_travel_s, penalty
    BUSY_URGENT = "busy_urgent"  # priorities: what the qualified members are busy with
    SHIFT_FULL = "shift_full"
    NEW_SINCE_PLAN = "new_since_plan"
    CUT_OFF = "cut_off"  # member: under way by them, no open road joins them now
    NOT_ISOLATED = "not_isolated"  # area: inside a flooded area not yet isolated
    TEXT = "text"  # text: a reason read from a plan written elsewhere


def _clock(seconds: float) -> str:
    """Seconds from the plan's start as h:mm (``+1d`` beyond a day)."""
    s = int(seconds)
    days, s = divmod(s, 86_400)
    text = f"{s // 3600}:{s % 3600 // 60:02d}"
    return f"{text} +{days}d" if days else text


#: Each reason's sentence, as a message id with its placeholders, and how its figures fill
#: them. The plan format's reason is the English sentence, as the format has always had
#: it (`Reason.words`); the pages say it in the user's language (`Reason.said`).
_SENTENCES: dict[ReasonCode, tuple[str, Callable[[Mapping[str, Any]], dict[str, Any]]]] = {
    ReasonCode.NO_SKILL: (
        N_("no member has the skill(s) {missing}"),
        lambda f: {"missing": ", ".join(f["missing"])},
    ),
    ReasonCode.NO_CREW: (
        N_("needs a crew of {crew} (one works, one guards) and no crew of {crew} is available"),
        lambda f: {"crew": f["crew"]},
    ),
    ReasonCode.NO_ROAD: (N_("no road from any qualified member's start"), lambda f: {}),
    ReasonCode.WINDOW_CLOSED: (
        N_(
            "no qualified member can reach it before its window closes at {closes} "
            "(soonest arrival {soonest})"
        ),
        lambda f: {"closes": _clock(f["closes_s"]), "soonest": _clock(f["soonest_s"])},
    ),
    ReasonCode.NO_SHIFT: (N_("does not fit in any qualified member's shift"), lambda f: {}),
    ReasonCode.CAPACITY: (
        N_("its demand ({demand}) or the job count exceeds every qualified member's capacity"),
        lambda f: {"demand": f["demand"]},
    ),
    ReasonCode.COSTLY: (
        N_("left out: serving it would add {added} s of travel, more than its penalty ({penalty})"),
        lambda f: {"added": int(f["added_travel_s"]), "penalty": f["penalty"]},
    ),
    ReasonCode.BUSY_URGENT: (
        N_(
            "left out for more urgent work: qualified members are busy with priority "
            "{priorities} jobs"
        ),
        lambda f: {"priorities": ", ".join(str(p) for p in f["priorities"])},
    ),
    ReasonCode.SHIFT_FULL: (
        N_("left out: no qualified member has room left in the shift"),
        lambda f: {},
    ),
    ReasonCode.NEW_SINCE_PLAN: (
        N_("new since the last plan: waiting for the next planning run"),
        lambda f: {},
    ),
    ReasonCode.CUT_OFF: (
        N_("under way by {member}, but no open road joins them now: call the crew"),
        lambda f: {"member": f["member"]},
    ),
    ReasonCode.NOT_ISOLATED: (
        N_(
            "waits: the line is inside the flooded area '{area}', not yet marked isolated "
            "(de-energised) — safety first"
        ),
        lambda f: {"area": f["area"]},
    ),
    ReasonCode.TEXT: ("{text}", lambda f: {"text": str(f.get("text", ""))}),
}


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a job is left out: a code and its figures. It is put into words only where
    it is shown: `words` for the plan format's reason (English, as it always was), the
    board's words in `dispatch.live.humanize`."""

    code: ReasonCode
    figures: Mapping[str, Any] = field(default_factory=dict)

    def words(self) -> str:
        """The plan format's sentence (English, whatever the user's language)."""
        sentence, fill = _SENTENCES[self.code]
        return sentence.format(**fill(self.figures))

    def said(self) -> str:
        """The sentence in the active language."""
        sentence, fill = _SENTENCES[self.code]
        return (_(sentence) if self.code != ReasonCode.TEXT else sentence).format(
            **fill(self.figures)
        )

    def __str__(self) -> str:
        return self.words()

    def __bool__(self) -> bool:  # a reason says something
        return bool(self.words().strip())

    def __contains__(self, text: str) -> bool:  # "… in reason": does its sentence say it
        return text in self.words()

    @classmethod
    def of_text(cls, text: str) -> Reason:
        return cls(ReasonCode.TEXT, {"text": text})


@dataclass(frozen=True, slots=True)
class Unassigned:
    job: str
    reason: Reason


@dataclass(frozen=True)
class Plan:
    """Routes per member and the jobs left out with a reason a dispatcher can act on."""

    routes: tuple[Route, ...]
    unassigned: tuple[Unassigned, ...]
    objective: int
    travel: int
    solve_seconds: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)

    def member_of(self, job_id: str) -> str | None:
        for route in self.routes:
            if job_id in route.jobs:
                return route.member
        return None

    def reason_for(self, job_id: str) -> str | None:
        """Why this job is left out, in the plan format's words (None when it is served)."""
        return next((u.reason.words() for u in self.unassigned if u.job == job_id), None)

    def route_of(self, member_id: str) -> Route | None:
        return next((r for r in self.routes if r.member == member_id), None)

    def arrivals(
        self, start: datetime, members: Collection[str] | None = None
    ) -> dict[str, list[tuple[str, datetime]]]:
        """Each route (of ``members``, or all) as its jobs with their ETAs: what a commit
        writes. ``start`` is the plan's time zero."""
        return {
            r.member: [(s.job, start + timedelta(seconds=float(s.arrival))) for s in r.stops]
            for r in self.routes
            if members is None or r.member in members
        }

    def to_json(self) -> dict[str, Any]:
        return {
            "routes": [
                {
                    "member": r.member,
                    "stops": [
                        {"job": s.job, "arrival": s.arrival, "start": s.start} for s in r.stops
                    ],
                }
                for r in self.routes
            ],
            "unassigned": [
                {
                    "job": u.job,
                    "reason": u.reason.words(),
                    "code": str(u.reason.code),
                    "figures": dict(u.reason.figures),
                }
                for u in self.unassigned
            ],
            "objective": self.objective,
            "travel": self.travel,
            "solve_seconds": round(self.solve_seconds, 3),
            **self.extra,
        }

    def save(self, path: str | Path) -> None:
        Path(path).write_text(
            json.dumps(self.to_json(), ensure_ascii=False, indent=1), encoding="utf-8"
        )

    @classmethod
    def from_json(cls, data: Any) -> Plan:
        """Read a plan (perhaps edited by hand); the first malformed field is named."""
        if not isinstance(data, dict):
            raise ProblemError("plan: must be a JSON object")
        routes = []
        for k, r in enumerate(_list(data, "routes")):
            if not isinstance(r, dict) or not isinstance(r.get("member"), str):
                raise ProblemError(f"plan routes[{k}]: needs a member id")
            stops = []
            for i, s in enumerate(_list(r, "stops", f"plan routes[{k}]")):
                if not isinstance(s, dict) or not isinstance(s.get("job"), str):
                    raise ProblemError(f"plan routes[{k}].stops[{i}]: needs a job id")
                stops.append(
                    Stop(s["job"], _number(s.get("arrival", 0)), _number(s.get("start", 0)))
                )
            routes.append(Route(r["member"], tuple(stops)))
        unassigned = []
        for k, u in enumerate(data.get("unassigned") or []):
            if not isinstance(u, dict) or not isinstance(u.get("job"), str):
                raise ProblemError(f"plan unassigned[{k}]: needs a job id")
            unassigned.append(Unassigned(u["job"], _reason(u)))
        known = {"routes", "unassigned", "objective", "travel", "solve_seconds"}
        return cls(
            tuple(routes),
            tuple(unassigned),
            _number(data.get("objective", 0)),
            _number(data.get("travel", 0)),
            float(data.get("solve_seconds") or 0.0),
            {k: v for k, v in data.items() if k not in known},
        )

    @classmethod
    def load(cls, path: str | Path) -> Plan:
        try:
            return cls.from_json(json.loads(Path(path).read_text(encoding="utf-8")))
        except json.JSONDecodeError as exc:
            msg = f"{path}: not valid JSON (line {exc.lineno}: {exc.msg})"
            raise ProblemError(msg) from exc
        except OSError as exc:
            msg = f"{path}: cannot read ({exc})"
            raise ProblemError(msg) from exc


def _list(data: dict[str, Any], key: str, where: str = "plan") -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise ProblemError(f"{where} {key}: must be a list")
    return value


def _number(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ProblemError(f"plan: {value!r} is not a number of seconds")
    return round(value)


def straight_line_seconds(
    locations: Sequence[tuple[float, float]], speed_kph: float = STRAIGHT_LINE_SPEED_KPH
) -> NDArray[np.float64]:
    """Great-circle distance between every pair of (lon, lat), as seconds at a speed."""
    lon, lat = np.radians(np.asarray(locations, dtype=float)).T
    dlat = lat[:, None] - lat[None, :]
    dlon = lon[:, None] - lon[None, :]
    a = np.sin(dlat / 2) ** 2 + np.cos(lat)[:, None] * np.cos(lat)[None, :] * np.sin(dlon / 2) ** 2
    metres: NDArray[np.float64] = 2 * _EARTH_M * np.arcsin(np.sqrt(np.clip(a, 0, 1)))
    return metres / (speed_kph / 3.6)


def travel_matrix(problem: Problem, network: TravelTimes | None = None) -> NDArray[np.float64]:
    """Seconds between locations (``inf`` where no road): the problem's own matrix, else
    the road network's travel times (a `geo.network.RoadNetwork`), else straight lines."""
    if problem.durations is not None:
        return np.array(
            [[np.inf if v is None else float(v) for v in row] for row in problem.durations]
        )
    if network is not None:
        return network.travel_times(problem.locations, problem.locations)
    return straight_line_seconds(problem.locations)


def _reason(entry: dict[str, Any]) -> Reason:
    """An unassigned entry's reason: its code and figures when it has them (a plan this
    code wrote), else its text."""
    code, figures = entry.get("code"), entry.get("figures")
    lists = ("missing", "priorities")  # figures that are lists of things
    if (
        isinstance(code, str)
        and code in {c.value for c in ReasonCode} - {ReasonCode.TEXT.value}
        and isinstance(figures, dict)
        and all(isinstance(figures.get(k, []), list) for k in lists)
    ):
        reason = Reason(ReasonCode(code), figures)
        try:
            reason.words()
        except (KeyError, TypeError, ValueError):
            pass  # figures that do not fit the code: keep the text
        else:
            return reason
    return Reason.of_text(str(entry.get("reason", "")))
