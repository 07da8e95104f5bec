"""The service domain's vocabulary: channels, job types, skills, norms, statuses.

One place for the words every other module uses, so that intake, the solver, the
evaluation and the pages agree on them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import IntEnum, StrEnum
from typing import Final

from i18n import N_, Words, _


class Channel(StrEnum):
    """Where a request came from."""

    GRID = "grid"  # the grid's members or its group chat — the main channel
    HOTLINE_95598 = "95598"
    MANAGER_HOTLINE = "hotline"  # the general manager's hotline
    HALL = "hall"  # the service hall


CHANNEL_LABELS: Final = Words(
    {
        Channel.GRID: N_("grid chat"),
        Channel.HOTLINE_95598: N_("95598"),
        Channel.MANAGER_HOTLINE: N_("manager hotline"),
        Channel.HALL: N_("service hall"),
    }
)


class Priority(IntEnum):
    """1 is the most urgent, 4 routine (as in the dispatch format)."""

    URGENT = 1
    HIGH = 2
    NORMAL = 3
    ROUTINE = 4


class Specialty(StrEnum):
    """What a utility staff member does in the grid."""

    REPAIR = "repair"  # 配电抢修
    METERING = "metering"  # 装表接电
    BILLING = "billing"  # 抄表催费
    CONNECTION = "connection"  # 业扩报装
    ACCOUNT = "account"  # 客户经理


SPECIALTY_LABELS: Final = Words(
    {
        Specialty.REPAIR: N_("repair"),
        Specialty.METERING: N_("metering"),
        Specialty.BILLING: N_("billing"),
        Specialty.CONNECTION: N_("connection"),
        Specialty.ACCOUNT: N_("account management"),
    }
)

#: The skills each specialty brings (a skill is what a job may require).
SPECIALTY_SKILLS: Final[dict[Specialty, frozenset[str]]] = {
    Specialty.REPAIR: frozenset({"repair", "hazard"}),
    Specialty.METERING: frozenset({"metering", "connection"}),
    Specialty.BILLING: frozenset({"billing", "contract"}),
    Specialty.CONNECTION: frozenset({"connection", "metering"}),
    Specialty.ACCOUNT: frozenset({"account", "billing", "contract", "verification"}),
}

#: Community members (the "x") pass on information, help customers, verify
#: records and report hazards; they never do electrical work.
COMMUNITY_SKILLS: Final = frozenset({"liaison", "survey", "verification"})

#: A skill as a person names it (the key is the skill; English says it as it is).
SKILL_LABELS: Final = Words(
    {
        "repair": N_("repair"),
        "hazard": N_("hazard"),
        "metering": N_("metering"),
        "connection": N_("connection"),
        "billing": N_("billing"),
        "contract": N_("contract"),
        "account": N_("account"),
        "verification": N_("verification"),
        "liaison": N_("liaison"),
        "survey": N_("survey"),
    }
)


@dataclass(frozen=True, slots=True)
class JobType:
    """A kind of work a request becomes."""

    key: str
    words: str  # the label as a message id (`label` says it in the active language)
    skill: str
    priority: Priority
    service_min: int
    emergency: bool = False

    @property
    def label(self) -> str:
        return _(self.words)


JOB_TYPES: Final[dict[str, JobType]] = {
    t.key: t
    for t in (
        JobType("repair", N_("emergency repair"), "repair", Priority.URGENT, 50, True),
        JobType("outage", N_("outage"), "repair", Priority.URGENT, 80, True),
        JobType("hazard", N_("hazard check"), "hazard", Priority.HIGH, 40),
        JobType("complaint", N_("complaint follow-up"), "account", Priority.HIGH, 30),
        JobType("meter", N_("meter fault"), "metering", Priority.NORMAL, 40),
        JobType("billing", N_("fee / purchase help"), "billing", Priority.NORMAL, 20),
        JobType("connection", N_("new connection"), "connection", Priority.ROUTINE, 90),
        JobType("contract", N_("contract signing"), "contract", Priority.ROUTINE, 25),
        JobType("verification", N_("record verification"), "verification", Priority.ROUTINE, 10),
        # made by the flood mode for community members, not a request type
        JobType("survey", N_("household check (liaison)"), "survey", Priority.HIGH, 30),
    )
}


def type_label(key: str) -> str:
    """A job type in the user's language (a key this version does not know, as it is)."""
    return JOB_TYPES[key].label if key in JOB_TYPES else key


#: The types a work order may have (../shared/formats/requests.md).
REQUEST_TYPES: Final = (
    "repair",
    "outage",
    "meter",
    "connection",
    "billing",
    "contract",
    "verification",
    "hazard",
    "complaint",
)

#: People a job type needs at once, where more than one, unless the dispatcher sets it:
#: distribution repair and outages are two-person work by the safety rules (one works,
#: one guards).
CREW_SIZES: Final[Mapping[str, int]] = {"repair": 2, "outage": 2}

#: Repair arrival limits after a report, minutes, by area class. Source: the State
#: Grid service commitment as reported secondarily (urban 45, rural 90, remote 120
#: minutes); the primary text was not found — see ../shared/facts/qiyang.md.
REPAIR_ARRIVAL_MIN: Final = {"urban": 45, "rural": 90, "remote": 120}


class JobStatus(StrEnum):
    """The life of a job."""

    NEW = "new"
    ASSIGNED = "assigned"
    EN_ROUTE = "en_route"
    ON_SITE = "on_site"
    DONE = "done"
    FAILED = "failed"  # could not finish, with a reason


OPEN_STATUSES: Final = frozenset(
    {JobStatus.NEW, JobStatus.ASSIGNED, JobStatus.EN_ROUTE, JobStatus.ON_SITE}
)
#: Work under way: a crew is on its way or on site (it stays with its member).
STARTED: Final = frozenset({JobStatus.EN_ROUTE, JobStatus.ON_SITE})


class MemberStatus(StrEnum):
    """Where a member stands right now."""

    AVAILABLE = "available"
    EN_ROUTE = "en_route"
    ON_SITE = "on_site"
    OFF_DUTY = "off_duty"


MEMBER_LABELS: Final = Words(
    {
        MemberStatus.AVAILABLE: N_("available"),
        MemberStatus.EN_ROUTE: N_("en route"),
        MemberStatus.ON_SITE: N_("on site"),
        MemberStatus.OFF_DUTY: N_("off duty"),
    }
)


def member_label(status: str) -> str:
    """A member's status in words (an unknown value as it is)."""
    return MEMBER_LABELS[MemberStatus(status)] if status in _MEMBER_STATES else status


_MEMBER_STATES: Final = frozenset(MemberStatus)

#: A roster member's role in the grid (the roster's ``role`` column).
ROSTER_ROLE_LABELS: Final = Words(
    {"leader": N_("grid leader"), "staff": N_("staff"), "community": N_("community grid member")}
)


def roster_role_label(role: str) -> str:
    """A roster role in words (an unknown value as it is)."""
    return ROSTER_ROLE_LABELS.get(role, role)
