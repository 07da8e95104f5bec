"""The job state machine: every allowed step, and the refused ones with their reason."""

from __future__ import annotations

import itertools

import pytest

from dispatch.domain import JobStatus
from dispatch.lifecycle import TRANSITIONS, TransitionError, check_transition

S = JobStatus


def test_the_happy_path():
    path = [S.NEW, S.ASSIGNED, S.EN_ROUTE, S.ON_SITE, S.DONE]
    for old, new in itertools.pairwise(path):
        assert check_transition("J1", old, new, member="M1") is new


@pytest.mark.parametrize("old", [S.NEW, S.ASSIGNED, S.EN_ROUTE, S.ON_SITE])
def test_could_not_finish_needs_a_reason(old):
    with pytest.raises(TransitionError, match="say why"):
        check_transition("J1", old, S.FAILED, member="M1", reason="  ")
    assert check_transition("J1", old, S.FAILED, member="M1", reason="no access") is S.FAILED


def test_every_step_not_in_the_table_is_refused():
    for old in S:
        for new in S:
            if new in TRANSITIONS[old]:
                continue
            with pytest.raises(TransitionError, match="job J1 is"):
                check_transition("J1", old, new, member="M1", reason="x")


def test_closed_jobs_stay_closed_and_steps_need_a_member():
    with pytest.raises(TransitionError, match="nothing \\(closed\\)"):
        check_transition("J1", S.DONE, S.ASSIGNED, member="M1")
    with pytest.raises(TransitionError, match="needs a member"):
        check_transition("J1", S.NEW, S.ASSIGNED)
    with pytest.raises(TransitionError, match="unknown status 'flying'"):
        check_transition("J1", S.NEW, "flying")


def test_reasons_read_in_the_boards_words():
    from dispatch.live import humanize

    assert humanize("no member has the skill(s) @S02, metering") == (
        "no on-duty member in S02 with metering"
    )
    assert humanize("no member has the skill(s) repair") == "no on-duty member with repair"
