"""The demo's year of history and its state "now"."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from dispatch.domain import JOB_TYPES, OPEN_STATUSES, REQUEST_TYPES, JobStatus

STEP_ORDER = [JobStatus.NEW, JobStatus.ASSIGNED, JobStatus.EN_ROUTE, JobStatus.ON_SITE]


@pytest.fixture(scope="module")
def t(demo_dir):
    frames = {
        n: pd.read_parquet(demo_dir / f"{n}.parquet")
        for n in (
            "requests",
            "jobs",
            "job_events",
            "assignments",
            "attendance",
            "member_status",
            "members",
            "customers",
        )
    }
    frames["as_of"] = pd.Timestamp(json.loads((demo_dir / "meta.json").read_text())["as_of_utc"])
    return frames


def test_a_year_of_requests_from_every_channel_and_type(t):
    r = t["requests"]
    assert set(r["channel"]) == {"grid", "95598", "hotline", "hall"}
    assert set(r["type"]) == set(REQUEST_TYPES)
    months = r["received_at"].dt.to_period("M").nunique()
    assert months >= 12
    assert r["received_at"].max() <= t["as_of"]
    assert r["received_at"].min() >= t["as_of"] - pd.Timedelta(days=366)
    assert (r["channel"] == "grid").mean() > 0.35  # the grid is the main channel
    assert r[["channel", "order_no"]].duplicated().sum() == 0


def test_every_request_belongs_to_one_job_and_outages_group_calls(t):
    r, jobs = t["requests"], t["jobs"]
    assert r["job_id"].isin(jobs["id"]).all()
    calls = r.groupby("job_id").size()
    assert (calls == jobs.set_index("id")["calls"].loc[calls.index]).all()
    outages = jobs[jobs["type"] == "outage"]
    assert (outages["calls"] > 1).mean() > 0.5
    assert (jobs.loc[jobs["type"] != "outage", "calls"] == 1).all()
    same_district = r.groupby("job_id")["district_id"].nunique()
    assert (same_district == 1).all()


def test_closed_jobs_went_through_every_step_in_order(t):
    jobs, events = t["jobs"], t["job_events"]
    closed = jobs[jobs["status"].isin(["done", "failed"])]
    assert len(closed) > 15_000
    sample = events[events["job_id"].isin(closed["id"].sample(500, random_state=2))]
    for _, steps in sample.groupby("job_id"):
        statuses = list(steps["status"])
        assert statuses[:4] == [str(s) for s in STEP_ORDER]
        assert statuses[4] in ("done", "failed")
        assert steps["at"].is_monotonic_increasing
    failed = closed[closed["status"] == "failed"]
    assert len(failed) > 0
    assert failed["reason"].notna().all()


def test_most_jobs_are_handled_inside_their_grid_by_a_qualified_member(t):
    jobs = t["jobs"].dropna(subset=["member_id"])
    members = t["members"].set_index("id")
    inside = (members.loc[jobs["member_id"], "grid_id"].to_numpy() == jobs["grid_id"]).mean()
    assert 0.85 < inside < 0.99
    skills = members.loc[jobs["member_id"], "skills"].to_numpy()
    need = jobs["type"].map(lambda k: JOB_TYPES[k].skill).to_numpy()
    assert all(n in s.split(",") for n, s in zip(need, skills, strict=True))


def test_open_jobs_now_and_members_consistent(t):
    jobs, status = t["jobs"], t["member_status"].set_index("member_id")
    open_jobs = jobs[jobs["status"].isin([str(s) for s in OPEN_STATUSES])]
    assert 20 <= len(open_jobs) <= 60
    assert set(open_jobs["status"]) >= {"new", "assigned"}
    on_road = open_jobs[open_jobs["status"].isin(["en_route", "on_site"])]
    assert on_road["member_id"].is_unique  # nobody is on the road to two jobs at once
    for job in on_road.itertuples():
        assert status.loc[job.member_id, "status"] == job.status
    assert (open_jobs["created_at"] <= t["as_of"]).all()


def test_attendance_rises_through_the_year(t):
    a = t["attendance"]
    staff = t["members"].query("kind == 'staff'")
    assert set(a["member_id"]) == set(staff["id"])
    a = a.assign(month=pd.to_datetime(a["day"]).dt.to_period("M"))
    rate = a.groupby("month").apply(
        lambda g: (g["attended_hours"] > 0).mean(), include_groups=False
    )
    assert rate.iloc[-3:].mean() > rate.iloc[:3].mean()
    assert 0.8 < (a["attended_hours"] > 0).mean() < 0.95
