"""What the grid's members send from their phones: a report is an ordinary request of
channel "grid" with its photo, taken once however often the phone resends it; a step
with a key is recorded once; a visit's phone check and contract help are the customer
records' sources; and the month's contribution indicator follows from these alone."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

import pytest
from PIL import Image
from sqlalchemy import func, select

from actions.evaluation import evaluate_month
from actions.field import step
from dispatch.field import FieldError
from dispatch.intake import IntakeError
from dispatch.photos import MAX_PHOTO_BYTES, photo_type
from store import schema as s
from store.db import make_engine
from store.evaluation import records
from store.intake import StoreLocator
from store.reports import help_contract, my_reports, report, verify_phone

NOON = datetime(2027, 1, 6, 4, 0)  # 12:00 in the county, a month the demo holds nothing for


def jpeg(size: tuple[int, int] = (64, 48)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(out, "JPEG")
    return out.getvalue()


@pytest.fixture
def engine(backend_db):
    return make_engine(backend_db)


@pytest.fixture
def locator(engine, demo_dir):
    return StoreLocator.from_folder(engine, demo_dir)


def _community_member_and_customer(engine, *, unsigned: bool = False) -> tuple[str, str, str]:
    """A community member, a customer of their grid, and the customer's grid."""
    m, c = s.members.c, s.customers.c
    with engine.connect() as conn:
        member, grid = conn.execute(
            select(m.id, m.grid_id).where(m.kind == "community", m.active.is_(True)).order_by(m.id)
        ).first()
        query = select(c.account_no).where(c.grid_id == grid).order_by(c.account_no)
        if unsigned:
            query = query.where(c.contract_signed_at.is_(None))
        account = conn.scalar(query)
    return member, account, grid


def _count(engine, table, *where) -> int:
    with engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(table).where(*where)))


def test_a_report_is_a_grid_request_with_its_photo_and_a_resend_adds_nothing(engine, locator):
    member, account, grid = _community_member_and_customer(engine)
    photo = jpeg()
    said = {"kind": "repair", "now": NOON, "key": "9c1f-report", "account_no": account, "by": "m",
                "description": "表箱门坏了，客户电话 13812345678", "photo": photo}  # fmt: skip
    taken = report(engine, locator, member, **said)
    again = report(engine, locator, member, **said)  # the phone resent it
    assert taken.request_id is not None
    assert taken.job_id is not None
    assert again.request_id is None
    with engine.connect() as conn:
        request = conn.execute(select(s.requests).where(s.requests.c.id == taken.request_id)).one()
        kept = conn.execute(select(s.photos)).all()
    assert (request.channel, request.reported_by_member, request.grid_id) == ("grid", member, grid)
    assert request.account_no == account
    assert [(p.request_id, p.mime, p.size, p.data) for p in kept] == [
        (taken.request_id, "image/jpeg", len(photo), photo)
    ]
    mine_now = (s.requests.c.reported_by_member == member, s.requests.c.received_at >= NOON)
    assert _count(engine, s.requests, *mine_now) == 1
    (mine,) = [r for r in my_reports(engine, member) if r.request_id == taken.request_id]
    assert (mine.job_id, mine.status) == (taken.job_id, "new")


def test_a_bad_report_or_photo_is_refused_and_nothing_is_written(engine, locator):
    member, _account, _grid = _community_member_and_customer(engine)
    before = _count(engine, s.requests)
    with pytest.raises(IntakeError, match="unknown type"):
        report(engine, locator, member, kind="fire", now=NOON, key="k1", lon=111.8, lat=26.5,
               by="m")  # fmt: skip
    with pytest.raises(IntakeError, match="outside the county"):
        report(engine, locator, member, kind="repair", now=NOON, key="k2", lon=2.0, lat=48.0,
               by="m")  # fmt: skip
    with pytest.raises(FieldError, match="JPEG or PNG"):
        report(engine, locator, member, kind="repair", now=NOON, key="k3", lon=111.8, lat=26.5,
               by="m", photo=b"GIF89a" + b"\0" * 100)  # fmt: skip
    assert _count(engine, s.requests) == before
    assert _count(engine, s.photos) == 0
    with pytest.raises(FieldError, match="at most 5 MB"):
        photo_type(b"\xff\xd8\xff" + b"\0" * MAX_PHOTO_BYTES)
    with pytest.raises(FieldError, match="damaged"):
        photo_type(b"\xff\xd8\xff" + b"\0" * 100)
    assert photo_type(jpeg()) == "image/jpeg"


def test_a_step_sent_twice_is_recorded_once(engine):
    with engine.connect() as conn:
        job = conn.execute(
            select(s.jobs.c.id, s.jobs.c.member_id, s.jobs.c.version).where(
                s.jobs.c.status == "assigned"
            )
        ).first()
    events = s.job_events.c.job_id == job.id
    before = _count(engine, s.job_events, events)
    sent = {"by": "m", "version": job.version, "key": "step-key-1", "photo": jpeg(), "note": "到了"}
    assert step(engine, job.member_id, job.id, "en_route", **sent)
    assert not step(engine, job.member_id, job.id, "en_route", **sent)  # the resend
    assert _count(engine, s.job_events, events) == before + 1
    assert _count(engine, s.photos, s.photos.c.job_id == job.id) == 1


def test_the_months_contribution_comes_from_what_members_did_on_their_phones(engine, locator):
    member, account, grid = _community_member_and_customer(engine, unsigned=True)
    with engine.connect() as conn:
        others = conn.scalar(
            select(func.count()).where(s.members.c.grid_id == grid, s.members.c.kind == "community")
        )
    report(engine, locator, member, kind="repair", now=NOON, key="a", account_no=account, by="m")
    report(engine, locator, member, kind="outage", now=NOON + timedelta(hours=1), key="b",
           account_no=account, by="m")  # fmt: skip
    verify_phone(engine, member, account, by="m", now=NOON, phone="139 0000 1111")
    help_contract(engine, member, account, by="m", now=NOON)
    with pytest.raises(FieldError, match="signed already"):
        help_contract(engine, member, account, by="m", now=NOON)
    with pytest.raises(FieldError, match="not a phone number"):
        verify_phone(engine, member, account, by="m", now=NOON, phone="call me")
    indicators, _scores, _quality = evaluate_month(records(engine, "2027-01", "2027-01"), "2027-01")
    points = 1 + 2 + 1 + 3  # a report, an outage liaison, a phone verified, a contract helped
    assert indicators.loc[grid, "contribution"] == pytest.approx(points / others)
    with engine.connect() as conn:
        customer = conn.execute(
            select(s.customers).where(s.customers.c.account_no == account)
        ).one()
        trail = conn.scalars(
            select(s.audit.c.after).where(s.audit.c.action == "verify phone")
        ).all()
    assert (customer.phone, customer.phone_verified_by) == ("13900001111", member)
    assert trail == ['{"phone": "139****1111"}']


def test_a_member_helps_only_with_their_own_grids_customers(engine):
    member, _account, grid = _community_member_and_customer(engine)
    with engine.connect() as conn:
        elsewhere = conn.scalar(
            select(s.customers.c.account_no).where(s.customers.c.grid_id != grid)
        )
    with pytest.raises(FieldError, match="in your grid"):
        verify_phone(engine, member, elsewhere, by="m", now=NOON)
