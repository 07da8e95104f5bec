"""Plans (the solver's answer) and the travel times a problem implies."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from dispatch.errors import ProblemError
from dispatch.model import Problem
from dispatch.travel import TravelTimes

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


@dataclass(frozen=True, slots=True)
class Unassigned:
    job: str
    reason: str


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
        return next((u.reason for u in self.unassigned if u.job == job_id), None)

    def route_of(self, member_id: str) -> Route | None:
        return next((r for r in self.routes if r.member == member_id), None)

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
            "unassigned": [{"job": u.job, "reason": u.reason} for u in self.unassigned],
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
            unassigned.append(Unassigned(u["job"], str(u.get("reason", ""))))
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
