"""Surge planning on a hand-made river town: closures change routes, walls between
grids come down, repairs in the water wait for isolation, triage orders the work."""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import pytest
import shapely

from dispatch.board import BoardJob, BoardMember
from dispatch.board import Snapshot as _Snapshot
from dispatch.live import build_problem, humanize
from dispatch.solver import SolveParams, solve
from dispatch.surge import FloodArea, surge_adjust, triage
from geo.network import RoadNetwork
from i18n import CHINESE, using
from tests.geo.test_network import STEP, at, river_town


def Snapshot(*args: object, **kw: object) -> _Snapshot:
    """One-person work throughout: these tests are about moves and emergencies, not
    crews (those are tests/dispatch/test_board_crews.py)."""
    return _Snapshot(*args, crew_sizes={}, **kw)  # type: ignore[arg-type]


NOW = datetime(2017, 7, 3, 2, 0)


def member(mid, where, grid="G1", station="S1"):
    return BoardMember(
        mid, mid, "staff", "repair", frozenset({"repair", "hazard"}), grid, station, None,
        "available", *where,
    )  # fmt: skip


def job(jid, where, kind="repair", grid="G2", station="S2", minutes_ago=10, **kw):
    created = NOW - timedelta(minutes=minutes_ago)
    return BoardJob(
        jid, kind, kw.pop("priority", 1), *where, grid, station, "C1", created,
        created + timedelta(hours=6), "new", district_id=kw.pop("district", "D1"), **kw,
    )  # fmt: skip


def plan(snapshot, network, scope="county", adjust=None):
    board = build_problem(snapshot, scope=scope, network=network, adjust=adjust)
    return board, solve(board.problem, SolveParams(solution_limit=20), travel=board.travel)


@pytest.fixture(scope="module")
def town():
    return RoadNetwork.from_graph(river_town())


def test_a_closed_bridge_forces_a_detour_and_two_make_the_job_unreachable(town):
    snap = Snapshot(NOW, (job("J1", at(0, 0)),), (member("M1", at(0, 2)),))
    _, direct = plan(snap, town)
    near = town.without(shapely.Point(*at(1, 1)).buffer(STEP / 4))
    _, detour = plan(snap, near)
    assert detour.route_of("M1").stops[0].arrival > direct.route_of("M1").stops[0].arrival + 600
    cut = near.without(shapely.Point(*at(5, 1)).buffer(STEP / 4))
    _, none = plan(snap, cut)
    assert none.routes == ()
    assert "no road" in none.reason_for("J1")


def test_walls_between_grids_come_down_in_the_pool(town):
    snap = Snapshot(NOW, (job("J1", at(0, 0)),), (member("M1", at(0, 2)),))
    _, walled = plan(snap, town, scope="grid")
    assert walled.member_of("J1") is None
    assert humanize(walled.reason_for("J1")) == "no on-duty member in G2"
    _, pooled = plan(snap, town, scope="county")
    assert pooled.member_of("J1") == "M1"


def test_repairs_in_the_water_wait_until_the_area_is_isolated(town):
    snap = Snapshot(
        NOW,
        (job("J1", at(0, 0)), job("S1", at(0, 0), kind="survey", priority=2)),
        (member("M1", at(0, 2)),
         BoardMember("X1", "X1", "community", None, frozenset(), "G2", "S2", "C1",
                     "available", *at(1, 0))),
    )  # fmt: skip
    water = shapely.Point(*at(0, 0)).buffer(STEP / 3)
    view = town.without(water)
    ranked = triage(snap, {"D1": 300}, {}, {"D1": "flooded"})
    live = surge_adjust(snap, [FloodArea("F1", "south bank", water)], ranked, network=view)
    assert "not yet marked isolated" in live.held["J1"]
    assert "S1" in live.places  # the household check is done from the water's edge
    board, first = plan(snap, view, adjust=live)
    assert "J1" not in board.problem.job
    assert first.member_of("S1") == "X1"
    safe = surge_adjust(
        snap, [FloodArea("F1", "south bank", water, isolated=True)], ranked, network=view
    )
    assert safe.held == {}
    _, second = plan(snap, view, adjust=safe)
    assert second.member_of("J1") == "M1"
    spot = board.problem.locations[board.problem.job["S1"].location]
    assert not water.contains(shapely.Point(spot))


def test_triage_puts_pinned_then_critical_then_big_and_old_first():
    snap = Snapshot(
        NOW,
        (
            job("small", at(0, 0), district="D1", minutes_ago=5),
            job("hospital", at(0, 0), district="D2", minutes_ago=5),
            job("big", at(0, 0), district="D3", minutes_ago=5),
            job("pinned", at(0, 0), kind="meter", priority=2, district="D1", pinned=True),
            job("old", at(0, 0), district="D1", minutes_ago=150),
        ),
        (),
    )
    ranked = triage(snap, {"D1": 50, "D2": 50, "D3": 5000}, {"D2": ["county hospital"]}, {})
    assert [r.job for r in ranked] == ["pinned", "hospital", "big", "old", "small"]
    assert "critical: county hospital" in ranked[1].why
    assert ranked[0].why.startswith("priority 2 (pinned); ")
    assert "5,000 households" in ranked[2].why
    assert np.isfinite([r.score for r in ranked]).all()
    with using(CHINESE):  # the same triage, said to a reader of Chinese
        assert ranked[0].why.startswith("优先级 2（已锁定）；")
        assert "重要客户：county hospital" in ranked[1].why
        assert "5,000 户" in ranked[2].why
        assert "已等待 150 分钟" in ranked[3].why
