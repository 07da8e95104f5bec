"""Restoration estimates from the county's own history (issue 21): on-site time by job
type, area and part of the day, with a range, falling back to coarser groups."""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd
import pytest

from dispatch.restoration import OnSite, calibrate, day_part, on_site_history, restoration

T0 = datetime(2026, 10, 1, 2, 0)  # 10:00 in the county


def _history(rows: list[tuple[str, str, datetime, float]]) -> pd.DataFrame:
    """Jobs and events as the store keeps them, from (type, area, arrival, minutes)."""
    jobs, events = [], []
    for k, (kind, area, arrived, minutes) in enumerate(rows):
        jid = f"J{k:04d}"
        jobs.append({"id": jid, "type": kind, "area_class": area, "status": "done"})
        events += [
            {"job_id": jid, "status": "new", "at": arrived - timedelta(hours=1)},
            {"job_id": jid, "status": "on_site", "at": arrived},
            {"job_id": jid, "status": "done", "at": arrived + timedelta(minutes=minutes)},
        ]
    return on_site_history(pd.DataFrame(jobs), pd.DataFrame(events))


def test_day_parts_are_the_countys_local_time() -> None:
    assert day_part(datetime(2026, 10, 1, 2, 0)) == "day"  # 10:00
    assert day_part(datetime(2026, 10, 1, 11, 0)) == "evening"  # 19:00
    assert day_part(datetime(2026, 10, 1, 15, 0)) == "night"  # 23:00
    assert day_part(datetime(2026, 10, 1, 21, 59)) == "night"  # 05:59


def test_a_type_with_history_gets_its_median_and_range() -> None:
    history = _history([("repair", "rural", T0 + timedelta(days=k), 30 + k) for k in range(41)])
    found = OnSite(history).estimate("repair", "rural", "day")
    assert found is not None
    assert found.median == pytest.approx(50.0)
    assert found.low == pytest.approx(34.0)
    assert found.high == pytest.approx(66.0)
    assert found.basis == ("repair", "rural", "day")
    assert found.n == 41


def test_few_jobs_fall_back_to_the_type_and_area_then_the_type() -> None:
    rows = [("repair", "rural", T0 + timedelta(days=k), 40.0) for k in range(30)]
    rows += [("repair", "rural", T0 + timedelta(days=k, hours=13), 90.0) for k in range(3)]
    rows += [("repair", "urban", T0 + timedelta(days=k), 20.0) for k in range(5)]
    model = OnSite(_history(rows))
    night = model.estimate("repair", "rural", "night")  # 3 at night: too few of their own
    assert night is not None
    assert night.basis == ("repair", "rural")
    assert night.n == 33
    town = model.estimate("repair", "urban", "day")  # 5 in town: the type's whole history
    assert town is not None
    assert town.basis == ("repair",)
    assert model.estimate("outage", "rural", "day") is None  # never done: no estimate


def test_restoration_is_the_arrival_plus_the_on_site_time() -> None:
    history = _history([("outage", "rural", T0 + timedelta(days=k), 60.0) for k in range(25)])
    found = OnSite(history).estimate("outage", "rural", "day")
    assert found is not None
    back = restoration(datetime(2026, 11, 26, 3, 0), found)
    assert back.at == datetime(2026, 11, 26, 4, 0)
    assert back.earliest <= back.at <= back.latest


def test_calibration_scores_the_held_back_month() -> None:
    # eight days, every hour: 30 and 50 minutes in turn (a median of 40 at any hour)
    rows = [("repair", "rural", T0 + timedelta(hours=k), 30.0 + 20 * (k % 2)) for k in range(192)]
    later = T0 + timedelta(days=30)
    rows += [("repair", "rural", later + timedelta(hours=k), 40.0) for k in range(10)]
    rows += [("repair", "rural", later + timedelta(hours=20 + k), 95.0) for k in range(10)]
    scored = calibrate(_history(rows), later)
    assert scored.jobs == 20
    assert scored.inside_share == pytest.approx(0.5)  # the 40s inside, the 95s not
    assert scored.median_abs_error_min == pytest.approx(27.5)  # |40-40|=0 and |95-40|=55
