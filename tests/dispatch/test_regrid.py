"""The roster follows a grid plan (dispatch.regrid), on hand-made grids: G1 and G2 today,
the plan retires G2 into G1 and G3."""

from __future__ import annotations

import pandas as pd

from dispatch.regrid import Person, community_grids, gaps, member_moves, successors

DISTRICTS = pd.DataFrame(
    [
        ("d1", "G1", "G1", 500, "C1"),
        ("d2", "G2", "G1", 700, "C2"),  # C2: 70 % of its households go to G1
        ("d3", "G2", "G3", 300, "C2"),
        ("d4", "G2", "G3", 200, "C3"),
    ],
    columns=["id", "grid", "new", "households", "community"],
)


def test_a_community_goes_to_the_grid_holding_most_of_its_households():
    assert community_grids(DISTRICTS) == {"C1": "G1", "C2": "G1", "C3": "G3"}
    assert successors(DISTRICTS, ["G2"]) == {"G2": "G1"}  # 700 of G2's 1,200 households


def test_members_follow_and_a_leader_leads_only_a_grid_without_one():
    people = [
        Person("M1", "Li", "staff", "leader", "G1", None),
        Person("M2", "Wang", "staff", "leader", "G2", None),  # G1 has a leader: staff
        Person("M3", "Zhao", "staff", "staff", "G2", None),
        Person("X1", "Chen", "community", "community", "G2", "C3"),
        Person("X2", "Liu", "community", "community", "G1", "C1"),  # stays
    ]
    leaders: dict[str, str | None] = {"G1": "M1", "G2": "M2"}
    moves, notes = member_moves(people, community_grids(DISTRICTS), {"G2": "G1"}, leaders)
    assert [(m.member, m.to_grid, m.to_role, m.leads) for m in moves] == [
        ("M2", "G1", "staff", False),
        ("M3", "G1", "staff", False),
        ("X1", "G3", "community", False),
    ]
    assert notes == ["Wang (M2), leader of G2, joins G1 as staff"]
    assert gaps(["G1", "G3"], leaders, staffed={"G1"}) == [
        "G3 has no grid leader: name one in the roster",
        "G3 has no staff: assign them in the roster",
    ]


def test_a_leader_moving_into_a_leaderless_grid_leads_it():
    people = [Person("M2", "Wang", "staff", "leader", "G2", None)]
    leaders: dict[str, str | None] = {"G1": None, "G2": "M2"}
    moves, notes = member_moves(people, {}, {"G2": "G1"}, leaders)
    assert [(m.to_grid, m.to_role, m.leads) for m in moves] == [("G1", "leader", True)]
    assert leaders["G1"] == "M2"
    assert notes == ["Wang (M2) now leads G1, formerly leader of G2"]
