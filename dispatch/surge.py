"""A flood's surge: triage of the open work and the changes it makes to planning.

Triage puts first what matters most: a priority the coordinator pinned, then
critical customers (hospital, water works, shelter) in the job's district, the
households affected, and how long the job has waited. The score becomes the
job's penalty, so when crews are short the search leaves out the least important.

Safety first: nobody is routed through a flooded area (the road network view has
its roads closed); a repair inside a flooded area waits until the coordinator
marks that area isolated (de-energised), and is then worked from the water's
edge; other work inside the water (household checks) is done from the edge too.
Members can assemble at the nearest service window (staging) before their routes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Final

import numpy as np
import shapely

from dispatch.board import Snapshot
from dispatch.domain import STARTED
from dispatch.live import Adjust
from dispatch.model import DEFAULT_PENALTY
from dispatch.plan import Reason, ReasonCode
from dispatch.travel import TravelTimes
from geo.flood import DISTRICT_STATES, edge_points
from geo.projection import geometry_to_metric, to_metric_xy
from i18n import _, _n

ELECTRICAL: Final = frozenset({"repair", "outage"})
PIN_BONUS: Final = 5_000
CRITICAL_BONUS: Final = 2_000
WAIT_PER_MIN: Final = 2.0


@dataclass(frozen=True)
class FloodArea:
    id: str
    name: str
    geometry: shapely.Geometry  # WGS-84
    isolated: bool = False  # de-energised: repairs inside may start
    kind: str = "flood"  # or "closure": roads closed (a bridge, a slide), no water on lines


@dataclass(frozen=True, slots=True)
class Triage:
    """A job's place in triage: its score and what made it (said by `why`)."""

    job: str
    score: float
    priority: int
    pinned: bool = False
    critical: tuple[str, ...] = ()  # the critical customers' names in its district
    households: int = 0  # households its district's power reaches (electrical work)
    state: str = ""  # its district flooded or cut off, else ""
    waited_min: float = 0.0

    @property
    def why(self) -> str:
        """What made the score, in the reader's language."""
        said = [
            (_("priority {n} (pinned)") if self.pinned else _("priority {n}")).format(
                n=self.priority
            )
        ]
        if self.critical:
            said.append(_("critical: {names}").format(names=_(", ").join(self.critical)))
        if self.households:
            said.append(
                _n("{n} household", "{n} households", self.households).format(
                    n=f"{self.households:,}"
                )
            )
        if self.state:
            said.append(DISTRICT_STATES.get(self.state, self.state))
        said.append(_("waiting {n} min").format(n=f"{self.waited_min:.0f}"))
        return _("; ").join(said)


def triage(
    snapshot: Snapshot,
    households: Mapping[str, int],
    critical: Mapping[str, Sequence[str]],
    affected: Mapping[str, str],
) -> list[Triage]:
    """Open jobs, most important first. ``households``: district → households;
    ``critical``: district → names of critical customers there; ``affected``:
    district → flooded / cut off."""
    rows = []
    for job in snapshot.jobs:
        score = (5 - job.priority) * 1_000.0
        if job.pinned:
            score += PIN_BONUS
        critical_work = job.type in ELECTRICAL | {"survey", "hazard"}
        names = tuple(critical.get(job.district_id, ())) if critical_work else ()
        if names:
            score += CRITICAL_BONUS
        hh = households.get(job.district_id, 0) if job.type in ELECTRICAL else 0
        if hh:
            score += min(hh / 10, 1_000)
        waited = max(0.0, (snapshot.now - job.created_at).total_seconds() / 60)
        score += waited * WAIT_PER_MIN
        rows.append(
            Triage(
                job.id,
                round(score, 1),
                job.priority,
                job.pinned,
                names,
                hh,
                affected.get(job.district_id, ""),
                waited,
            )
        )
    return sorted(rows, key=lambda r: (-r.score, r.job))


def _which_area(areas: Sequence[FloodArea], points: Sequence[tuple[float, float]]) -> list[int]:
    """For each point, the index of the flood area holding it, or -1."""
    xy = np.asarray(points, dtype=float).reshape(-1, 2)
    x, y = to_metric_xy(xy[:, 0], xy[:, 1])
    found = np.full(len(xy), -1)
    for k, area in enumerate(areas):
        metric = geometry_to_metric(area.geometry)
        shapely.prepare(metric)
        found[(found < 0) & shapely.contains_xy(metric, x, y)] = k
    return found.tolist()


def surge_adjust(
    snapshot: Snapshot,
    areas: Sequence[FloodArea],
    ranked: Sequence[Triage],
    *,
    network: TravelTimes | None = None,
    windows: Sequence[tuple[float, float]] = (),
    shift_h: float = 10.0,
) -> Adjust:
    """The planning changes for the flood: where jobs inside the water are worked from
    (or why they wait), penalties from triage, staging at service windows."""
    places: dict[str, tuple[float, float]] = {}
    held: dict[str, Reason] = {}
    waiting = [j for j in snapshot.jobs if j.status not in STARTED]
    where = _which_area(areas, [(j.lon, j.lat) for j in waiting]) if areas and waiting else []
    from_edge = []
    for job, k in zip(waiting, where, strict=True):
        if k < 0:
            continue
        area = areas[k]
        if job.type in ELECTRICAL and area.kind == "flood" and not area.isolated:
            held[job.id] = Reason(ReasonCode.NOT_ISOLATED, {"area": area.name})
        else:
            from_edge.append(job)
    if from_edge:
        union = shapely.union_all([a.geometry for a in areas])
        spots = edge_points(union, [(j.lon, j.lat) for j in from_edge])
        places = {j.id: spot for j, spot in zip(from_edge, spots, strict=True)}
    penalties = {r.job: DEFAULT_PENALTY[1] + int(r.score) * 100 for r in ranked}
    shift_s = int(shift_h * 3600)
    starts: dict[str, tuple[float, float, int]] = {}
    free = [m for m in snapshot.members if m.status == "available"]
    if windows and free and network is not None:
        t = network.travel_times([(m.lon, m.lat) for m in free], list(windows))
        for k, member in enumerate(free):
            best = int(np.argmin(t[k]))
            if np.isfinite(t[k, best]) and t[k, best] < shift_s / 2:
                lon, lat = windows[best]
                starts[member.id] = (lon, lat, int(t[k, best]))
    return Adjust(places, held, penalties, starts, shift_s)


def restoration(
    closed: Sequence[tuple[datetime, int]], start: datetime, end: datetime, steps: int = 24
) -> list[tuple[datetime, int]]:
    """Households restored by each moment between start and end (from outage jobs
    closed with the households of their district)."""
    if end <= start:
        return [(start, 0)]
    span = (end - start) / steps
    marks = [start + span * k for k in range(steps + 1)]
    return [(m, sum(h for t, h in closed if t <= m)) for m in marks]
