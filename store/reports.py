"""What the grid's members report and help with from their phones: a report becomes an
ordinary request through the intake (channel "grid": checked, clustered with other
calls, all or nothing) with its photo, and the reporter follows it; a visit confirms or
corrects a customer's phone or records a contract helped. These rows are the sources of
the contribution indicator (`dispatch.evaluation.contributions`)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, select, update

from dispatch.domain import Channel
from dispatch.field import FieldError
from dispatch.intake import Locator, validate
from dispatch.photos import photo_type
from dispatch.privacy import mask_phone, phone_problem
from i18n import _
from store import schema as s
from store.audit import audit_row, record
from store.db import transaction
from store.field import add_photo
from store.intake import ImportResult, import_records


@dataclass(frozen=True, slots=True)
class Reported:
    """A report taken: its request and the job it joined or opened (None for a resend)."""

    request_id: str | None
    job_id: str | None
    joined: bool  # an open outage's job took it as one more call
    result: ImportResult  # the intake's own account (its new urgent jobs to place)


@dataclass(frozen=True, slots=True)
class MyReport:
    request_id: str
    received_at: datetime
    type: str
    description: str | None
    job_id: str | None
    status: str | None


def report(
    engine: Engine,
    locator: Locator,
    member_id: str,
    *,
    kind: str,
    now: datetime,
    key: str,
    lon: float | None = None,
    lat: float | None = None,
    account_no: str | None = None,
    description: str | None = None,
    photo: bytes | None = None,
    by: str,
) -> Reported:
    """The member's report as a request of channel "grid" (an `IntakeError` naming what
    is wrong, nothing written); its order number comes from the phone's ``key``, so a
    resend is the same order and adds nothing."""
    if photo is not None:
        photo_type(photo)
    row = {
        "order_no": f"F-{member_id}-{key}"[:64],
        "channel": Channel.GRID.value,
        "received_at": now.replace(tzinfo=UTC).isoformat(),
        "type": kind,
        "account_no": account_no,
        "lon": lon,
        "lat": lat,
        "description": description,
    }
    records = [replace(r, member=member_id) for r in validate([row], locator, now=now)]

    def with_photo(conn: Connection, result: ImportResult) -> None:
        if photo is not None and result.requests:
            add_photo(conn, member_id, photo, now, request_id=result.requests[0])

    result = import_records(engine, records, by=by, now=now, then=with_photo)
    if not result.requests:
        return Reported(None, None, joined=False, result=result)
    with engine.connect() as conn:
        job = conn.scalar(select(s.requests.c.job_id).where(s.requests.c.id == result.requests[0]))
    return Reported(result.requests[0], job, joined=bool(result.joined), result=result)


def my_reports(engine: Engine, member_id: str, *, limit: int = 20) -> list[MyReport]:
    """The member's reports, newest first, each with its job's status now."""
    r, j = s.requests.c, s.jobs.c
    with engine.connect() as conn:
        rows = conn.execute(
            select(r.id, r.received_at, r.type, r.description, r.job_id, j.status)
            .outerjoin(s.jobs, j.id == r.job_id)
            .where(r.reported_by_member == member_id)
            .order_by(r.received_at.desc(), r.id.desc())
            .limit(limit)
        ).all()
    return [MyReport(*row) for row in rows]


def _in_grid(conn: Connection, member_id: str, account_no: str) -> str | None:
    """The customer's phone when the customer is in the member's grid; FieldError else."""
    member_grid = conn.scalar(select(s.members.c.grid_id).where(s.members.c.id == member_id))
    row = conn.execute(
        select(s.customers.c.grid_id, s.customers.c.phone).where(
            s.customers.c.account_no == account_no
        )
    ).first()
    if row is None or row.grid_id != member_grid:
        raise FieldError(_("no customer {account} in your grid").format(account=repr(account_no)))
    return None if row.phone is None else str(row.phone)


def verify_phone(
    engine: Engine, member_id: str, account_no: str, *, by: str, now: datetime,
    phone: str | None = None,
) -> None:  # fmt: skip
    """On a visit: the customer's phone is right (``phone`` None) or is ``phone``. The
    record-quality indicator counts it; the audit keeps the numbers masked."""
    if phone is not None:
        phone = "".join(phone.split())
        wrong = phone_problem(phone)
        if wrong:
            raise FieldError(_("phone: {what}").format(what=wrong))
    c = s.customers.c
    with transaction(engine) as conn:
        before = _in_grid(conn, member_id, account_no)
        values: dict[str, object] = {"phone_verified_at": now, "phone_verified_by": member_id}
        if phone is not None:
            values["phone"] = phone
        conn.execute(update(s.customers).where(c.account_no == account_no).values(**values))
        shown = {"phone": mask_phone(phone or before or "")}
        record(
            conn,
            audit_row(now, by, "verify phone", "customer", account_no,
                      {"phone": mask_phone(before or "")}, shown),
        )  # fmt: skip


def help_contract(engine: Engine, member_id: str, account_no: str, *, by: str,
                  now: datetime) -> None:  # fmt: skip
    """On a visit: the member helped the customer sign their supply contract."""
    c = s.customers.c
    with transaction(engine) as conn:
        _in_grid(conn, member_id, account_no)
        signed = conn.scalar(select(c.contract_signed_at).where(c.account_no == account_no))
        if signed is not None:
            raise FieldError(_("{account} has signed already").format(account=account_no))
        conn.execute(
            update(s.customers)
            .where(c.account_no == account_no)
            .values(contract_signed_at=now, contract_helped_by=member_id)
        )
        record(conn, audit_row(now, by, "contract helped", "customer", account_no))
