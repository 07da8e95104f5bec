"""Grid work from the phone: a check-in opens the day's scheduled half-day, its check-out
adds the hours between, a resend is taken once, the position becomes the board's last
position; the month's attendance indicator is computed from these records alone."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from actions.evaluation import evaluate_month
from actions.field import check_in, check_out, share_position, step
from dispatch.field import GRID_WORK_HOURS, FieldError, Fix
from store import schema as s
from store.db import make_engine
from store.evaluation import records

# a month the demo holds no attendance for: what is there is what the phones recorded
MORNING = datetime(2027, 1, 5, 1, 0)  # 09:00 in the county
WHERE = {"lon": 111.857, "lat": 26.586}


@pytest.fixture
def engine(demo_db):
    return make_engine(demo_db)


def _staff(engine, grid: str = "G03") -> list[str]:
    with engine.connect() as conn:
        return list(
            conn.scalars(
                select(s.members.c.id)
                .where(s.members.c.grid_id == grid, s.members.c.kind == "staff")
                .order_by(s.members.c.id)
            )
        )


def test_a_session_checked_in_and_out_is_the_days_attendance(engine):
    member = _staff(engine)[0]
    assert check_in(engine, member, Fix(MORNING, accuracy_m=12.0, **WHERE), by="m", key="k1")
    assert not check_in(engine, member, Fix(MORNING, **WHERE), by="m", key="k1")  # a resend
    with pytest.raises(FieldError, match="already checked in"):
        check_in(engine, member, Fix(MORNING + timedelta(minutes=5), **WHERE), by="m")
    later = MORNING + timedelta(hours=3, minutes=30)
    moved = {"lon": 111.861, "lat": 26.590}
    assert share_position(engine, member, Fix(later - timedelta(hours=1), accuracy_m=20, **moved))
    assert check_out(engine, member, Fix(later, accuracy_m=15.0, **moved), by="m", key="k2") == 3.5
    assert check_out(engine, member, Fix(later, **moved), by="m", key="k2") is None  # a resend
    with pytest.raises(FieldError, match="not checked in"):
        check_out(engine, member, Fix(later + timedelta(minutes=1)), by="m")
    with pytest.raises(FieldError, match="only while you are checked in"):
        share_position(engine, member, Fix(later + timedelta(minutes=2), **moved))
    with engine.connect() as conn:
        day = conn.execute(
            select(s.attendance).where(
                s.attendance.c.member_id == member, s.attendance.c.day == "2027-01-05"
            )
        ).one()
        at = conn.execute(
            select(s.member_status).where(s.member_status.c.member_id == member)
        ).one()
        fixes = conn.scalar(
            select(func.count(s.field_fixes.c.id)).where(s.field_fixes.c.member_id == member)
        )
    assert day.scheduled_hours == GRID_WORK_HOURS
    assert day.attended_hours == 3.5
    assert day.check_in == MORNING
    assert day.check_out == later
    assert (at.lon, at.lat, at.updated_at) == (moved["lon"], moved["lat"], later)
    assert fixes == 3  # in, the shared position, out: each resend taken once


def test_a_rough_or_impossible_position_is_kept_off_the_board_or_refused(engine):
    member = _staff(engine)[1]
    with pytest.raises(FieldError, match="not on the earth"):
        check_in(engine, member, Fix(MORNING, lon=211.0, lat=26.5), by="m")
    with pytest.raises(FieldError, match="both longitude and latitude"):
        check_in(engine, member, Fix(MORNING, lon=111.8), by="m")
    with engine.connect() as conn:
        before = conn.execute(
            select(s.member_status).where(s.member_status.c.member_id == member)
        ).one()
    assert check_in(engine, member, Fix(MORNING, accuracy_m=3000.0, **WHERE), by="m")  # a cell
    with engine.connect() as conn:
        after = conn.execute(
            select(s.member_status).where(s.member_status.c.member_id == member)
        ).one()
    assert (after.lon, after.lat) == (before.lon, before.lat)  # too rough to show


def test_the_months_attendance_comes_from_the_phones_check_ins(engine):
    members = _staff(engine)[:2]
    for k, member in enumerate(members):  # one works the whole half-day, one half of it
        check_in(engine, member, Fix(MORNING, **WHERE), by="m")
        check_out(engine, member, Fix(MORNING + timedelta(hours=4 - 2 * k), **WHERE), by="m")
    indicators, scores, _quality = evaluate_month(records(engine, "2027-01", "2027-01"), "2027-01")
    assert indicators.loc["G03", "attendance"] == pytest.approx((4 + 2) / (2 * GRID_WORK_HOURS))
    mine = scores.set_index("member_id").loc[members]
    assert list(mine["attended_hours"]) == [4.0, 2.0]


def test_a_member_steps_only_their_own_job(engine):
    with engine.connect() as conn:
        job = conn.execute(
            select(s.jobs.c.id, s.jobs.c.member_id, s.jobs.c.version).where(
                s.jobs.c.status == "assigned"
            )
        ).first()
        other = conn.scalar(
            select(s.members.c.id).where(
                s.members.c.id != job.member_id, s.members.c.kind == "staff"
            )
        )
    with pytest.raises(FieldError, match="is not yours"):
        step(engine, other, job.id, "en_route", by="x", version=job.version)
    step(engine, job.member_id, job.id, "en_route", by="m", version=job.version)
    with engine.connect() as conn:
        assert conn.scalar(select(s.jobs.c.status).where(s.jobs.c.id == job.id)) == "en_route"
