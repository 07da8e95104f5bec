"""A re-plan keeps assigned work with its crew unless that kind of move is allowed, and
the review names every job taken off a crew and every late job."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from dispatch.board import BoardJob, BoardMember
from dispatch.board import Snapshot as _Snapshot
from dispatch.errors import DualGridError
from dispatch.live import build_problem
from dispatch.review import attention, diff, move_job
from dispatch.solver import SolveParams, solve


def Snapshot(*args: object, **kw: object) -> _Snapshot:
    """One-person work throughout: these tests are about moves and emergencies, not
    crews (those are tests/dispatch/test_board_crews.py)."""
    return _Snapshot(*args, crew_sizes={}, **kw)  # type: ignore[arg-type]


NOW = datetime(2026, 11, 26, 1, 30)
TOWN = (111.86, 26.59)
FAR = (112.10, 26.59)  # about 24 km east


def crew(mid: str, where: tuple[float, float], status: str = "available") -> BoardMember:
    return BoardMember(
        mid, f"crew {mid}", "staff", "repair", frozenset({"repair", "hazard"}), "G1", "S1",
        None, status, *where,
    )  # fmt: skip


def job(jid: str, *, priority: int = 1, member: str | None = None, status: str = "new",
        due_h: float = 6.0, where: tuple[float, float] = TOWN) -> BoardJob:  # fmt: skip
    return BoardJob(
        jid, "repair", priority, *where, "G1", "S1", "C1", NOW - timedelta(minutes=5),
        NOW + timedelta(hours=due_h), status, member, 0 if member else None,
    )  # fmt: skip


def planned(snap: Snapshot, **kw):
    board = build_problem(snap, **kw)
    return board, solve(board.problem, SolveParams(solution_limit=30), travel=board.travel)


# M1 stands next to the job; M2, who holds it, is 24 km away: moving it would pay.
SNAP = Snapshot(NOW, (job("J1", member="M2", status="assigned"),),
                (crew("M1", TOWN), crew("M2", FAR)))  # fmt: skip


def test_an_assigned_priority_1_job_stays_with_its_crew_by_default():
    """Moving J1 to the nearer M1 would pay, but priority-1 work is not moved unasked."""
    board, plan = planned(SNAP)
    assert "J1" in board.kept
    assert plan.member_of("J1") == "M2"
    assert attention(board, plan) == []


def test_it_moves_when_the_dispatcher_allows_moving_urgent_work():
    """With "urgent" allowed the plan gives J1 to M1, and the review asks for a tick."""
    board, plan = planned(SNAP, moves=frozenset({"assigned", "urgent"}))
    assert "J1" not in board.kept
    assert plan.member_of("J1") == "M1"
    (item,) = attention(board, plan)
    assert (item.job, item.kind, item.before, item.after) == ("J1", "moved", "M2", "M1")
    assert item.needs_tick


def test_other_assigned_work_may_move_unless_the_dispatcher_forbids_it():
    snap = Snapshot(NOW, (job("J2", priority=3, member="M2", status="assigned"),),
                    (crew("M1", TOWN), crew("M2", FAR)))  # fmt: skip
    _, plan = planned(snap)
    assert plan.member_of("J2") == "M1"  # priority 3: allowed by default, and it pays
    _, plan = planned(snap, moves=frozenset())
    assert plan.member_of("J2") == "M2"


def test_work_under_way_stays_at_the_head_of_its_route():
    snap = Snapshot(NOW, (job("J3", member="M2", status="en_route"),),
                    (crew("M1", TOWN), crew("M2", FAR, "en_route")))  # fmt: skip
    board, plan = planned(snap, moves=frozenset({"assigned", "urgent"}))
    assert plan.member_of("J3") == "M2"
    assert board.problem.member["M2"].fixed == ("J3",)


def test_a_job_left_out_is_named_with_its_reason():
    """A new job no on-duty member can do is listed as unassigned; an assigned one taken
    off (its holder lacks the skill now) is listed first, with the reason."""
    holder = BoardMember("M3", "meter man", "staff", "metering", frozenset({"metering"}),
                         "G1", "S1", None, "available", *TOWN)  # fmt: skip
    snap = Snapshot(NOW, (job("J4", member="M3", status="assigned"),), (holder,))
    board, plan = planned(snap)
    (item,) = attention(board, plan)
    assert (item.job, item.kind, item.before, item.after) == ("J4", "taken off", "M3", None)
    assert "repair" in item.reason
    assert item.needs_tick


def test_late_work_is_listed_with_how_late():
    """J5 is due in 5 minutes and its holder is 24 km away: it stays with M2, late by the
    drive less the 5 minutes."""
    snap = Snapshot(NOW, (job("J5", member="M2", status="assigned", due_h=5 / 60),),
                    (crew("M2", FAR),))  # fmt: skip
    board, plan = planned(snap)
    assert plan.member_of("J5") == "M2"
    (item,) = attention(board, plan)
    assert item.kind == "late"
    assert not item.needs_tick
    assert item.late_s == pytest.approx(board.travel[0, 1] - 5 * 60, abs=1)


def test_a_dispatchers_own_move_may_take_a_kept_job():
    board, plan = planned(SNAP)
    moved = move_job(board, plan, "J1", "M1")
    assert moved.member_of("J1") == "M1"
    assert [c.kind for c in diff(board.current, moved, ["J1"])] == ["moved"]


def test_an_unknown_kind_of_move_is_refused_by_name():
    with pytest.raises(DualGridError, match="unknown kind of move 'everything'"):
        build_problem(SNAP, moves=frozenset({"everything"}))


def test_a_kept_job_behind_work_under_way_is_late_not_dropped():
    """M2 is on site (J6, 80 minutes of work, half left) beside J7, held by M2 and due in
    10 minutes: J7 cannot be on time, so it stays with M2, late — it is not dropped."""
    snap = Snapshot(
        NOW,
        (job("J6", member="M2", status="on_site"), job("J7", member="M2", status="assigned",
                                                        due_h=10 / 60)),
        (crew("M2", TOWN, "on_site"),),
    )  # fmt: skip
    board, plan = planned(snap)
    assert "J7" in board.kept
    assert "J7" in board.late
    assert list(plan.route_of("M2").jobs) == ["J6", "J7"]
    assert [a.kind for a in attention(board, plan)] == ["late"]
