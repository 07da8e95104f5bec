"""Service norms: how soon each kind of request must be answered, by area class.

The one table intake uses to give a new job its priority and deadline. Change
the limits here (or later from a utility's settings) when the local norm differs.

| type | priority | urban | rural | remote | source |
|---|---|---|---|---|---|
| repair, outage | 1 | 45 min | 90 min | 120 min | [1] |
| hazard | 2 | 4 h | 4 h | 6 h | [2] checked the same half-day |
| complaint | 2 | 24 h | 24 h | 24 h | [2] the customer contacted within a day |
| meter, billing | 3 | 72 h | 72 h | 96 h | [2] three days, four where remote |
| connection | 4 | 5 d | 5 d | 7 d | [2] a low-voltage connection visit in a week |
| contract, verification | 4 | 7 d | 7 d | 7 d | [2] within the week |
| survey (flood check) | 2 | 4 h | 4 h | 6 h | [2] as a hazard check |

[1] State Grid service commitment (供电服务十项承诺): arrival on site after a
    repair report; as reported secondarily, the primary text was not found
    (../shared/facts/qiyang.md).
[2] DualGrid default.

"DualGrid default" means no published norm was found; each is a setting to be
confirmed with the utility, not a rule of the service commitment.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from dispatch.domain import JOB_TYPES, REPAIR_ARRIVAL_MIN, Priority

COMMITMENT: Final = (
    "State Grid service commitment, as reported secondarily (primary text not found)"
)
DEFAULT: Final = "DualGrid default (no published norm found; confirm with the utility)"
AREA_CLASSES: Final = ("urban", "rural", "remote")


@dataclass(frozen=True, slots=True)
class Norm:
    """How soon a request of one type must be answered (minutes), by area class."""

    type: str
    priority: Priority
    limit_min: dict[str, int]
    source: str


def _same(minutes: int, remote: int | None = None) -> dict[str, int]:
    return {"urban": minutes, "rural": minutes, "remote": remote or minutes}


_H = 60
_D = 24 * _H

NORMS: Final[dict[str, Norm]] = {
    n.type: n
    for n in (
        Norm("repair", Priority.URGENT, dict(REPAIR_ARRIVAL_MIN), COMMITMENT),
        Norm("outage", Priority.URGENT, dict(REPAIR_ARRIVAL_MIN), COMMITMENT),
        Norm("hazard", Priority.HIGH, _same(4 * _H, 6 * _H), DEFAULT),
        Norm("complaint", Priority.HIGH, _same(_D), DEFAULT),
        Norm("meter", Priority.NORMAL, _same(3 * _D, 4 * _D), DEFAULT),
        Norm("billing", Priority.NORMAL, _same(3 * _D, 4 * _D), DEFAULT),
        Norm("connection", Priority.ROUTINE, _same(5 * _D, 7 * _D), DEFAULT),
        Norm("contract", Priority.ROUTINE, _same(7 * _D), DEFAULT),
        Norm("verification", Priority.ROUTINE, _same(7 * _D), DEFAULT),
        Norm("survey", Priority.HIGH, _same(4 * _H, 6 * _H), DEFAULT),
    )
}
assert set(NORMS) == set(JOB_TYPES), "every job type needs a norm"


def norm(job_type: str) -> Norm:
    try:
        return NORMS[job_type]
    except KeyError:
        msg = f"unknown request type {job_type!r}; one of {', '.join(NORMS)}"
        raise ValueError(msg) from None


def deadline(job_type: str, area_class: str, received_at: datetime) -> datetime:
    """When the job must be answered (arrival on site for repairs)."""
    limits = norm(job_type).limit_min
    return received_at + timedelta(minutes=limits.get(area_class, limits["rural"]))


def priority(job_type: str) -> Priority:
    return norm(job_type).priority


def table() -> list[dict[str, object]]:
    """The norms as rows, for the page that shows them."""
    return [
        {
            "type": n.type,
            "label": JOB_TYPES[n.type].label,
            "priority": int(n.priority),
            **{f"{a} (min)": n.limit_min[a] for a in AREA_CLASSES},
            "source": n.source,
        }
        for n in NORMS.values()
    ]
