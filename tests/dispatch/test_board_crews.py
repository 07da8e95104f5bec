"""Crews on the board (issue 21): repair and outages need a crew of two by default; each
grid's repair member is paired inside the grid until the dispatcher pairs otherwise; a
crew is routed as one, and two-person work never goes to one person alone."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from dispatch.board import BoardJob, BoardMember, Snapshot, shared_in_order
from dispatch.crews import check_pairs, check_sizes, default_pairs, shift_crews
from dispatch.domain import CREW_SIZES
from dispatch.errors import DualGridError
from dispatch.live import build_problem
from dispatch.plan import ReasonCode
from dispatch.solver import SolveParams, solve

NOW = datetime(2026, 11, 26, 1, 30)
TOWN = (111.86, 26.59)


def person(mid: str, specialty: str, skills: set[str], grid: str = "G1",
           status: str = "available", kind: str = "staff") -> BoardMember:  # fmt: skip
    return BoardMember(mid, f"name {mid}", kind, specialty, frozenset(skills), grid, "S1",
                       None, status, *TOWN)  # fmt: skip


def repairer(mid: str, grid: str = "G1", status: str = "available") -> BoardMember:
    return person(mid, "repair", {"repair", "hazard"}, grid, status)


def meterer(mid: str, grid: str = "G1", status: str = "available") -> BoardMember:
    return person(mid, "metering", {"metering", "connection"}, grid, status)


def job(jid: str, kind: str = "repair", *, member: str | None = None, status: str = "new",
        mates: tuple[str, ...] = (), grid: str = "G1") -> BoardJob:  # fmt: skip
    return BoardJob(
        jid, kind, 1, *TOWN, grid, "S1", "C1", NOW - timedelta(minutes=5),
        NOW + timedelta(hours=6), status, member, 0 if member else None, mates=mates,
    )  # fmt: skip


def test_by_default_repair_and_outages_need_two():
    assert dict(CREW_SIZES) == {"repair": 2, "outage": 2}
    assert check_sizes({"repair": 2, "meter": 1, "outage": 2}) == {"repair": 2, "outage": 2}
    with pytest.raises(DualGridError, match="the crew must be 1 or 2 people, not 3"):
        check_sizes({"repair": 3})
    with pytest.raises(DualGridError, match="unknown job type 'dig'"):
        check_sizes({"dig": 2})


def test_the_default_pairs_each_repair_member_inside_their_grid():
    members = [
        repairer("M1"), meterer("M2"), person("M3", "account", {"account"}),  # G1
        repairer("M4", "G2"), repairer("M5", "G2"),  # two repairers pair together
        repairer("M6", "G3"), meterer("M7", "G3", status="off_duty"),  # nobody free
        repairer("M8", "G4"), meterer("M9", "G4", status="on_site"),  # busy: not a mate
        person("X1", "", {"survey"}, "G3", kind="community"),  # never in a crew
    ]  # fmt: skip
    assert default_pairs(members, CREW_SIZES) == {"M1": "M2", "M4": "M5"}
    assert default_pairs(members, {}) == {}  # no two-person work: nobody is paired


def test_a_pairing_names_what_is_wrong():
    people = {m.id: m for m in (repairer("M1"), meterer("M2"), meterer("M3", status="off_duty"),
                                meterer("M4", status="en_route"),
                                person("X1", "", {"survey"}, kind="community"))}  # fmt: skip
    assert check_pairs([("M1", "M2")], people) == {"M1": "M2"}
    for pairs, said in (
        ([("M1", "M9")], "unknown member 'M9'"),
        ([("M1", "M1")], "M1 cannot be paired with themself"),
        ([("M1", "M3")], "M3 is off duty"),
        ([("M1", "M4")], "M4 has work under way"),
        ([("M1", "X1")], "X1 is a community member"),
        ([("M1", "M2"), ("M2", "M1")], "M2 is in two crews"),
    ):
        with pytest.raises(DualGridError, match=said):
            check_pairs(pairs, people)


def test_a_crew_is_routed_as_one_and_gets_the_two_person_work():
    snap = Snapshot(NOW, (job("J1"), job("J2", "meter")),
                    (repairer("M1"), meterer("M2"), meterer("M3")))  # fmt: skip
    board = build_problem(snap)
    problem = board.problem
    assert [m.id for m in problem.members] == ["M1", "M3"]  # M2 is M1's mate
    assert problem.member["M1"].crew == ("M1", "M2")
    assert problem.job["J1"].crew == 2
    assert problem.job["J2"].crew == 1
    assert {"repair", "metering"} <= problem.member["M1"].skills  # what either of them does
    assert board.name("M1") == "name M1 + name M2"
    plan = solve(problem, SolveParams(solution_limit=30), travel=board.travel)
    serving = {j: r.member for r in plan.routes for j in r.jobs}
    assert serving["J1"] == "M1"


def test_two_person_work_never_goes_to_one_person_alone():
    # the dispatcher split every crew: the repair waits, with its reason
    snap = Snapshot(NOW, (job("J1"), job("J2", "meter")),
                    (repairer("M1"), meterer("M2")), saved_crews={})  # fmt: skip
    board = build_problem(snap)
    plan = solve(board.problem, SolveParams(solution_limit=30), travel=board.travel)
    left = {u.job: u.reason for u in plan.unassigned}
    assert left["J1"].code == ReasonCode.NO_CREW
    assert "no crew of 2 is available" in left["J1"].words()
    assert "J2" not in left


def test_the_dispatchers_pairing_wins_over_the_default():
    members = (repairer("M1"), meterer("M2"), meterer("M3"))
    snap = Snapshot(NOW, (job("J1"),), members, saved_crews={"M1": "M3"})
    crews = shift_crews(snap)
    assert crews.saved
    assert crews.pairs == {"M1": "M3"}
    assert build_problem(snap).problem.member["M1"].crew == ("M1", "M3")
    # a saved mate who is off duty since: the lead works alone
    gone = Snapshot(NOW, (job("J1"),), (repairer("M1"), meterer("M3", status="off_duty")),
                    saved_crews={"M1": "M3"})  # fmt: skip
    assert shift_crews(gone).pairs == {}


def test_one_person_held_work_moves_to_a_crew_and_started_work_stays():
    # M2 (now M1's mate) held a repair alone; M1 alone is on site at another: it goes on
    snap = Snapshot(
        NOW,
        (job("J1", member="M2", status="assigned"), job("J2", member="M4", status="on_site")),
        (repairer("M1"), meterer("M2"), repairer("M4", "G2", status="on_site")),
    )
    problem = build_problem(snap).problem
    assert problem.job["J1"].member is None  # M2 is not a route any more
    assert problem.job["J2"].crew == 1
    assert problem.member["M4"].fixed == ("J2",)


def test_each_of_a_crew_has_its_stops():
    jobs = [job("J1", member="M1", status="assigned", mates=("M2",)),
            job("J2", "meter", member="M3", status="assigned")]  # fmt: skip
    routes = shared_in_order(jobs)
    assert [j.id for j in routes["M1"]] == [j.id for j in routes["M2"]] == ["J1"]
    assert [j.id for j in routes["M3"]] == ["J2"]
