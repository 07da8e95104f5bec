"""The monthly indicators on hand-made records: two grids, a few jobs, a member who moves
grids mid-month, and a month with no data at all."""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import pandas as pd
import pytest

from dispatch.evaluation import (
    INDICATORS,
    contributions,
    grid_indicators,
    rank,
)
from dispatch.evaluation_members import member_scores, record_quality
from dispatch.membership import MonthError, days_in_grid, grid_on, month_bounds, month_of

MONTH = "2026-10"
START, _ = month_bounds(MONTH)  # 2026-09-30 16:00 UTC = 1 October 00:00 CST
GRIDS = pd.Index(["G1", "G2"], name="grid_id")


def at(day: int, hour: float = 10) -> datetime:
    """A naive-UTC instant on ``day`` October 2026 at ``hour`` CST."""
    return START + timedelta(days=day - 1, hours=hour)


def history():
    """A1 leads G1; S1 is G1 staff until 16 Oct, then G2; S2 is G2 staff; X1 is G1's
    community member."""
    return pd.DataFrame(
        [
            ("A1", "G1", "staff", "leader", "2024-01-01", None),
            ("S1", "G1", "staff", "staff", "2024-01-01", "2026-10-16"),
            ("S1", "G2", "staff", "staff", "2026-10-16", None),
            ("S2", "G2", "staff", "staff", "2024-01-01", None),
            ("X1", "G1", "community", "community", "2024-01-01", None),
        ],
        columns=["member_id", "grid_id", "kind", "role", "start_day", "end_day"],
    )


def job(
    jid,
    grid,
    created,
    *,
    type_="repair",
    limit_min=45,
    arrive_min=None,
    assign_min=5,
    close_min=None,
    status="done",
    member=None,
):
    made = created
    return {
        "id": jid,
        "grid_id": grid,
        "type": type_,
        "created_at": made,
        "deadline": made + timedelta(minutes=limit_min),
        "status": status,
        "member_id": member,
        "assigned_at": made + timedelta(minutes=assign_min) if assign_min is not None else None,
        "arrived_at": made + timedelta(minutes=arrive_min) if arrive_min is not None else None,
        "closed_at": made + timedelta(minutes=close_min) if close_min is not None else None,
    }


def jobs():
    rows = [
        # G1: two repairs, one on time (30 min), one late (60 min); both done by S1 while
        # in G1; one outage of 3 h done by A1
        job("J1", "G1", at(3), arrive_min=30, close_min=90, member="S1"),
        job("J2", "G1", at(5), arrive_min=60, close_min=120, member="S1"),
        job("J3", "G1", at(7), type_="outage", arrive_min=40, close_min=180, member="A1"),
        # G2: a repair done on 20 Oct by S1 (now in G2) and one done by A1 (G1's leader)
        job("J4", "G2", at(20), arrive_min=20, close_min=60, member="S1"),
        job("J5", "G2", at(21), arrive_min=50, close_min=100, member="A1"),
        # G2: could not finish (S2); last month's job (not counted)
        job("J6", "G2", at(22), arrive_min=30, close_min=70, member="S2", status="failed"),
        job("J7", "G2", at(1) - timedelta(days=3), arrive_min=10, close_min=20, member="S2"),
    ]
    frame = pd.DataFrame(rows)
    for c in ("created_at", "deadline", "assigned_at", "arrived_at", "closed_at"):
        frame[c] = pd.to_datetime(frame[c])
    return frame


def requests():
    rows = [
        # account A9 complains on 20 Sep and again on 10 Oct: one repeat in October (G1)
        ("G1", "complaint", at(1) - timedelta(days=10), "A9", None),
        ("G1", "complaint", at(10), "A9", None),
        ("G2", "complaint", at(11), "B1", None),  # a first complaint: not a repeat
        ("G1", "repair", at(3), None, "X1"),  # X1 passes on a repair: report, 1 point
        ("G1", "outage", at(7), None, "X1"),  # and an outage: liaison, 2 points
        ("G1", "repair", at(1) - timedelta(days=2), None, "X1"),  # September: not counted
    ]
    return pd.DataFrame(
        rows, columns=["grid_id", "type", "received_at", "account_no", "reported_by_member"]
    )


def customers():
    """G1: 4 customers, G2: 2. X1 verified one phone and helped one contract in October."""
    sep, octo, nov = at(1) - timedelta(days=5), at(12), at(31) + timedelta(days=2)
    rows = [
        ("G1", sep, "X1", octo, "X1", sep),
        ("G1", octo, "X1", None, None, octo),
        ("G1", None, None, None, None, nov),
        ("G1", None, None, None, None, None),
        ("G2", sep, None, sep, None, sep),
        ("G2", nov, None, None, None, None),
    ]
    frame = pd.DataFrame(
        rows,
        columns=[
            "grid_id",
            "phone_verified_at",
            "phone_verified_by",
            "contract_signed_at",
            "contract_helped_by",
            "prepaid_since",
        ],
    )
    for c in ("phone_verified_at", "contract_signed_at", "prepaid_since"):
        frame[c] = pd.to_datetime(frame[c])
    return frame


def attendance():
    """S1: 4 h scheduled on 10 Oct (in G1, attended 4) and 20 Oct (in G2, attended 2);
    S2 on 20 Oct (G2, attended 0)."""
    return pd.DataFrame(
        [
            ("S1", "2026-10-10", 4.0, 4.0),
            ("S1", "2026-10-20", 4.0, 2.0),
            ("S2", "2026-10-20", 4.0, 0.0),
            ("S2", "2026-09-20", 4.0, 4.0),  # September
        ],
        columns=["member_id", "day", "scheduled_hours", "attended_hours"],
    )


def billing():
    return pd.DataFrame(
        [("G1", MONTH, 1000.0, 950.0), ("G2", MONTH, 500.0, 500.0), ("G1", "2026-09", 9.0, 0.0)],
        columns=["grid_id", "month", "billed", "collected"],
    )


def table(month=MONTH):
    return grid_indicators(
        jobs=jobs(),
        requests=requests(),
        customers=customers(),
        billing=billing(),
        attendance=attendance(),
        history=history(),
        grids=GRIDS,
        month=month,
    )


def test_months_run_in_china_standard_time():
    start, end = month_bounds("2026-10")
    assert start == datetime(2026, 9, 30, 16)
    assert end == datetime(2026, 10, 31, 16)
    assert month_of(datetime(2026, 9, 30, 16, 30)) == "2026-10"
    assert month_bounds("2026-12")[1] == datetime(2026, 12, 31, 16)
    for bad in ("2026-13", "Oct 2026", "", "2026-1"):
        with pytest.raises(MonthError, match="YYYY-MM"):
            month_bounds(bad)


def test_a_member_who_moved_mid_month_counts_in_each_grid_for_their_days():
    stay = days_in_grid(history(), MONTH).set_index(["member_id", "grid_id"])["days"]
    assert stay[("S1", "G1")] == 15
    assert stay[("S1", "G2")] == 16
    days = pd.Series(["2026-10-15", "2026-10-16"])
    assert list(grid_on(history(), pd.Series(["S1", "S1"]), days)) == ["G1", "G2"]


def test_service_indicators():
    t = table()
    assert t.loc["G1", "on_time"] == pytest.approx(2 / 3)  # J1 (30) and J3 (40) within 45 min
    assert t.loc["G1", "arrival_min"] == 40  # median of 30, 60, 40
    assert t.loc["G1", "response_min"] == 5
    # G1: J1, J2 by S1 while in G1, J3 by A1 of G1 → all inside
    assert t.loc["G1", "solved_in_grid"] == 1.0
    # G2: J4 by S1 (in G2 since 16 Oct) inside, J5 by A1 (G1) outside; J6 failed
    assert t.loc["G2", "solved_in_grid"] == 0.5
    assert t.loc["G1", "repeat_complaints"] == pytest.approx(1 * 10_000 / 4)
    assert t.loc["G2", "repeat_complaints"] == 0


def test_production_marketing_and_fusion():
    t = table()
    assert t.loc["G1", "outage_hours"] == pytest.approx(3.0 * 1000 / 4)
    assert t.loc["G2", "outage_hours"] == 0
    assert t.loc["G1", "fee_recovery"] == 0.95
    assert t.loc["G2", "fee_recovery"] == 1.0
    assert t.loc["G1", "prepaid_share"] == 0.5  # two of four before 1 November
    # S1's 10 Oct in G1 (4 of 4); 20 Oct in G2: S1 2 of 4, S2 0 of 4
    assert t.loc["G1", "attendance"] == 1.0
    assert t.loc["G2", "attendance"] == pytest.approx(2 / 8)
    # X1: report 1 + liaison 2 + phone verified 1 + contract helped 1×3 = 7; G2 has no x
    assert t.loc["G1", "contribution"] == 7
    assert np.isnan(t.loc["G2", "contribution"])
    points = contributions(requests(), customers(), MONTH).set_index("member_id")
    assert points.loc["X1"].to_dict() == {
        "report": 1,
        "outage liaison": 1,
        "phone verified": 1,
        "contract helped": 1,
        "points": 7,
    }


def test_ranking_uses_weights_and_skips_missing_values():
    ranked = rank(table())
    assert list(ranked.columns[:2]) == ["rank", "score"]
    assert set(ranked.index) == {"G1", "G2"}
    # contribution only G1 has: scored 100 there, left out for G2 (not 0)
    assert ranked.loc["G1", "contribution score"] == 100
    assert np.isnan(ranked.loc["G2", "contribution score"])
    only_fee = rank(table(), {i.key: 0.0 for i in INDICATORS} | {"fee_recovery": 1.0})
    assert only_fee.loc["G2", "score"] == 100
    assert only_fee.loc["G1", "score"] == 0
    assert only_fee.loc["G2", "rank"] == 1


def test_a_month_with_no_data_gives_missing_values_not_errors():
    t = table("2025-03")
    assert list(t.index) == ["G1", "G2"]
    for column in ("on_time", "arrival_min", "solved_in_grid", "fee_recovery", "attendance"):
        assert t[column].isna().all(), column
    assert (t["outage_hours"] == 0).all()
    ranked = rank(t)
    assert ranked["rank"].notna().all()  # ranked on what there is (outage hours, prepaid)
    empty = rank(t[["on_time"]].reindex(columns=t.columns))
    assert empty["score"].isna().all()
    assert member_scores(
        jobs=jobs(),
        attendance=attendance(),
        history=history().iloc[0:0],
        requests=requests(),
        customers=customers(),
        month="2025-03",
    ).empty


def test_member_scores_over_the_whole_month():
    m = member_scores(
        jobs=jobs(),
        attendance=attendance(),
        history=history(),
        requests=requests(),
        customers=customers(),
        month=MONTH,
    ).set_index("member_id")
    assert m.loc["S1", "grids"] == "G1, G2"
    assert m.loc["S1", "days"] == 31
    assert m.loc["S1", "attendance_rate"] == pytest.approx(6 / 8)
    assert m.loc["S1", "tasks_done"] == 3  # J1, J2, J4
    assert m.loc["S1", "on_time"] == pytest.approx(2 / 3)  # J2 was late
    assert m.loc["S2", "tasks_done"] == 0
    assert m.loc["S2", "quality"] == 0  # one could not finish
    assert m.loc["X1", "points"] == 7
    assert np.isnan(m.loc["X1", "attendance_rate"])


def test_record_quality_at_the_months_end():
    q = record_quality(customers(), history(), GRIDS, MONTH)
    assert q.loc["G1", "customers"] == 4
    assert q.loc["G1", "phone_verified_share"] == 0.5
    assert q.loc["G1", "contracts_signed"] == 1
    assert q.loc["G2", "contracts_total"] == 1
    assert q.loc["G2", "phone_verified_share"] == 0.5  # the November one does not count
    # staff at the month's end: G1 A1; G2 S1 and S2
    assert q.loc["G1", "customers_per_staff"] == 4
    assert q.loc["G2", "customers_per_staff"] == 1
