"""Customer records for the people who serve them: found by account, name, address or
the caller's number; phone and ID numbers leave the store masked, and in full only one
record and one field at a time, with a reason, into the audit trail."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

import pandas as pd
from sqlalchemy import ColumnElement, Engine, and_, func, or_, select

from dispatch.clock import real_now
from dispatch.privacy import mask_id_number, mask_phone
from i18n import N_, Words, _
from store import schema as s
from store.audit import audit_row, need_reason, record, record_unmask
from store.db import transaction
from store.errors import StoreError
from store.queries import scrubbed as _scrubbed

LIMIT = 50
PHONE_SEARCH = "search by phone"
PHONE_SEARCHES_PER_HOUR = 30
#: The numbers a role that may can see in full, in words.
UNMASKABLE = Words({"phone": N_("phone"), "id_number": N_("ID number")})
_DIGITS = re.compile(r"\D")


@dataclass(frozen=True)
class Customer:
    """One customer as shown: personal numbers masked."""

    account_no: str
    name: str
    address: str
    phone: str  # masked
    id_number: str  # masked
    district: str
    community: str
    grid_id: str
    grid: str
    phone_verified_at: datetime | None
    contract_signed_at: datetime | None
    prepaid_since: datetime | None
    requests: pd.DataFrame  # the latest, newest first


def find(
    engine: Engine,
    text: str,
    *,
    by: str,
    grids: Collection[str] | None = None,
    now: datetime | None = None,
) -> pd.DataFrame:
    """Customers whose account number starts with the digits typed or whose phone is
    exactly that number (a caller giving theirs); for other text, whose name or address
    holds it. At most ``LIMIT``, phones and ID numbers masked. ``grids`` limits the
    search (a grid leader).

    A search by a whole phone number is in the audit trail (masked), and each user may
    make ``PHONE_SEARCHES_PER_HOUR`` of them: a masked number (138****5678) leaves ten
    thousand candidates, and trying them one search at a time must not be how one is
    found."""
    text = text.strip()
    c = s.customers.c
    columns = ["account_no", "name", "address", "phone", "id_number", "grid_id", "district_id"]
    if len(text) < 2:
        return pd.DataFrame(columns=columns)
    digits = _DIGITS.sub("", text)
    if digits and len(digits) == len(text.replace(" ", "").replace("-", "")):
        # digits only: an account number (or its start) or a caller's whole number,
        # both found through an index
        matches = [_starts_with(c.account_no, digits)]
        if len(digits) >= 7:
            _phone_search(engine, digits, by, now or real_now())
            matches.append(c.phone == digits)
    else:
        pattern = f"%{text.replace('%', '').replace('_', '')}%"
        matches = [c.name.ilike(pattern), c.address.ilike(pattern)]
    query = select(*(getattr(c, k) for k in columns)).where(or_(*matches))
    if grids is not None:
        query = query.where(c.grid_id.in_(list(grids)))
    query = query.order_by(c.account_no).limit(LIMIT)
    with engine.connect() as conn:
        result = conn.execute(query)
        rows = pd.DataFrame(result.all(), columns=list(result.keys()))
    rows["phone"] = rows["phone"].map(mask_phone)
    rows["id_number"] = rows["id_number"].map(mask_id_number)
    return rows


def _phone_search(engine: Engine, digits: str, by: str, now: datetime) -> None:
    """Count and audit a search by a whole number; refused past the hour's allowance."""
    a = s.audit.c
    with transaction(engine) as conn:
        done = (
            conn.scalar(
                select(func.count())
                .select_from(s.audit)
                .where(a.user == by, a.action == PHONE_SEARCH, a.at > now - timedelta(hours=1))
            )
            or 0
        )
        if done >= PHONE_SEARCHES_PER_HOUR:
            msg = _(
                "{n} searches by phone number in the last hour: search "
                "by account number, name or address, or wait"
            ).format(n=PHONE_SEARCHES_PER_HOUR)
            raise StoreError(msg)
        record(conn, audit_row(now, by, PHONE_SEARCH, "customer", None, None, mask_phone(digits)))


def _starts_with(column: ColumnElement[str], digits: str) -> ColumnElement[bool]:
    """``column`` starts with ``digits``, as a range an index serves on either database
    (a LIKE prefix does not under SQLite's default case rules or PostgreSQL's locales)."""
    within = column.like(f"{digits}%")
    if set(digits) == {"9"}:
        return and_(column >= digits, within)
    upper = str(int(digits) + 1).zfill(len(digits))
    return and_(column >= digits, column < upper, within)


def customer(engine: Engine, account_no: str, *, grids: Collection[str] | None = None) -> Customer:
    """One customer's record, masked, with their latest requests; an unknown account (or
    one outside ``grids``) is refused by name."""
    c, d, m, g = s.customers.c, s.districts.c, s.communities.c, s.grids.c
    query = (
        select(
            c.account_no,
            c.name,
            c.address,
            c.phone,
            c.id_number,
            d.name.label("district"),
            m.name.label("community"),
            c.grid_id,
            g.name.label("grid"),
            c.phone_verified_at,
            c.contract_signed_at,
            c.prepaid_since,
        )
        .join(s.districts, d.id == c.district_id)
        .join(s.communities, m.id == c.community_id)
        .join(s.grids, g.id == c.grid_id)
        .where(c.account_no == account_no)
    )
    r = s.requests.c
    latest = (
        select(r.id, r.received_at, r.channel, r.type, r.description, r.job_id)
        .where(r.account_no == account_no)
        .order_by(r.received_at.desc())
        .limit(20)
    )
    with engine.connect() as conn:
        row = conn.execute(query).first()
        if row is None or (grids is not None and row.grid_id not in grids):
            msg = _("no customer with account number {account!r}").format(account=account_no)
            raise StoreError(msg)
        result = conn.execute(latest)
        requests = pd.DataFrame(result.all(), columns=list(result.keys()))
    requests["description"] = requests["description"].map(_scrubbed)
    values = row._asdict()
    values["phone"] = mask_phone(values["phone"])
    values["id_number"] = mask_id_number(values["id_number"])
    return Customer(**values, requests=requests)


def unmask(engine: Engine, account_no: str, field: str, *, by: str, why: str) -> str:
    """One customer's phone or ID number in full, for a role that may see it; the
    unmasking (who, which record, which field, why) is in the audit trail."""
    if field not in UNMASKABLE:
        msg = _("only {fields} can be shown in full, not {field!r}").format(
            fields=_(", ").join(UNMASKABLE.values()), field=field
        )
        raise StoreError(msg)
    why = need_reason(why, UNMASKABLE[field])
    column = s.customers.c[field]
    with transaction(engine) as conn:
        row = conn.execute(select(column).where(s.customers.c.account_no == account_no)).first()
        if row is None:
            msg = _("no customer with account number {account!r}").format(account=account_no)
            raise StoreError(msg)
        if not row[0]:
            msg = _("customer {account} has no {field} on record").format(
                account=account_no, field=UNMASKABLE[field]
            )
            raise StoreError(msg)
        record_unmask(conn, by, "customer", account_no, field, why)
    return str(row[0])
