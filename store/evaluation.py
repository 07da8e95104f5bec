"""What the monthly evaluation reads from the store, and what it writes: the grid
leaders' reviews of their members and the ranking's weights."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pandas as pd
from sqlalchemy import Connection, Engine, Executable, and_, func, or_, select

from dispatch.clock import CHINA_OFFSET, real_now
from dispatch.evaluation import BY_KEY, INDICATORS
from dispatch.membership import month_bounds
from i18n import _
from store import schema as s
from store.audit import audit_row, record
from store.db import transaction
from store.errors import StoreError

WEIGHTS_KEY = "evaluation_weights"
NOTE_MAX = 2000
LOOK_BACK = timedelta(days=31)  # repeat complaints look 30 days before the month


@dataclass(frozen=True)
class Records:
    """The frames ``dispatch.evaluation`` reads, for a span of months."""

    jobs: pd.DataFrame
    requests: pd.DataFrame
    customers: pd.DataFrame
    billing: pd.DataFrame
    attendance: pd.DataFrame
    history: pd.DataFrame
    grids: pd.Index
    #: the second of a crew on each job (job id, member id): a crew's work is each of theirs
    mates: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["job_id", "member_id"])
    )


def _frame(conn: Connection, query: Executable) -> pd.DataFrame:
    result = conn.execute(query)
    return pd.DataFrame(result.all(), columns=list(result.keys()))


def records(engine: Engine, first: str, last: str) -> Records:
    """Everything the months ``first``..``last`` need (customers as they are now)."""
    since, _ = month_bounds(first)
    _, until = month_bounds(last)
    since -= LOOK_BACK
    arrived = (
        select(s.job_events.c.job_id, func.min(s.job_events.c.at).label("arrived_at"))
        .where(s.job_events.c.status == "on_site")
        .group_by(s.job_events.c.job_id)
        .subquery()
    )
    assigned = (
        select(s.assignments.c.job_id, func.min(s.assignments.c.assigned_at).label("assigned_at"))
        .group_by(s.assignments.c.job_id)
        .subquery()
    )
    j = s.jobs.c
    in_span = or_(
        and_(j.created_at >= since, j.created_at < until),
        and_(j.closed_at >= since, j.closed_at < until),
    )
    first_day = (since + CHINA_OFFSET).strftime("%Y-%m-%d")
    last_day = (until + CHINA_OFFSET).strftime("%Y-%m-%d")
    with engine.connect() as conn:
        jobs = _frame(
            conn,
            select(
                j.id,
                j.grid_id,
                j.type,
                j.created_at,
                j.deadline,
                j.status,
                j.member_id,
                j.closed_at,
                arrived.c.arrived_at,
                assigned.c.assigned_at,
            )
            .outerjoin(arrived, arrived.c.job_id == j.id)
            .outerjoin(assigned, assigned.c.job_id == j.id)
            .where(in_span),
        )
        r = s.requests.c
        requests = _frame(
            conn,
            select(r.grid_id, r.type, r.received_at, r.account_no, r.reported_by_member).where(
                and_(r.received_at >= since, r.received_at < until)
            ),
        )
        c = s.customers.c
        customers = _frame(
            conn,
            select(
                c.grid_id,
                c.phone_verified_at,
                c.phone_verified_by,
                c.contract_signed_at,
                c.contract_helped_by,
                c.prepaid_since,
            ),
        )
        months = [p.strftime("%Y-%m") for p in pd.period_range(first, last, freq="M")]
        billing = _frame(
            conn,
            select(
                s.districts.c.grid_id, s.billing.c.month, s.billing.c.billed, s.billing.c.collected
            )
            .join(s.districts, s.districts.c.id == s.billing.c.district_id)
            .where(s.billing.c.month.in_(months)),
        )
        a = s.attendance.c
        attendance = _frame(
            conn,
            select(a.member_id, a.day, a.scheduled_hours, a.attended_hours).where(
                and_(a.day >= first_day, a.day < last_day)
            ),
        )
        h = s.member_history.c
        history = _frame(
            conn, select(h.member_id, h.grid_id, h.kind, h.role, h.start_day, h.end_day)
        )
        a2 = s.assignments.c
        mates = _frame(
            conn,
            select(a2.job_id, a2.member_id)
            .join(s.jobs, j.id == a2.job_id)
            .where(a2.active.is_(True), a2.member_id != j.member_id, in_span),
        )
        grids = pd.Index(
            sorted(conn.scalars(select(s.districts.c.grid_id).distinct())), name="grid_id"
        )
    for frame, columns in (
        (jobs, ("created_at", "deadline", "closed_at", "arrived_at", "assigned_at")),
        (requests, ("received_at",)),
        (customers, ("phone_verified_at", "contract_signed_at", "prepaid_since")),
    ):
        for column in columns:
            frame[column] = pd.to_datetime(frame[column])
    history["end_day"] = history["end_day"].where(history["end_day"].notna(), None)
    return Records(jobs, requests, customers, billing, attendance, history, grids, mates)


def months_with_data(engine: Engine) -> list[str]:
    """The CST months from the first request to the store's latest, newest first."""
    with engine.connect() as conn:
        low, high = conn.execute(
            select(func.min(s.requests.c.received_at), func.max(s.requests.c.received_at))
        ).one()
    if low is None:
        return []
    span = pd.period_range(
        (pd.Timestamp(low) + CHINA_OFFSET).to_period("M"),
        (pd.Timestamp(high) + CHINA_OFFSET).to_period("M"),
    )
    return [p.strftime("%Y-%m") for p in reversed(span)]


# ---- the ranking's weights ------------------------------------------------------------


def weights(engine: Engine) -> dict[str, float]:
    """The weights in use: the defaults, overridden by what was saved."""
    with engine.connect() as conn:
        text = conn.scalar(select(s.meta.c.value).where(s.meta.c.key == WEIGHTS_KEY))
    saved = json.loads(text) if text else {}
    return {i.key: float(saved.get(i.key, i.weight)) for i in INDICATORS}


def save_weights(
    engine: Engine, new: dict[str, float], *, by: str, now: datetime | None = None
) -> None:
    unknown = sorted(set(new) - set(BY_KEY))
    if unknown:
        msg = _("unknown indicator(s): {names}").format(names=_(", ").join(unknown))
        raise StoreError(msg)
    for key, value in new.items():
        if not isinstance(value, int | float) or not math.isfinite(value) or not 0 <= value <= 100:
            msg = _("{indicator}: a weight is a number from 0 to 100, got {value}").format(
                indicator=BY_KEY[key].label, value=repr(value)
            )
            raise StoreError(msg)
    if not any(new.values()):
        msg = _("at least one indicator needs a weight above 0")
        raise StoreError(msg)
    before = weights(engine)
    now = now or real_now()
    with transaction(engine) as conn:
        conn.execute(s.meta.delete().where(s.meta.c.key == WEIGHTS_KEY))
        conn.execute(s.meta.insert().values(key=WEIGHTS_KEY, value=json.dumps(new)))
        record(conn, audit_row(now, by, "set", "evaluation weights", None, before, new))


# ---- the grid leader's reviews -----------------------------------------------------------


def reviews(engine: Engine, month: str) -> pd.DataFrame:
    month_bounds(month)
    r = s.member_reviews.c
    with engine.connect() as conn:
        return _frame(
            conn, select(r.member_id, r.rating, r.note, r.by, r.at).where(r.month == month)
        )


def save_review(
    engine: Engine,
    member_id: str,
    month: str,
    *,
    rating: int | None,
    note: str,
    by: str,
    now: datetime | None = None,
) -> None:
    """The leader's rating (1–5, optional) and note for a member's month; replaces an
    earlier one (kept in the audit trail)."""
    month_bounds(month)
    if rating is not None and (isinstance(rating, bool) or rating not in range(1, 6)):
        msg = _("a rating is 1 to 5, got {value}").format(value=repr(rating))
        raise StoreError(msg)
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        msg = _("a note holds at most {most} characters, this one {n}").format(
            most=NOTE_MAX, n=len(note)
        )
        raise StoreError(msg)
    now = now or real_now()
    key = and_(s.member_reviews.c.member_id == member_id, s.member_reviews.c.month == month)
    with transaction(engine) as conn:
        if conn.scalar(select(s.members.c.id).where(s.members.c.id == member_id)) is None:
            msg = _("unknown member {member}").format(member=repr(member_id))
            raise StoreError(msg)
        old = conn.execute(
            select(s.member_reviews.c.rating, s.member_reviews.c.note).where(key)
        ).first()
        conn.execute(s.member_reviews.delete().where(key))
        conn.execute(
            s.member_reviews.insert().values(
                member_id=member_id, month=month, rating=rating, note=note or None, by=by, at=now
            )
        )
        before = None if old is None else {"rating": old.rating, "note": old.note}
        after = {"month": month, "rating": rating, "note": note}
        record(conn, audit_row(now, by, "review", "member", member_id, before, after))
