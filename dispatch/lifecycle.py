"""The life of a job: new → assigned → en route → on site → done, or could not finish.

`check_transition` is the one rule book; the store applies it inside the write
transaction, so a step a stale screen asks for is refused with the reason.
"""

from __future__ import annotations

from typing import Final

from dispatch.domain import STARTED, JobStatus
from dispatch.errors import DualGridError
from i18n import N_, Words, _

S = JobStatus

#: From each status, the statuses a job may move to.
TRANSITIONS: Final[dict[JobStatus, frozenset[JobStatus]]] = {
    S.NEW: frozenset({S.ASSIGNED, S.FAILED}),
    S.ASSIGNED: frozenset({S.ASSIGNED, S.NEW, S.EN_ROUTE, S.FAILED}),  # re-assign, un-assign
    S.EN_ROUTE: frozenset({S.ON_SITE, S.ASSIGNED, S.FAILED}),  # turned back: assigned again
    S.ON_SITE: frozenset({S.DONE, S.FAILED}),
    S.DONE: frozenset(),
    S.FAILED: frozenset(),
}

LABELS: Final = Words(
    {
        S.NEW: N_("new"),
        S.ASSIGNED: N_("assigned"),
        S.EN_ROUTE: N_("en route"),
        S.ON_SITE: N_("on site"),
        S.DONE: N_("done"),
        S.FAILED: N_("could not finish"),
    }
)

#: The member's status that follows from a job step.
MEMBER_STATUS_AFTER: Final = {
    S.EN_ROUTE: "en_route",
    S.ON_SITE: "on_site",
    S.DONE: "available",
    S.FAILED: "available",
}


def status_label(status: str) -> str:
    """A job's status in words (an unknown value as it is)."""
    return LABELS[JobStatus(status)] if status in _STATES else status


_STATES: Final = frozenset(JobStatus)


def stays_with_crew(status: str) -> bool:
    """Work under way (en route, on site) stays with its member: a commit may reorder it
    in that member's route, never give it to another or take it off."""
    return status in STARTED


def goes_back_when_left_off(status: str) -> bool:
    """A job a committed route no longer holds goes back to new only when it was merely
    assigned (work under way stays, `stays_with_crew`)."""
    return status == S.ASSIGNED


class TransitionError(DualGridError, ValueError):
    """A step the job's life does not allow; the message says which and why."""


def check_transition(
    job_id: str,
    current: str,
    new: str,
    *,
    member: str | None = None,
    reason: str | None = None,
) -> JobStatus:
    """The new status, or `TransitionError` saying why the step is not allowed."""
    for value in (current, new):
        if value not in _STATES:
            msg = _("job {job}: unknown status {status!r}").format(job=job_id, status=value)
            raise TransitionError(msg)
    old, target = JobStatus(current), JobStatus(new)
    if target not in TRANSITIONS[old]:
        allowed = _(", ").join(LABELS[s] for s in sorted(TRANSITIONS[old])) or _("nothing (closed)")
        msg = _("job {job} is {now}: it cannot become {then} (allowed: {allowed})").format(
            job=job_id, now=LABELS[old], then=LABELS[target], allowed=allowed
        )
        raise TransitionError(msg)
    if target in {S.ASSIGNED, S.EN_ROUTE, S.ON_SITE} and not member:
        msg = _("job {job}: {status} needs a member").format(job=job_id, status=LABELS[target])
        raise TransitionError(msg)
    if target is S.FAILED and not (reason and reason.strip()):
        msg = _("job {job}: say why it could not be finished").format(job=job_id)
        raise TransitionError(msg)
    return target
