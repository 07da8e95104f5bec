"""Reads for the scenarios and replays: past requests in a span, accounts by district."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pandas as pd
from sqlalchemy import Engine, Row, and_, select

from store import schema as s
from store.queries import _reading


def requests_between(
    engine: Engine, since: datetime, until: datetime, *, not_prefixed: str = ""
) -> list[Row[*tuple[Any, ...]]]:
    """The requests received in [since, until], oldest first (those whose order number
    starts with ``not_prefixed`` left out)."""
    where = and_(s.requests.c.received_at >= since, s.requests.c.received_at <= until)
    if not_prefixed:
        where = and_(where, ~s.requests.c.order_no.like(f"{not_prefixed}%"))
    with _reading(engine) as conn:
        return list(
            conn.execute(select(s.requests).where(where).order_by(s.requests.c.received_at)).all()
        )


def accounts_in(engine: Engine, districts: list[str]) -> list[Row[str, str]]:
    """The customer accounts (account_no, district_id) of these districts, by account."""
    with _reading(engine) as conn:
        return list(
            conn.execute(
                select(s.customers.c.account_no, s.customers.c.district_id)
                .where(s.customers.c.district_id.in_(sorted(districts)))
                .order_by(s.customers.c.account_no)
            ).all()
        )


def on_site_steps(engine: Engine, types: tuple[str, ...]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The done jobs of these types and their on-site and done steps, as
    `dispatch.restoration.on_site_history` reads them (jobs, events)."""
    done = and_(s.jobs.c.status == "done", s.jobs.c.type.in_(types))
    with _reading(engine) as conn:
        jobs = pd.DataFrame(
            conn.execute(
                select(s.jobs.c.id, s.jobs.c.type, s.jobs.c.area_class, s.jobs.c.status).where(done)
            ).all(),
            columns=["id", "type", "area_class", "status"],
        )
        events = pd.DataFrame(
            conn.execute(
                select(s.job_events.c.job_id, s.job_events.c.status, s.job_events.c.at)
                .join(s.jobs, s.jobs.c.id == s.job_events.c.job_id)
                .where(done, s.job_events.c.status.in_(["on_site", "done"]))
            ).all(),
            columns=["job_id", "status", "at"],
        )
    events["at"] = pd.to_datetime(events["at"])
    return jobs, events
