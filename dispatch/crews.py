"""Two-person work on the board (issue 21): which job types need a crew of two, and who
works as a crew for a shift.

Distribution repair and outages are two-person work by the safety rules (one works, one
guards), so by default they need a crew of two; the dispatcher may change that per type.
A crew is formed for a shift: the dispatcher pairs members, and until they do, each grid's
members who do two-person work are paired inside their grid (`default_pairs`). A crew is
routed as one (`dispatch.live`) and each of its people shares its stops."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

from dispatch.board import BoardMember, Snapshot
from dispatch.domain import JOB_TYPES, STARTED, MemberStatus
from dispatch.errors import DualGridError
from i18n import _

MAX_CREW: Final = 2  # crews are pairs

#: Whom a lead is paired with first, by specialty: another of the same trade, then the
#: electricians of the grid (metering, connection), then anyone on the staff.
_MATE_ORDER: Final = ("repair", "metering", "connection")


def crew_size(sizes: Mapping[str, int], job_type: str) -> int:
    """The people a job of this type needs (1 unless set)."""
    return int(sizes.get(job_type, 1))


def check_sizes(sizes: Mapping[str, int]) -> dict[str, int]:
    """The sizes as stored (types needing one person left out), or `DualGridError`
    naming the first type or number that is wrong."""
    out: dict[str, int] = {}
    for kind, size in sizes.items():
        if kind not in JOB_TYPES:
            raise DualGridError(_("unknown job type {kind}").format(kind=repr(kind)))
        if not isinstance(size, int) or not 1 <= size <= MAX_CREW:
            raise DualGridError(
                _("{kind}: the crew must be 1 or {most} people, not {size}").format(
                    kind=JOB_TYPES[kind].label, most=MAX_CREW, size=size
                )
            )
        if size > 1:
            out[kind] = size
    return out


def two_person_skills(sizes: Mapping[str, int]) -> frozenset[str]:
    """The skills of the job types that need more than one person."""
    return frozenset(JOB_TYPES[k].skill for k, n in sizes.items() if n > 1 and k in JOB_TYPES)


@dataclass(frozen=True)
class Crews:
    """A shift's crews: each lead (whose id the crew's route carries) with their mate."""

    pairs: Mapping[str, str] = field(default_factory=dict)  # lead → mate
    saved: bool = False  # the dispatcher's pairing; else the default inside grids

    def mate_of(self, member_id: str) -> str | None:
        return self.pairs.get(member_id)

    def lead_of(self, member_id: str) -> str | None:
        return next((lead for lead, mate in self.pairs.items() if mate == member_id), None)

    def people(self, lead: str) -> tuple[str, ...]:
        mate = self.pairs.get(lead)
        return (lead,) if mate is None else (lead, mate)


def shift_crews(snapshot: Snapshot) -> Crews:
    """The crews the board routes now: the dispatcher's pairing for the shift (a pair
    whose members are not both on duty, or whose mate has started work alone since,
    works apart), else the default pairing inside grids."""
    if snapshot.saved_crews is None:
        return Crews(default_pairs(snapshot.members, snapshot.crew_sizes))
    here = {m.id: m for m in snapshot.members}
    pairs = {
        lead: mate
        for lead, mate in snapshot.saved_crews.items()
        if lead in here
        and mate in here
        and here[lead].status != MemberStatus.OFF_DUTY
        and _free(here[mate])
    }
    return Crews(pairs, saved=True)


def _free(member: BoardMember) -> bool:
    """On duty and not in the middle of work: may join a crew now."""
    return member.kind == "staff" and member.status not in {MemberStatus.OFF_DUTY, *STARTED}


def default_pairs(members: Sequence[BoardMember], sizes: Mapping[str, int]) -> dict[str, str]:
    """Inside each grid, each on-duty staff member who does two-person work (a lead, who
    may be at work already) is paired with another staff member of that grid who is free
    (not at work alone): another lead first, then an electrician
    (metering, connection), then anyone; by id, so the same roster gives the same crews.
    A lead with nobody free in the grid stays alone (their two-person work then goes to a
    crew that can reach it, or waits with its reason)."""
    wanted = two_person_skills(sizes)
    if not wanted:
        return {}
    pairs: dict[str, str] = {}
    grids: dict[str, list[BoardMember]] = {}
    for m in sorted(members, key=lambda m: m.id):
        if m.kind == "staff" and m.status != MemberStatus.OFF_DUTY:
            grids.setdefault(m.grid_id, []).append(m)
    for people in grids.values():
        taken: set[str] = set()
        for lead in (m for m in people if m.skills & wanted):
            if lead.id in taken:
                continue
            others = [m for m in people if m.id not in taken | {lead.id} and _free(m)]
            if not others:
                continue
            mate = min(others, key=_mate_rank)
            pairs[lead.id] = mate.id
            taken |= {lead.id, mate.id}
    return pairs


def _mate_rank(member: BoardMember) -> tuple[int, str]:
    specialty = member.specialty or ""
    rank = _MATE_ORDER.index(specialty) if specialty in _MATE_ORDER else len(_MATE_ORDER)
    return rank, member.id


def check_pairs(
    pairs: Iterable[tuple[str, str]], members: Mapping[str, BoardMember]
) -> dict[str, str]:
    """The pairs as a lead → mate map, or `DualGridError` naming the first member who is
    unknown, not staff, off duty, paired with themself or in two crews, or a mate with
    work under way (it stays on their own route until done)."""
    out: dict[str, str] = {}
    seen: set[str] = set()
    for lead, mate in pairs:
        for who in (lead, mate):
            if who not in members:
                raise DualGridError(_("unknown member {member}").format(member=repr(who)))
            if members[who].kind != "staff":
                raise DualGridError(
                    _("{member} is a community member: crews are of staff").format(member=who)
                )
            if members[who].status == MemberStatus.OFF_DUTY:
                raise DualGridError(_("{member} is off duty").format(member=who))
        if members[mate].status in STARTED:
            raise DualGridError(
                _("{member} has work under way: pair them once it is done, or as the lead").format(
                    member=mate
                )
            )
        if lead == mate:
            raise DualGridError(_("{member} cannot be paired with themself").format(member=lead))
        for who in (lead, mate):
            if who in seen:
                raise DualGridError(_("{member} is in two crews").format(member=who))
            seen.add(who)
        out[lead] = mate
    return out
